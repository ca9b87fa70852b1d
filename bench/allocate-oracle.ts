import { inverse, Matrix } from 'ml-matrix';
import { currentSpendPerPeriod } from '../src/answers/allocation/budget-request.ts';
import { allocateOnCurves, expectedOutcome, geometricAdstock, hillSaturation, simulateMarket, steadyStateEffect, type ChannelResponse } from '../src/ml/mmm/index.ts';
import { baselineDesign } from '../src/ml/mmm/baseline.ts';
import { MixedLeastSquares, orthonormalBasis, projectOff } from '../src/ml/mmm/least-squares.ts';
import { MARKET_CLASS, type SimulatedMarket } from '../src/ml/mmm/simulate.ts';
import { createRandom, normal, type Random } from '../src/ml/random.ts';
import { bayesDecision, classPosterior } from './allocate-oracle-bayes.ts';
import { quantile } from '../test/support/mmm-markets.ts';

/**
 * `npm run bench -- allocate --simulate N --oracle [--first S]`: what the data allows, on the same markets,
 * budget and bounds as `--simulate` (weekly budget = today's total, default bounds), each scored against the
 * optimum of the true curves.
 *
 * Told each channel's true decay, half-saturation and Hill shape — far more than any fit can know — and left
 * to read the betas (how much each channel adds) off the noisy weeks:
 * - point: betas by least squares (non-negative, the fit's own solver, no priors), the optimum of those curves;
 * - point + pooled: the same with the fit's pooled-ROAS prior (least-squares.ts);
 * - Bayes: the posterior of the betas given the true shapes, the fitted noise level, a flat prior on the
 *   baseline and the class's prior on the betas (ROAS at the usual spend uniform on 0.8–4, so each beta
 *   uniform on an interval): a Gaussian truncated to that box, drawn by Gibbs sampling; the decision is the
 *   Bayes one (allocate-oracle-bayes.ts);
 * - Bayes β ≥ 0: the same with only non-negative betas as prior (what a scale-free method may assume: the
 *   outcome's unit, and so the plausible ROAS, is not known in general).
 * Told only the market class (simulate.ts), not the curves:
 * - class Bayes: the Bayes decision on the posterior under the class's exact prior (allocate-oracle-bayes.ts).
 *
 * "expected" is the decision's posterior expected share of the optimum, E_b[F_b(split) / max F_b]: what the
 * best possible decision can expect given this market's data and what the oracle was told. Knowing more
 * never lowers the best expected value, so no allocator that does not know the shapes can expect more than
 * the shape-told Bayes figure on a market, nor more than its mean across markets on average; a market whose
 * figure is under 98 % cannot be promised 98 % by any allocator. "realised" is what the decision reached on
 * the truth (one draw of luck around the expected).
 */
const POSTERIOR_DRAWS = 300;
const GIBBS_BURN_IN = 100;
const GIBBS_THIN = 2;

interface OracleScore {
  seed: number;
  channels: number;
  point: number;
  pooled: number;
  bayesExpected: number;
  bayesRealised: number;
  classExpected: number;
  classRealised: number;
  positiveExpected: number;
  positiveRealised: number;
  keepToday: number;
  betaCv: number[];
}

