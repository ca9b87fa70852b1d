import { scoreMase, type BacktestPlan, type BacktestResult } from './backtest.ts';

/**
 * Forecast combinations: the mean of the best two or three models, or the median of the best three,
 * by backtest MASE. Combinations usually beat their members (errors partly cancel); the backtest
 * decides whether they do on this series.
 */
export type Combiner = 'mean' | 'median';

export function combine(forecasts: Float64Array[], combiner: Combiner): Float64Array {
  const out = new Float64Array(forecasts[0].length);
  for (let j = 0; j < out.length; j++) {
    const column = forecasts.map((f) => f[j]);
    out[j] = combiner === 'mean' ? column.reduce((a, b) => a + b, 0) / column.length : median(column);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Choice {
  /** Members in rank order; one member means a single model. */
  members: string[];
  combiner: Combiner;
  name: string;
  forecasts: Float64Array[];
  mase: number;
}

export function combinationName(members: string[], combiner: Combiner): string {
  if (members.length === 1) return members[0];
  return combiner === 'mean' ? `Combination of ${members.join(' + ')}` : `Median of ${members.join(', ')}`;
}

/** Candidate choices: each single model, then the mean of the top 2 and 3 and the median of the top 3. */
export function candidateChoices(values: ArrayLike<number>, plan: BacktestPlan, ranked: BacktestResult[]): Choice[] {
  const choices: Choice[] = ranked.map((r) => ({ members: [r.name], combiner: 'mean', name: r.name, forecasts: r.forecasts, mase: r.mase }));
  const options: Array<[number, Combiner]> = [[2, 'mean'], [3, 'mean'], [3, 'median']];
  for (const [size, combiner] of options) {
    if (ranked.length < size) continue;
    const members = ranked.slice(0, size);
    const forecasts = plan.origins.map((_, k) => combine(members.map((m) => m.forecasts[k]), combiner));
    const names = members.map((m) => m.name);
    choices.push({ members: names, combiner, name: combinationName(names, combiner), forecasts, mase: scoreMase(values, plan, forecasts) });
  }
  return choices;
}
