import { BadInputError } from '../../errors.ts';
import { backtestModel, everyOrigin, sanitise, scoreMape, weightedErrors, type BacktestPlan, type BacktestResult } from './backtest.ts';
import { candidatePool } from './candidates.ts';
import { candidateChoices, weightedMean, type Choice } from './combination.ts';
import { conformalBands } from './intervals.ts';
import { assemble, naiveFallback, type ForecastResult, type ModelScore } from './result.ts';
import { naive } from './naive.ts';
import { classifySeries, fillGaps, MIN_MODEL_LENGTH, type RawValue } from './series-problems.ts';
import type { ModelSpec } from './types.ts';

export interface ForecastOptions {
  horizon: number;
  /** Seasonal period from the granularity: 7 daily, 52 weekly, 12 monthly. 1 or absent: none. */
  period?: number;
  /** The quantity cannot be negative: point forecasts and lower bounds are clamped at 0. */
  nonNegative?: boolean;
  /** Accepted for API symmetry with the other src/ml engines; this engine is deterministic. */
  seed?: number;
  /** The interval levels produced; only [80, 95] is supported. */
  levels?: readonly [80, 95];
}

/**
 * Models are fitted on the most recent points only: old history rarely helps a short-horizon
 * forecast and costs time. At least four seasons are kept.
 */
const MAX_FIT_WINDOW = 300;

/**
 * The best single model must beat the weighted combination's backtest MASE by this factor to be
 * chosen: the best of many singles is optimistically scored (selection bias), and combinations are
 * the more robust choice when the evidence is close.
 */
const SINGLE_MODEL_MARGIN = 0.95;

function validateOptions(options: ForecastOptions): void {
  const { horizon, period = 1 } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new BadInputError(`The forecast horizon must be a whole number of at least 1 (got ${horizon}).`);
  if (!Number.isInteger(period) || period < 1) throw new BadInputError(`The seasonal period must be a whole number of at least 1 (got ${period}).`);
}

/**
 * Forecasts `horizon` steps after the last value. Steps: check the series (classifySeries), fill
 * gaps, use a named fallback for degenerate series, otherwise backtest every candidate model by
 * rolling origin (candidates.ts, backtest.ts), take the accuracy-weighted combination unless the
 * best single model is clearly better (combination.ts), refit it on the whole recent window, and
 * derive 80 % / 95 % intervals from its backtest errors (intervals.ts).
 */
export function forecast(values: readonly RawValue[], options: ForecastOptions): ForecastResult {
  validateOptions(options);
  const { horizon, nonNegative = false } = options;
  const period = options.period ?? 1;
  const problems = classifySeries(values, { period, nonNegative });
  const blocking = problems.find((p) => p.severity === 'error');
  if (blocking) throw new BadInputError(blocking.message);
  const filled = fillGaps(values);
  const window = Math.max(MAX_FIT_WINDOW, 4 * period);
  const series = filled.length > window ? filled.slice(-window) : filled;
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('too-short')) return naiveFallback(series, horizon, nonNegative, 'naive (too little history)', `fewer than ${MIN_MODEL_LENGTH} observed values`);
  if (codes.has('all-zero')) return naiveFallback(series, horizon, nonNegative, 'Zero (all values are zero)', 'every value is zero');
  if (codes.has('constant')) return naiveFallback(series, horizon, nonNegative, 'Constant (no variation)', 'every value is the same');

  const pool = candidatePool(series, horizon, period);
  if (!pool) return naiveFallback(series, horizon, nonNegative, 'naive (too little history)', 'too little history for a backtest');
  const selection = chooseModel(series, pool.plan, pool.candidates);
  return finish(series, pool.plan, pool.candidates, selection, horizon, nonNegative);
}

interface Selection {
  best: Choice;
  ranked: BacktestResult[];
  considered: ModelScore[];
}

function chooseModel(series: Float64Array, plan: BacktestPlan, candidates: ModelSpec[]): Selection {
  const ranked = candidates.map((spec) => backtestModel(series, spec, plan)).sort((a, b) => a.mase - b.mase);
  const { single, combination } = candidateChoices(series, plan, ranked);
  const best = single.mase < SINGLE_MODEL_MARGIN * combination.mase ? single : combination;
  const considered = [...ranked, ...(combination === single ? [] : [combination])]
    .map((c) => ({ model: c.name, backtestMase: c.mase }))
    .sort((a, b) => a.backtestMase - b.backtestMase);
  return { best, ranked, considered };
}

/**
 * Interval errors come from every origin of the backtest span, not only the plan's spaced ones:
 * about H times more errors per step, so the conformal quantiles are not limited to a handful of
 * order statistics (with 6 origins the 80 % quantile is the 16th of 18 errors, an 84 % level).
 */
function intervalErrors(series: Float64Array, plan: BacktestPlan, selection: Selection): Float64Array[] {
  const members = selection.best.members.map(({ name, weight }) => ({ fitted: (selection.ranked.find((r) => r.name === name) as BacktestResult).fitted, weight }));
  return weightedErrors(series, everyOrigin(plan), plan.horizon, members);
}

function finish(series: Float64Array, plan: BacktestPlan, candidates: ModelSpec[], selection: Selection, horizon: number, nonNegative: boolean): ForecastResult {
  const { best } = selection;
  const n = series.length;
  const memberForecasts = best.members.map(({ name }) => {
    const spec = candidates.find((c) => c.name === name) as ModelSpec;
    return sanitise(spec.fit(series).forecastFrom(series, n, horizon), series[n - 1]);
  });
  const point = weightedMean(memberForecasts, best.members.map((m) => m.weight));
  const bands = conformalBands(intervalErrors(series, plan, selection), horizon);
  const mape = scoreMape(series, plan, best.forecasts);
  const naiveResult = selection.ranked.find((r) => r.name === naive.name);
  return {
    ...assemble(point, bands, nonNegative),
    model: best.name,
    members: best.members.map(({ name, weight }) => ({ model: name, weight })),
    modelsConsidered: selection.considered,
    backtestMase: best.mase,
    ...(naiveResult ? { naiveBacktestMase: naiveResult.mase } : {}),
    ...(mape !== undefined && Number.isFinite(mape) ? { backtestMape: mape } : {}),
    ...(bands.widened.length > 0 ? { roughIntervals: { levels: bands.widened, fewestErrors: bands.fewestErrors } } : {}),
  };
}
