import { allocateOnCurves, bestOnAverage, expectedOutcome, geometricAdstock, hillSaturation, steadyStateEffect, type ChannelResponse } from '../src/ml/mmm/index.ts';
import { blockMetropolis, type BlockTarget } from '../src/ml/mmm/metropolis.ts';
import { baselineDesign } from '../src/ml/mmm/baseline.ts';
import { orthonormalBasis, projectOff } from '../src/ml/mmm/least-squares.ts';
import { MARKET_CLASS, type SimulatedMarket } from '../src/ml/mmm/simulate.ts';
import { createRandom } from '../src/ml/random.ts';

/**
 * The Bayes decision over posterior draws of the curves, and the posterior a Bayesian who knows the
 * market class exactly would hold (used by allocate-oracle.ts).
 *
 * Decision: the split maximising the posterior expected share of the optimum, E_b[F_b(split) / max F_b]
 * (F_b: draw b's steady-state outcome): Pulse's `bestOnAverage` with weights 1 / max F_b. `expected` is that
 * expectation, `realised` the split's share on the truth.
 */
export function bayesDecision(
  draws: ChannelResponse[][],
  market: SimulatedMarket,
  current: Record<string, number>,
  share: (split: number[]) => number,
): { expected: number; realised: number } {
  const budget = Object.values(current).reduce((s, v) => s + v, 0);
  const options = { budget, current, scenarioFactors: [] };
  const channelsOf = (curves: ChannelResponse[]) => market.channels.map((c, i) => ({ name: c.name, response: curves[i], currentWeeklySpend: current[c.name] }));
  const weights = draws.map((curves) => 1 / (allocateOnCurves(channelsOf(curves), options).expectedTotal * draws.length));
  const split = bestOnAverage(channelsOf(draws[0]), options, draws, weights);
  const expected = draws.reduce((s, curves, b) => s + weights[b] * expectedOutcome(curves, split), 0);
  return { expected, realised: share(split) };
}

/**
 * Draws from the posterior of every channel's curve under the market class's own prior (simulate.ts):
 * decay, log half-saturation ratio, Hill shape and ROAS at the usual spend each uniform on the class's range,
 * i.e. a flat prior on a unit cube of four coordinates per channel; baseline (intercept, trend, yearly season)
 * with a flat prior, so integrated out exactly by projecting it off (the likelihood of the rest is that of the
 * residualised data); the noise sd at the value given. Nothing here knows the true curves but the channels'
 * usual spend (the level the class's half-saturation and ROAS are defined at).
 *
 * Sampler: the block Metropolis of src/ml/mmm/metropolis.ts, one channel's four coordinates at a time,
 * CHAINS chains from seeded random starts, pooled.
 */
const CHAINS = 4;
const SAMPLER = { burnIn: 1500, draws: 50, thin: 10, firstStep: 0.1 };
/** decay, half-saturation ratio, Hill shape, ROAS at the usual spend. */
const COORDINATES = 4;

export function classPosterior(market: SimulatedMarket, variance: number): ChannelResponse[][] {
  const { input, channels } = market;
  const k = channels.length;
  const basis = orthonormalBasis(baselineDesign(input.weeks.length).columns);
  const residualise = (column: ArrayLike<number>) => projectOff(basis, column);
  const outcome = residualise(input.outcome);
  const curveAt = (u: number[], c: number): ChannelResponse => {
    const range = MARKET_CLASS;
    const level = channels[c].usualWeeklySpend;
    const decay = range.decay.min + u[0] * (range.decay.max - range.decay.min);
    const ratio = range.halfSatRatio.min * Math.pow(range.halfSatRatio.max / range.halfSatRatio.min, u[1]);
    const shape = range.shape.min + u[2] * (range.shape.max - range.shape.min);
    const roas = range.roas.min + u[3] * (range.roas.max - range.roas.min);
    const unit: ChannelResponse = { decay, halfSat: (ratio * level) / (1 - decay), shape, beta: 1 };
    return { ...unit, beta: (roas * level) / steadyStateEffect(level, unit) };
  };
  const effect = (u: number[], c: number) => {
    const r = curveAt(u, c);
    return residualise(geometricAdstock(input.channels[c].spend, r.decay).map((a) => r.beta * hillSaturation(a, r.halfSat, r.shape)));
  };

  const random = createRandom(market.seed);
  const draws: ChannelResponse[][] = [];
  for (let chain = 0; chain < CHAINS; chain++) {
    const start = Array.from({ length: k * COORDINATES }, () => random());
    const run = blockMetropolis(residualTarget(outcome, k, effect, variance), start, COORDINATES, SAMPLER, random);
    for (const point of run.draws) draws.push(channels.map((_, c) => curveAt(point.slice(c * COORDINATES, (c + 1) * COORDINATES), c)));
  }
  return draws;
}

/**
 * −2 log likelihood ‖residual‖² / σ² of a sum of per-channel effects, kept up to date one channel at a time:
 * a proposal recomputes only the channel that moved.
 */
function residualTarget(outcome: Float64Array, channels: number, effect: (u: number[], c: number) => Float64Array, variance: number): BlockTarget {
  let effects: Float64Array[] = [];
  const residual = new Float64Array(outcome.length);
  let proposed: { channel: number; effect: Float64Array } | undefined;
  const coordinates = (point: number[], c: number) => point.slice(c * COORDINATES, (c + 1) * COORDINATES);
  return {
    loss(point, block) {
      if (block === undefined) {
        effects = Array.from({ length: channels }, (_, c) => effect(coordinates(point, c), c));
        residual.set(outcome);
        for (const e of effects) for (let t = 0; t < residual.length; t++) residual[t] -= e[t];
        return residual.reduce((s, r) => s + r * r, 0) / variance;
      }
      proposed = { channel: block, effect: effect(coordinates(point, block), block) };
      const old = effects[block];
      let sse = 0;
      for (let t = 0; t < residual.length; t++) sse += (residual[t] + old[t] - proposed.effect[t]) ** 2;
      return sse / variance;
    },
    moved(_point, block) {
      const old = effects[block];
      const next = proposed!.effect;
      for (let t = 0; t < residual.length; t++) residual[t] += old[t] - next[t];
      effects[block] = next;
    },
  };
}
