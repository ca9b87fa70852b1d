import { expectedOutcome, marginalSteadyStateEffect } from './curves.ts';
import { steadyStateEffect, type ChannelResponse } from './response.ts';
import { maximiseSeparable, type BoxedCurve } from './solver.ts';
import type { MixModel } from './types.ts';
import { resolveRequest, solverBounds, type AllocationChannel, type AllocationOptions, type ResolvedRequest } from './constraints.ts';
import { cautiousStep, todaysMixFor } from './caution.ts';

export type { AllocationChannel, AllocationOptions } from './constraints.ts';

/** Money is per period of `periodWeeks` weeks; expected outcomes are the media-driven outcome per period. */
export interface ChannelAllocation {
  name: string;
  locked: boolean;
  /** Kept near its current spend because the data cannot tell it apart (AllocationOptions.hold). */
  held: boolean;
  bounds: { min: number; max: number };
  current: number;
  recommended: number;
  /** recommended − current. */
  change: number;
  expectedCurrent: number;
  expected: number;
  /** d(expected outcome) / d(spend) at the recommended spend. */
  marginalRoas: number;
}

export type Scenario =
  | { factor: number; budget: number; feasible: true; expectedTotal: number; expectedLiftPct: number; channels: { name: string; recommended: number; expected: number }[] }
  | { factor: number; budget: number; feasible: false; reason: string };

export interface Allocation {
  budget: number;
  periodWeeks: number;
  channels: ChannelAllocation[];
  expectedTotalCurrent: number;
  expectedTotal: number;
  /** (expectedTotal − expectedTotalCurrent) / expectedTotalCurrent × 100. */
  expectedLiftPct: number;
  /**
   * Share of the way from today's mix (scaled to the budget) to the split best on average over the
   * posterior's draws that the recommendation goes: 1 unless `allocateOnDraws` cut the move short (caution.ts).
   */
  step: number;
  /** Best splits of 0.8× and 1.2× the budget on the fitted curves (never cut short). */
  scenarios: Scenario[];
}

export const SCENARIO_FACTORS = [0.8, 1.2];

/**
 * Recommends how to split a budget across the model's channels to maximise the steady-state expected
 * outcome, within per-channel bounds (default 0.5×–2× of current, Robyn's default) and with locked channels
 * kept at their current spend. "Current" is the mean weekly spend of the last 13 weeks unless given.
 * With `draws` (curves drawn from the fit's posterior, posterior.ts, channels in the model's order) the split
 * is the one best on average over them, moved from today's mix only as far as they support (`allocateOnDraws`).
 */
export function allocateBudget(model: MixModel, options: AllocationOptions = {}, draws?: ChannelResponse[][]): Allocation {
  const channels = model.channels.map((c) => ({ name: c.name, response: c.response, currentWeeklySpend: c.recentWeeklySpend }));
  return draws && draws.length > 0 ? allocateOnDraws(channels, options, draws) : allocateOnCurves(channels, options);
}

/** The same optimiser on any response curves — e.g. the true ones behind simulated data. */
export function allocateOnCurves(channels: AllocationChannel[], options: AllocationOptions = {}): Allocation {
  const request = resolveRequest(channels, options);
  const recommended = solve(request, [channels.map((c) => c.response)], request.budget);
  return describeSplit(channels, request, recommended, 1, options.scenarioFactors ?? SCENARIO_FACTORS);
}

/**
 * The split best on average over draws of the curves (`bestOnAverage`), moved from today's mix (scaled to the
 * budget) only as far as the draws support (caution.ts). `draws` holds one set of curves per draw, channels in
 * the order of `channels`. The figures of the answer (expected outcomes, marginal ROAS) are read off the
 * channels' own curves, the fit's; the scenarios are the best splits of those curves.
 */
export function allocateOnDraws(channels: AllocationChannel[], options: AllocationOptions, draws: ChannelResponse[][]): Allocation {
  const point = allocateOnCurves(channels, options);
  const request = resolveRequest(channels, options);
  const best = bestOnAverage(channels, options, draws);
  const today = todaysMixFor(request.budget, request.current, solverBounds(request, request.budget));
  const step = today ? cautiousStep(today, best, draws, request.periodWeeks) : 1;
  const recommended = today && step < 1 ? today.map((x, i) => x + step * (best[i] - x)) : best;
  return { ...describeSplit(channels, request, recommended, step, []), scenarios: point.scenarios };
}

