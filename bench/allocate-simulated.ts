import { checkCoverage, quantile, scoreMarket } from '../test/support/mmm-markets.ts';

/**
 * `npm run bench -- allocate --simulate N`: Pulse's allocation on N seeded simulated markets (seeds 1..N,
 * src/ml/mmm/simulate.ts), each scored against its true optimum under the same budget and bounds
 * (test/support/mmm-markets.ts), beside what keeping today's split reaches; and how often the true ROAS
 * at today's spend falls inside the 80 % range of the bootstrap.
 */
export async function simulatedMarkets(count: number): Promise<void> {
  const achieved: number[] = [];
  const keep: number[] = [];
  let inside = 0;
  let channels = 0;
  let unclear = 0;
  const fitMs: number[] = [];
  const bootMs: number[] = [];
  console.log('seed  ch  weeks  Pulse %   keep %   ROAS in 80 % range   lift 80 % range       fit ms  bootstrap ms');
  for (let seed = 1; seed <= count; seed++) {
    const score = scoreMarket(seed);
    const coverage = checkCoverage(score);
    achieved.push(score.achieved);
    keep.push(score.keepToday);
    inside += coverage.inside.filter(Boolean).length;
    channels += coverage.inside.length;
    if (!coverage.uncertainty.clearGain) unclear++;
    fitMs.push(score.fitMs);
    bootMs.push(coverage.bootstrapMs);
    const { lowPct, highPct } = coverage.uncertainty.lift;
    console.log(
      `${String(seed).padStart(4)}  ${String(score.channels).padStart(2)}  ${String(score.weeks).padStart(5)}  ${pct(score.achieved)}  ${pct(score.keepToday)}  ` +
        `${`${coverage.inside.filter(Boolean).length}/${coverage.inside.length}`.padStart(19)}  ${`${lowPct.toFixed(1)} % … ${highPct.toFixed(1)} %`.padStart(20)}  ${score.fitMs.toFixed(0).padStart(6)}  ${coverage.bootstrapMs.toFixed(0).padStart(12)}`,
    );
  }
  console.log(`\nShare of the true optimal response over ${count} markets (weekly budget = today's total, Pulse's default bounds):`);
  console.log('                 min      p10   median     mean');
  console.log(`  Pulse       ${distribution(achieved)}`);
  console.log(`  keep today  ${distribution(keep)}`);
  console.log(`  markets below 98 %: ${achieved.filter((v) => v < 0.98).length} of ${count}`);
  console.log(`True ROAS at today's spend inside the 80 % range: ${inside} of ${channels} channels (${((100 * inside) / channels).toFixed(1)} %)`);
  console.log(`Recommendations whose lift range includes zero ("no clear gain"): ${unclear} of ${count}`);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  console.log(`Fit ms median ${quantile(sorted(fitMs), 0.5).toFixed(0)}, max ${Math.max(...fitMs).toFixed(0)}; bootstrap ms median ${quantile(sorted(bootMs), 0.5).toFixed(0)}, max ${Math.max(...bootMs).toFixed(0)}`);
}

function pct(value: number): string {
  return `${(100 * value).toFixed(2)}`.padStart(7);
}

function distribution(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return [sorted[0], quantile(sorted, 0.1), quantile(sorted, 0.5), mean].map((v) => `${(100 * v).toFixed(2)} %`.padStart(8)).join(' ');
}
