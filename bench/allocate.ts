import { existsSync } from 'node:fs';
import path from 'node:path';
import { allocateOnCurves, allocateBudget, fitMarketingMix, type AllocationChannel } from '../src/ml/mmm/index.ts';
import { oracleMarkets } from './allocate-oracle.ts';
import { simulatedMarkets } from './allocate-simulated.ts';
import { timeDemoJob } from './allocate-demo.ts';
import { createRandom } from '../src/ml/random.ts';
import { MMM_FILES, readMixFile } from '../test/support/mmm-files.ts';

/**
 * `npm run bench -- allocate [--data DIR]`: fits each marketing-mix file in DIR (default ../shared/data/mmm),
 * prints fit quality, per-channel ROAS / marginal ROAS and the recommended split of the recent weekly budget,
 * then times the optimiser alone on a synthetic 10-channel model and the allocation job's steps on the demo data.
 * `--simulate N [--first S]`: only the N simulated markets from seed S (allocate-simulated.ts); with `--oracle`, what
 * oracles told the true curve shapes reach on them (allocate-oracle.ts). `--demo`: only the demo job's times.
 */
export default async function (args: string[]): Promise<void> {
  const simulate = args.indexOf('--simulate');
  const first = args.indexOf('--first');
  if (simulate >= 0 && args.includes('--oracle')) return oracleMarkets(Number(args[simulate + 1] ?? 50), first >= 0 ? Number(args[first + 1]) : 1);
  if (simulate >= 0) return simulatedMarkets(Number(args[simulate + 1] ?? 50), first >= 0 ? Number(args[first + 1]) : 1);
  if (args.includes('--demo')) return timeDemoJob();
  const dataFlag = args.indexOf('--data');
  const dir = dataFlag >= 0 ? args[dataFlag + 1] : path.resolve(process.cwd(), '..', 'shared', 'data', 'mmm');
  for (const file of MMM_FILES) {
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      console.log(`[skip] ${full} is missing`);
      continue;
    }
    reportFile(file, full);
  }
  timeSolver();
  await timeDemoJob();
}

function reportFile(file: string, full: string): void {
  const input = readMixFile(full);
  const started = performance.now();
  const model = fitMarketingMix(input, { seed: 1 });
  const fitMs = performance.now() - started;
  const allocation = allocateBudget(model);
  console.log(`\n${file}: ${input.weeks.length} weeks, ${input.channels.length} channels, fit ${fitMs.toFixed(0)} ms`);
  console.log(
    `  R² ${model.fit.r2.toFixed(3)}  NRMSE ${model.fit.nrmse.toFixed(3)}  |  hold-out (last ${model.validation.validationWeeks} weeks) R² ${model.validation.r2.toFixed(3)}  NRMSE ${model.validation.nrmse.toFixed(3)}`,
  );
  console.log('  channel       share  ROAS     mROAS    decay halfSat     shape  current/wk   recommended/wk');
  model.channels.forEach((c, i) => {
    const a = allocation.channels[i];
    console.log(
      `  ${c.name.padEnd(12)} ${(100 * c.shareOfMedia).toFixed(1).padStart(5)}% ${fmt(c.roas)} ${fmt(c.marginalRoas)} ${c.response.decay.toFixed(2).padStart(5)} ${fmt(c.response.halfSat, 11)} ${c.response.shape.toFixed(2).padStart(5)} ${fmt(a.current, 11)} ${fmt(a.recommended, 13)}`,
    );
  });
  console.log(
    `  budget ${fmt(allocation.budget, 0)}/week: expected media outcome ${fmt(allocation.expectedTotalCurrent, 0)} → ${fmt(allocation.expectedTotal, 0)} (lift ${allocation.expectedLiftPct.toFixed(2)} %)`,
  );
}

function timeSolver(solves = 200): void {
  const random = createRandom(42);
  const channels: AllocationChannel[] = Array.from({ length: 10 }, (_, i) => ({
    name: `channel${i}`,
    response: { decay: 0.7 * random(), halfSat: 500 + 2000 * random(), shape: 0.8 + 2.4 * random(), beta: 1000 + 4000 * random() },
    currentWeeklySpend: 300 + 1500 * random(),
  }));
  const times: number[] = [];
  for (let i = 0; i < solves + 20; i++) {
    const started = performance.now();
    allocateOnCurves(channels, { scenarioFactors: [] });
    if (i >= 20) times.push(performance.now() - started); // the first 20 warm the JIT up
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(`\noptimiser, 10 channels, ${solves} solves (default bounds, 400-step grid + polish, no scenarios):`);
  console.log(`  median ${at(0.5).toFixed(2)} ms   p99 ${at(0.99).toFixed(2)} ms   max ${times[times.length - 1].toFixed(2)} ms`);
}

function fmt(value: number, width = 8): string {
  const text = Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3);
  return text.padStart(width);
}
