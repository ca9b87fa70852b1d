import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allocationChartInput } from '../src/answers/allocation/chart.ts';
import { ALLOCATION_FIT_SEED, currentSpendPerPeriod, recommendSplit } from '../src/answers/allocation/budget-request.ts';
import { channelLimits } from '../src/answers/allocation/reasons.ts';
import { loadWeeklyMix } from '../src/answers/allocation/weekly-input.ts';
import { allocationSpec, renderChart } from '../src/charts/index.ts';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/index.ts';
import { allocationUncertainty, bootstrapMix, fitMarketingMix, samplePosterior } from '../src/ml/mmm/index.ts';
import { ImportsRepository } from '../src/repos/imports.ts';
import { MarketingRepository } from '../src/repos/marketing.ts';

/**
 * The allocate job's steps on the demo data (seed 42), timed one by one in this process as the job runs
 * them: load the weeks, fit, bootstrap (ranges), posterior draws, split the monthly budget, the ranges, draw the chart. Best of `runs`
 * (the first run also pays for loading the chart renderer).
 */
export async function timeDemoJob(runs = 3): Promise<void> {
  const handle = openDatabase(':memory:');
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-allocate-bench-'));
  try {
    await seedDemo(handle.db, { seed: 42 });
    const steps: Record<string, number[]> = {};
    let step = 1;
    const time = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      (steps[name] ??= []).push(performance.now() - started);
      return result;
    };
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const { input, outcome } = await time('load', () => loadWeeklyMix(new MarketingRepository(handle.db), new ImportsRepository(handle.db)));
      const model = await time('fit', () => fitMarketingMix(input, { seed: ALLOCATION_FIT_SEED }));
      const budget = Object.values(currentSpendPerPeriod(input, 52 / 12)).reduce((s, v) => s + v, 0);
      const request = { budget, period: 'month' as const, bounds: {}, locks: [] };
      const bootstrap = await time('bootstrap', () => bootstrapMix(input, model, ALLOCATION_FIT_SEED));
      const posterior = await time('posterior', () => samplePosterior(input, model, ALLOCATION_FIT_SEED));
      const allocation = await time('split', () => recommendSplit(model, input, request, posterior));
      step = allocation.step;
      await time('ranges', () => allocationUncertainty(bootstrap, allocation));
      const chart = allocationChartInput(model, allocation, { outcome, period: 'month' }, channelLimits(allocation, request), bootstrap);
      await time('chart', () => renderChart(allocationSpec(chart), path.join(dir, `allocation-${run}.png`)));
      (steps.total ??= []).push(performance.now() - started);
    }
    console.log(`\nallocate job steps on the demo data (${runs} runs, ms: best / each):`);
    for (const [name, times] of Object.entries(steps)) {
      console.log(`  ${name.padEnd(10)} ${Math.min(...times).toFixed(0).padStart(6)}   ${times.map((t) => t.toFixed(0)).join(' ')}`);
    }
    console.log(`  the split goes ${(100 * step).toFixed(0)} % of the way from today's mix to the best split on average over the posterior draws (src/ml/mmm/caution.ts)`);
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
