import { scoreMase, type BacktestPlan, type BacktestResult } from './backtest.ts';

/**
 * Forecast combination weighted by backtest accuracy. Model i gets the weight
 *   w_i ∝ exp(−(MASE_i / MASE_best − 1) / T),   T = 0.15,
 * so a model 15 % worse than the best weighs e⁻¹ ≈ 0.37 of it and one 50 % worse about 0.04.
 * Weights under 2 % are dropped and the rest renormalised. Averaging lets errors partly cancel
 * (the M4 competition's main lesson); weighting keeps clearly worse models out. The temperature
 * was set on holdouts of M4 Weekly training series: 0.1 to 0.2 score alike.
 */
const TEMPERATURE = 0.15;
const MIN_WEIGHT = 0.02;

export interface Member {
  name: string;
  weight: number;
}

export interface Choice {
  /** One member with weight 1 means a single model. */
  members: Member[];
  name: string;
  /** forecasts[k]: the choice's forecast from the plan's k-th origin. */
  forecasts: Float64Array[];
  mase: number;
}

/** Σ w_i · forecast_i, step by step; the weights sum to 1. */
export function weightedMean(forecasts: Float64Array[], weights: readonly number[]): Float64Array {
  const out = new Float64Array(forecasts[0].length);
  forecasts.forEach((forecast, i) => {
    for (let j = 0; j < out.length; j++) out[j] += weights[i] * forecast[j];
  });
  return out;
}

/** The members and their weights are in `Choice.members`; the name stays short enough for a chat line. */
export function combinationName(members: Member[]): string {
  return members.length === 1 ? members[0].name : `Weighted combination of ${members.length} models`;
}

/**
 * Weights in rank order, summing to 1. When no backtest error is finite (the data before the
 * first origin never moved, so the MASE scale is 0), the best-ranked model takes all the weight.
 */
export function combinationWeights(ranked: BacktestResult[]): number[] {
  const best = Math.max(ranked[0].mase, Number.MIN_VALUE);
  const raw = ranked.map((r) => (Number.isFinite(r.mase) ? Math.exp(-(r.mase / best - 1) / TEMPERATURE) : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !Number.isFinite(total)) return ranked.map((_, i) => (i === 0 ? 1 : 0));
  const kept = raw.map((w) => (w / total >= MIN_WEIGHT ? w : 0));
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  return kept.map((w) => w / keptTotal);
}

/** The single best model and the weighted combination of all, each with its backtest MASE. */
export function candidateChoices(values: ArrayLike<number>, plan: BacktestPlan, ranked: BacktestResult[]): { single: Choice; combination: Choice } {
  const best = ranked[0];
  const single: Choice = { members: [{ name: best.name, weight: 1 }], name: best.name, forecasts: best.forecasts, mase: best.mase };
  const weights = combinationWeights(ranked);
  const used = ranked.map((r, i) => ({ result: r, weight: weights[i] })).filter((m) => m.weight > 0);
  if (used.length === 1) return { single, combination: single };
  const forecasts = plan.origins.map((_, k) => weightedMean(used.map((m) => m.result.forecasts[k]), used.map((m) => m.weight)));
  const members = used.map((m) => ({ name: m.result.name, weight: m.weight }));
  return { single, combination: { members, name: combinationName(members), forecasts, mase: scoreMase(values, plan, forecasts) } };
}