/**
 * The split maximising Σ_d weight_d · (outcome of the split on draw d's curves), weights 1 / draws unless
 * given, within the request's bounds: with draws from a posterior, the Bayes choice. A sum of one curve per
 * channel, so the shared optimiser (solver.ts) finds it.
 */
export function bestOnAverage(channels: AllocationChannel[], options: AllocationOptions, draws: ChannelResponse[][], weights?: number[]): number[] {
  const request = resolveRequest(channels, options);
  return solve(request, draws, request.budget, weights);
}

function describeSplit(channels: AllocationChannel[], request: ResolvedRequest, recommended: number[], step: number, scenarioFactors: number[]): Allocation {
  const { periodWeeks, budget } = request;
  const responses = channels.map((c) => c.response);
  const expectedTotalCurrent = expectedOutcome(responses, request.current, periodWeeks);
  const expectedTotal = expectedOutcome(responses, recommended, periodWeeks);
  return {
    budget,
    periodWeeks,
    channels: channels.map((channel, i) => ({
      name: channel.name,
      locked: request.locked[i],
      held: request.held[i],
      bounds: request.bounds[i],
      current: request.current[i],
      recommended: recommended[i],
      change: recommended[i] - request.current[i],
      expectedCurrent: periodOutcome(request.current[i], channel.response, periodWeeks),
      expected: periodOutcome(recommended[i], channel.response, periodWeeks),
      marginalRoas: marginalSteadyStateEffect(recommended[i] / periodWeeks, channel.response),
    })),
    expectedTotalCurrent,
    expectedTotal,
    expectedLiftPct: liftPct(expectedTotal, expectedTotalCurrent),
    step,
    scenarios: scenarioFactors.map((factor) => scenario(request, channels, factor, expectedTotalCurrent)),
  };
}

function scenario(request: ResolvedRequest, channels: AllocationChannel[], factor: number, expectedTotalCurrent: number): Scenario {
  const budget = factor * request.budget;
  const minTotal = request.bounds.reduce((s, b) => s + b.min, 0);
  const maxTotal = request.bounds.reduce((s, b) => s + b.max, 0);
  if (budget < minTotal || budget > maxTotal) {
    const reason = `${budget.toFixed(2)} is outside what the bounds allow (${minTotal.toFixed(2)} to ${maxTotal.toFixed(2)}).`;
    return { factor, budget, feasible: false, reason };
  }
  const responses = channels.map((c) => c.response);
  const split = solve(request, [responses], budget);
  const expectedTotal = expectedOutcome(responses, split, request.periodWeeks);
  return {
    factor,
    budget,
    feasible: true,
    expectedTotal,
    expectedLiftPct: liftPct(expectedTotal, expectedTotalCurrent),
    channels: channels.map((c, i) => ({
      name: c.name,
      recommended: split[i],
      expected: periodOutcome(split[i], c.response, request.periodWeeks),
    })),
  };
}

/** The best split of `budget` for the weighted sum of the draws' outcomes (one draw: its own best split). */
function solve(request: ResolvedRequest, draws: ChannelResponse[][], budget: number, weights = draws.map(() => 1 / draws.length)): number[] {
  const { periodWeeks } = request;
  const curves: BoxedCurve[] = solverBounds(request, budget).map((bounds, i) => ({
    value: (spend) => draws.reduce((sum, curves, d) => sum + weights[d] * periodOutcome(spend, curves[i], periodWeeks), 0),
    marginal: (spend) => draws.reduce((sum, curves, d) => sum + weights[d] * marginalSteadyStateEffect(spend / periodWeeks, curves[i]), 0),
    min: bounds.min,
    max: bounds.max,
  }));
  return maximiseSeparable(curves, budget, request.gridSteps);
}

function periodOutcome(spendPerPeriod: number, response: ChannelResponse, periodWeeks: number): number {
  return periodWeeks * steadyStateEffect(spendPerPeriod / periodWeeks, response);
}

function liftPct(expected: number, baseline: number): number {
  return baseline > 0 ? ((expected - baseline) / baseline) * 100 : 0;
}