export async function oracleMarkets(count: number, first = 1): Promise<void> {
  const rows: OracleScore[] = [];
  console.log('seed  ch   point %  pooled %  Bayes exp. %  Bayes real. %  β≥0 exp. %  β≥0 real. %  class exp. %  class real. %  keep %   beta sd / beta per channel');
  for (let seed = first; seed < first + count; seed++) {
    const row = oracleMarket(simulateMarket(seed));
    rows.push(row);
    console.log(
      `${String(seed).padStart(4)}  ${String(row.channels).padStart(2)}  ${pct(row.point, 8)}  ${pct(row.pooled, 8)}  ${pct(row.bayesExpected, 12)}  ${pct(row.bayesRealised, 13)}  ${pct(row.positiveExpected, 10)}  ${pct(row.positiveRealised, 11)}  ${pct(row.classExpected, 12)}  ${pct(row.classRealised, 13)}  ${pct(row.keepToday, 6)}   ${row.betaCv.map((v) => v.toFixed(2)).join(' ')}`,
    );
  }
  console.log(`\nOracles, seeds ${first}–${first + count - 1}: share of the true optimal response`);
  console.log('                                   min      p10   median     mean   markets < 98 %');
  const line = (label: string, values: number[]) =>
    console.log(`  ${label.padEnd(31)}${distribution(values)}   ${String(values.filter((v) => v < 0.98).length).padStart(3)} of ${values.length}`);
  console.log(' told the true shapes (decay, half-saturation, Hill shape), betas read off the weeks:');
  line('point (betas by LS)', rows.map((r) => r.point));
  line('point + pooled prior', rows.map((r) => r.pooled));
  line('Bayes, expected', rows.map((r) => r.bayesExpected));
  line('Bayes, realised', rows.map((r) => r.bayesRealised));
  line('Bayes β ≥ 0, expected', rows.map((r) => r.positiveExpected));
  line('Bayes β ≥ 0, realised', rows.map((r) => r.positiveRealised));
  console.log(' told only the class (shapes unknown, the class\'s exact prior):');
  line('Bayes, expected', rows.map((r) => r.classExpected));
  line('Bayes, realised', rows.map((r) => r.classRealised));
  line('keep today', rows.map((r) => r.keepToday));
}

function oracleMarket(market: SimulatedMarket): OracleScore {
  const { input, channels } = market;
  const current = currentSpendPerPeriod(input, 1);
  const budget = Object.values(current).reduce((s, v) => s + v, 0);
  const request = { budget, current, scenarioFactors: [] };
  const withBetas = (betas: number[]): ChannelResponse[] => channels.map((c, i) => ({ ...c.truth, beta: betas[i] }));
  const optimumOf = (curves: ChannelResponse[]) =>
    allocateOnCurves(channels.map((c, i) => ({ name: c.name, response: curves[i], currentWeeklySpend: current[c.name] })), request);
  const splitOf = (curves: ChannelResponse[]) => optimumOf(curves).channels.map((c) => c.recommended);
  const truth = channels.map((c) => c.truth);
  const best = optimumOf(truth).expectedTotal;
  const share = (split: number[]) => expectedOutcome(truth, split) / best;

  const design = baselineDesign(input.weeks.length);
  const media = channels.map((c, i) => geometricAdstock(input.channels[i].spend, c.truth.decay).map((a) => hillSaturation(a, c.truth.halfSat, c.truth.shape)));
  const solver = new MixedLeastSquares(design.columns, input.outcome);
  const point = solver.solveMedia(media).beta;
  const unitRoas = channels.map((c) => steadyStateEffect(c.usualWeeklySpend, { ...c.truth, beta: 1 }) / c.usualWeeklySpend);
  const pooled = solver.solveMedia(media, { unitRoas }).beta;

  const posterior = betaPosterior(design.columns, input.outcome, media);
  const bayes = (box: { low: number; high: number }[]) => {
    const draws = gibbsTruncatedNormal(posterior.mean, posterior.precision, box, createRandom(market.seed));
    return bayesDecision(draws.map(withBetas), market, current, share);
  };
  const classPrior = bayes(unitRoas.map((u) => ({ low: MARKET_CLASS.roas.min / u, high: MARKET_CLASS.roas.max / u })));
  const positive = bayes(unitRoas.map(() => ({ low: 0, high: Infinity })));
  const shapesUnknown = bayesDecision(classPosterior(market, posterior.variance), market, current, share);

  return {
    seed: market.seed,
    channels: channels.length,
    point: share(splitOf(withBetas(point))),
    pooled: share(splitOf(withBetas(pooled))),
    bayesExpected: classPrior.expected,
    classExpected: shapesUnknown.expected,
    classRealised: shapesUnknown.realised,
    bayesRealised: classPrior.realised,
    positiveExpected: positive.expected,
    positiveRealised: positive.realised,
    keepToday: share(Object.values(current)),
    betaCv: channels.map((c, i) => Math.sqrt(posterior.covariance.get(i, i)) / c.truth.beta),
  };
}

