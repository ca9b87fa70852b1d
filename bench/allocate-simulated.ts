import { checkCoverage, quantile, scoreMarket } from '../test/support/mmm-markets.ts';

/**
 * `npm run bench -- allocate --simulate N [--first S]`: Pulse's allocation on N seeded simulated markets
 * (seeds S..S+N−1, default 1..N, src/ml/mmm/simulate.ts), each scored against its true optimum under the
 * same budget and bounds (test/support/mmm-markets.ts), beside the best split of the fitted curves alone
 * and what keeping today's split reaches; and how often the true ROAS at today's spend falls inside the
 * 80 % range. Seeds 1–50 tuned the range's widening, the caution and the posterior split; 51–100 check them.
 */
export async function simulatedMarkets(count: number, first = 1): Promise<void> {
  const achieved: number[] = [];
  const fittedOptimum: number[] = [];
  const keep: number[] = [];
  const steps: number[] = [];
  let inside = 0;
  let insideMarginal = 0;
  let channels = 0;
  let unclear = 0;
  const fitMs: number[] = [];
  const bootMs: number[] = [];
  const postMs: number[] = [];
  console.log('seed  ch  weeks  Pulse %  fit-opt %  keep %  step  ROAS in 80 % range   lift 80 % range       fit ms  bootstrap ms  posterior ms');
  for (let seed = first; seed < first + count; seed++) {
    const score = scoreMarket(seed);
    const coverage = checkCoverage(score);
    achieved.push(score.achieved);
    fittedOptimum.push(score.achievedAtFittedOptimum);
    keep.push(score.keepToday);
    steps.push(score.allocation.step);
    inside += coverage.inside.filter(Boolean).length;
    insideMarginal += coverage.insideMarginal.filter(Boolean).length;
    channels += coverage.inside.length;
    if (!coverage.uncertainty.clearGain) unclear++;
    fitMs.push(score.fitMs);
    bootMs.push(score.bootstrapMs);
    postMs.push(score.posteriorMs);
    const { lowPct, highPct } = coverage.uncertainty.lift;
    console.log(
      `${String(seed).padStart(4)}  ${String(score.channels).padStart(2)}  ${String(score.weeks).padStart(5)}  ${pct(score.achieved)}  ${pct(score.achievedAtFittedOptimum, 9)}  ${pct(score.keepToday)}  ${score.allocation.step.toFixed(1).padStart(4)}  ` +
        `${`${coverage.inside.filter(Boolean).length}/${coverage.inside.length}`.padStart(19)}  ${`${lowPct.toFixed(1)} % … ${highPct.toFixed(1)} %`.padStart(20)}  ${score.fitMs.toFixed(0).padStart(6)}  ${score.bootstrapMs.toFixed(0).padStart(12)}  ${score.posteriorMs.toFixed(0).padStart(12)}`,
    );
  }
  console.log(`\nShare of the true optimal response over ${count} markets, seeds ${first}–${first + count - 1} (weekly budget = today's total, Pulse's default bounds):`);
  console.log('                    min      p10   median     mean');
  console.log(`  Pulse          ${distribution(achieved)}`);
  console.log(`  fitted optimum ${distribution(fittedOptimum)}   (the best split of the fitted curves alone)`);
  console.log(`  keep today     ${distribution(keep)}`);
  console.log(`  markets below 98 %: Pulse ${achieved.filter((v) => v < 0.98).length}, fitted optimum ${fittedOptimum.filter((v) => v < 0.98).length} of ${count}`);
  console.log(`  moves cut short by the caution: ${steps.filter((s) => s < 1).length} of ${count} (kept at today's mix: ${steps.filter((s) => s === 0).length})`);
  console.log(`True ROAS at today's spend inside the 80 % range: ${inside} of ${channels} channels (${((100 * inside) / channels).toFixed(1)} %)`);
  console.log(`True marginal ROAS at today's spend inside its 80 % range: ${insideMarginal} of ${channels} channels (${((100 * insideMarginal) / channels).toFixed(1)} %)`);
  console.log(`Recommendations whose lift range includes zero ("no clear gain"): ${unclear} of ${count}`);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  console.log(`Fit ms median ${quantile(sorted(fitMs), 0.5).toFixed(0)}, max ${Math.max(...fitMs).toFixed(0)}; bootstrap ms median ${quantile(sorted(bootMs), 0.5).toFixed(0)}, max ${Math.max(...bootMs).toFixed(0)}; posterior ms median ${quantile(sorted(postMs), 0.5).toFixed(0)}, max ${Math.max(...postMs).toFixed(0)}`);
}

function pct(value: number, width = 7): string {
  return `${(100 * value).toFixed(2)}`.padStart(width);
}

function distribution(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return [sorted[0], quantile(sorted, 0.1), quantile(sorted, 0.5), mean].map((v) => `${(100 * v).toFixed(2)} %`.padStart(8)).join(' ');
}
