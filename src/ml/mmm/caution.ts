import { expectedOutcome } from './curves.ts';
import type { ChannelResponse } from './response.ts';

/**
 * How far to move from today's split towards the split best on average over the curves the data allow.
 *
 * That split (allocate.ts `bestOnAverage`, over draws from the fit's posterior, posterior.ts) moves all the
 * money the average says it should; where the draws disagree, part of the move may lose. For each step λ on
 * the line split(λ) = today + λ · (target − today) the gain over today is computed on every draw b,
 *
 *   gain_b(λ) = F_b(split(λ)) − F_b(today),   F_b = Σ_channels draw b's steady-state outcome,
 *
 * and the step whose CAUTION_QUANTILE of gain_b over the draws is highest is taken (λ on a grid of
 * 1 / CAUTION_STEPS, ties to the shorter move). A risk-averse choice: a move that most draws agree on is
 * made in full; one a quarter of the draws call a loss is cut short. The quantile was chosen on simulated
 * seeds 1–50 with the bootstrap's refits as the draws (with the earlier curve priors the 25th percentile beat
 * the 10th, 40th, 50th and the mean gain there and on 51–100) and kept, not re-tuned, for the posterior's
 * draws (README, Budget allocation).
 * Every split on the line is feasible: both ends are, and the budget and bounds are linear.
 */
export const CAUTION_QUANTILE = 0.25;
export const CAUTION_STEPS = 10;

export function cautiousStep(today: number[], target: number[], draws: ChannelResponse[][], periodWeeks = 1): number {
  if (draws.length === 0) return 1;
  const baseline = draws.map((curves) => expectedOutcome(curves, today, periodWeeks));
  let bestStep = 0;
  let bestScore = 0;
  for (let k = 1; k <= CAUTION_STEPS; k++) {
    const step = k / CAUTION_STEPS;
    const split = today.map((x, i) => x + step * (target[i] - x));
    const gains = draws.map((curves, b) => expectedOutcome(curves, split, periodWeeks) - baseline[b]).sort((a, b) => a - b);
    const score = quantileOfSorted(gains, CAUTION_QUANTILE);
    if (score > bestScore + 1e-12 * Math.abs(bestScore)) {
      bestScore = score;
      bestStep = step;
    }
  }
  return bestStep;
}

/**
 * Today's mix scaled to a budget: clamp(s · current_i, min_i, max_i) with s found by bisection so the
 * split sums to the budget. Undefined when no scale reaches the budget (channels at zero today that must take money).
 */
export function todaysMixFor(budget: number, current: number[], bounds: { min: number; max: number }[]): number[] | undefined {
  const at = (s: number) => current.map((x, i) => Math.min(bounds[i].max, Math.max(bounds[i].min, s * x)));
  const total = (s: number) => at(s).reduce((a, b) => a + b, 0);
  let high = 1;
  for (let i = 0; i < 60 && total(high) < budget; i++) high *= 2;
  let low = 0;
  if (total(low) > budget * (1 + 1e-9) || total(high) < budget * (1 - 1e-9)) return undefined;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (total(mid) < budget) low = mid;
    else high = mid;
  }
  const split = at(high);
  const excess = split.reduce((a, b) => a + b, 0) - budget;
  // Hand the bisection's last cents to (or take them from) the largest channel that has room.
  const order = split.map((_, i) => i).sort((a, b) => split[b] - split[a]);
  for (const i of order) {
    const moved = Math.min(bounds[i].max, Math.max(bounds[i].min, split[i] - excess));
    if (Math.abs(moved - (split[i] - excess)) < 1e-9 * Math.max(1, budget)) {
      split[i] = moved;
      break;
    }
  }
  return split;
}

function quantileOfSorted(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