/** The Gaussian posterior of the media betas under a flat prior on betas and baseline, σ² at its fitted value. */
function betaPosterior(baseline: Float64Array[], outcome: number[], media: Float64Array[]) {
  const basis = orthonormalBasis(baseline);
  const residualise = (column: ArrayLike<number>) => projectOff(basis, column);
  const y = residualise(outcome);
  const x = media.map(residualise);
  const k = x.length;
  const gram = new Matrix(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) gram.set(i, j, dot(x[i], x[j]));
  const rhs = Matrix.columnVector(x.map((c) => dot(c, y)));
  const gramInverse = inverse(gram);
  const mean = gramInverse.mmul(rhs).getColumn(0);
  let sse = dot(y, y);
  mean.forEach((b, i) => (sse -= b * rhs.get(i, 0)));
  const variance = sse / (outcome.length - basis.length - k);
  return { mean, variance, precision: gram.clone().div(variance), covariance: gramInverse.clone().mul(variance) };
}

/** Gibbs sampling of N(mean, precision⁻¹) truncated to a box, one coordinate's truncated normal at a time. */
function gibbsTruncatedNormal(mean: number[], precision: Matrix, box: { low: number; high: number }[], random: Random): number[][] {
  const k = mean.length;
  const state = mean.map((m, i) => Math.min(box[i].high, Math.max(box[i].low, m)));
  const draws: number[][] = [];
  for (let iteration = 0; iteration < GIBBS_BURN_IN + POSTERIOR_DRAWS * GIBBS_THIN; iteration++) {
    for (let i = 0; i < k; i++) {
      const qii = precision.get(i, i);
      let shift = 0;
      for (let j = 0; j < k; j++) if (j !== i) shift += precision.get(i, j) * (state[j] - mean[j]);
      state[i] = truncatedNormal(random, mean[i] - shift / qii, 1 / Math.sqrt(qii), box[i].low, box[i].high);
    }
    if (iteration >= GIBBS_BURN_IN && (iteration - GIBBS_BURN_IN) % GIBBS_THIN === 0) draws.push(state.slice());
  }
  return draws;
}

/** N(mean, sd²) restricted to [low, high] (either side may be infinite). */
function truncatedNormal(random: Random, mean: number, sd: number, low: number, high: number): number {
  return mean + sd * truncatedStandardNormal(random, (low - mean) / sd, (high - mean) / sd);
}

/**
 * N(0, 1) restricted to [a, b]: plain rejection when the interval holds the mode and is wide; a uniform
 * proposal when it is narrow; Robert's (1995) exponential proposal in a one-sided tail.
 */
function truncatedStandardNormal(random: Random, a: number, b: number): number {
  if (b <= 0) return -truncatedStandardNormal(random, -b, -a);
  if (a < 0 && b - a > 0.5) {
    for (;;) {
      const z = normal(random);
      if (z >= a && z <= b) return z;
    }
  }
  const nearest = Math.max(a, 0);
  const alpha = (a + Math.sqrt(a * a + 4)) / 2;
  if (b - a <= 1 / alpha) {
    for (;;) {
      const z = a + (b - a) * random();
      if (random() <= Math.exp(-0.5 * (z * z - nearest * nearest))) return z;
    }
  }
  for (;;) {
    const z = a - Math.log(1 - random()) / alpha;
    if (z <= b && random() <= Math.exp(-0.5 * (z - alpha) ** 2)) return z;
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function pct(value: number, width: number): string {
  return `${(100 * value).toFixed(2)}`.padStart(width);
}

function distribution(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return [sorted[0], quantile(sorted, 0.1), quantile(sorted, 0.5), mean].map((v) => `${(100 * v).toFixed(2)} %`.padStart(8)).join(' ');
}
