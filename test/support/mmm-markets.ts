import { PERIOD_WEEKS, recommendSplit } from '../../src/answers/allocation/budget-request.ts';
import {
  allocateOnCurves, allocationUncertainty, bootstrapMix, samplePosterior, expectedOutcome, fitMarketingMix, marginalSteadyStateEffect, steadyStateEffect, type Allocation, type AllocationUncertainty, type MixBootstrap, type MixModel,
} from '../../src/ml/mmm/index.ts';
import { simulateMarket, type SimulatedMarket } from '../../src/ml/mmm/simulate.ts';

/**
 * Scores Pulse's allocation on a simulated market (src/ml/mmm/simulate.ts) against the truth: the
 * weekly budget is today's total (the mean spend of the last 13 weeks, summed), the bounds are the ones
 * Pulse reports (its defaults), and the true optimum is the shared optimiser run on the true curves under
 * those same bounds. Pulse's split is the job's: fit, bootstrap (ranges), posterior draws, then the cautious split. Used by the tests and by `npm run bench -- allocate --simulate N`.
 */
export interface MarketScore {
  seed: number;
  channels: number;
  weeks: number;
  /** True response of Pulse's split ÷ the true optimum. */
  achieved: number;
  /** The same for the optimum of the fitted curves alone (no posterior draws, no cautious step). */
  achievedAtFittedOptimum: number;
  /** True response of today's split ÷ the true optimum. */
  keepToday: number;
  fitMs: number;
  bootstrapMs: number;
  posteriorMs: number;
  model: MixModel;
  bootstrap: MixBootstrap;
  allocation: Allocation;
  market: SimulatedMarket;
}

export const FIT_SEED = 42;

export function scoreMarket(seed: number): MarketScore {
  const market = simulateMarket(seed);
  const { input } = market;
  const started = performance.now();
  const model = fitMarketingMix(input, { seed: FIT_SEED });
  const fitMs = performance.now() - started;
  const bootstrap = bootstrapMix(input, model, FIT_SEED);
  const bootstrapMs = performance.now() - started - fitMs;
  const posterior = samplePosterior(input, model, FIT_SEED);
  const posteriorMs = performance.now() - started - fitMs - bootstrapMs;
  const period = 'week';
  const request = { budget: todaysTotal(model), period, bounds: {}, locks: [] } as const;
  const allocation = recommendSplit(model, input, { ...request, locks: [] }, posterior);
  const fittedOptimum = recommendSplit(model, input, { ...request, locks: [] });

  const truth = market.channels.map((c) => c.truth);
  const current = Object.fromEntries(allocation.channels.map((c) => [c.name, c.current]));
  const bounds = Object.fromEntries(allocation.channels.map((c) => [c.name, c.bounds]));
  const optimum = allocateOnCurves(
    market.channels.map((c, i) => ({ name: c.name, response: c.truth, currentWeeklySpend: model.channels[i].recentWeeklySpend })),
    { budget: allocation.budget, periodWeeks: PERIOD_WEEKS[period], current, bounds, scenarioFactors: [] },
  );
  const value = (split: number[]) => expectedOutcome(truth, split) / optimum.expectedTotal;
  return {
    seed,
    channels: input.channels.length,
    weeks: input.weeks.length,
    achieved: value(allocation.channels.map((c) => c.recommended)),
    achievedAtFittedOptimum: value(fittedOptimum.channels.map((c) => c.recommended)),
    keepToday: value(allocation.channels.map((c) => c.current)),
    fitMs,
    bootstrapMs,
    posteriorMs,
    model,
    bootstrap,
    allocation,
    market,
  };
}

/** Whether each channel's true ROAS at today's spend lies inside the 80 % range the bootstrap gives. */
export interface CoverageCheck {
  uncertainty: AllocationUncertainty;
  inside: boolean[];
  /** The same for the marginal ROAS at today's spend. */
  insideMarginal: boolean[];
}

export function checkCoverage(score: MarketScore): CoverageCheck {
  const uncertainty = allocationUncertainty(score.bootstrap, score.allocation);
  const inside = uncertainty.channels.map((c, i) => {
    const weekly = c.spend / score.allocation.periodWeeks;
    const truth = steadyStateEffect(weekly, score.market.channels[i].truth) / weekly;
    return truth >= c.roas.low && truth <= c.roas.high;
  });
  const insideMarginal = uncertainty.channels.map((c, i) => {
    const truth = marginalSteadyStateEffect(c.spend / score.allocation.periodWeeks, score.market.channels[i].truth);
    return truth >= c.marginalRoas.low && truth <= c.marginalRoas.high;
  });
  return { uncertainty, inside, insideMarginal };
}

function todaysTotal(model: MixModel): number {
  return model.channels.reduce((s, c) => s + Math.round(c.recentWeeklySpend * 100) / 100, 0);
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
