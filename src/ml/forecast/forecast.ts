import { BadInputError } from '../../errors.ts';
import { backtestModel, planBacktest, sanitise, scoreMape, type BacktestPlan } from './backtest.ts';
import { candidateModels } from './candidates.ts';
import { candidateChoices, combine, type Choice } from './combination.ts';
import { conformalHalfWidths } from './intervals.ts';
import { assemble, naiveFallback, type ForecastResult } from './result.ts';
import { hasSignificantSeasonality } from './seasonality.ts';
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

function validateOptions(options: ForecastOptions): void {
  const { horizon, period = 1 } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new BadInputError(`The forecast horizon must be a whole number of at least 1 (got ${horizon}).`);
  if (!Number.isInteger(period) || period < 1) throw new BadInputError(`The seasonal period must be a whole number of at least 1 (got ${period}).`);
}

/**
 * Forecasts `horizon` steps after the last value. Steps: check the series (classifySeries), fill
 * gaps, use a named fallback for degenerate series, otherwise backtest every candidate model by
 * rolling origin, keep the best single model or combination by MASE, refit it on the whole recent
 * window, and derive 80 % / 95 % intervals from its backtest errors (intervals.ts).
 */
export function forecast(values: readonly RawValue[], options: ForecastOptions): ForecastResult {
  validateOptions(options);
  const { horizon, nonNegative = false } = options;
  const period = options.period ?? 1;
  const problems = classifySeries(values, { period, nonNegative });
  const blocking = problems.find((p) => p.severity === 'error');
  if (blocking) throw new BadInputError(blocking.message);
  const filled = fillGaps(values);
  const series = filled.length > Math.max(MAX_FIT_WINDOW, 4 * period) ? filled.slice(-Math.max(MAX_FIT_WINDOW, 4 * period)) : filled;
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('too-short')) return naiveFallback(series, horizon, nonNegative, 'naive (too little history)', `fewer than ${MIN_MODEL_LENGTH} observed values`);
  if (codes.has('all-zero')) return naiveFallback(series, horizon, nonNegative, 'Zero (all values are zero)', 'every value is zero');
  if (codes.has('constant')) return naiveFallback(series, horizon, nonNegative, 'Constant (no variation)', 'every value is the same');

  const seasonal = period > 1 && hasSignificantSeasonality(series, period) && planBacktest(series, horizon, 2 * period) !== undefined;
  const plan = planBacktest(series, horizon, seasonal ? 2 * period : MIN_MODEL_LENGTH);
  if (!plan) return naiveFallback(series, horizon, nonNegative, 'naive (too little history)', 'too little history for a backtest');
  const candidates = candidateModels({ period, seasonal, positive: series.every((v) => v > 0) });
  const choice = chooseModel(series, plan, candidates);
  return finish(series, plan, candidates, choice, horizon, nonNegative);
}

/**
 * A single model must beat the best combination's backtest MASE by this factor to be chosen:
 * the best of many singles is optimistically scored (selection bias), and combinations are the
 * more robust choice when the evidence is close.
 */
const SINGLE_MODEL_MARGIN = 0.95;

function selectionScore(choice: Choice): number {
  return choice.members.length === 1 ? choice.mase / SINGLE_MODEL_MARGIN : choice.mase;
}

function chooseModel(series: Float64Array, plan: BacktestPlan, candidates: ModelSpec[]): { best: Choice; all: Choice[] } {
  const ranked = candidates.map((spec) => backtestModel(series, spec, plan)).sort((a, b) => a.mase - b.mase);
  const all = candidateChoices(series, plan, ranked).sort((a, b) => selectionScore(a) - selectionScore(b));
  return { best: all[0], all };
}

function finish(series: Float64Array, plan: BacktestPlan, candidates: ModelSpec[], choice: { best: Choice; all: Choice[] }, horizon: number, nonNegative: boolean): ForecastResult {
  const { best } = choice;
  const n = series.length;
  const memberForecasts = best.members.map((name) => {
    const spec = candidates.find((c) => c.name === name) as ModelSpec;
    return sanitise(spec.fit(series).forecastFrom(series, n, horizon), series[n - 1]);
  });
  const point = combine(memberForecasts, best.combiner);
  const errors = plan.origins.map((origin, k) => best.forecasts[k].map((f, j) => series[origin + j] - f));
  const bands = { halfWidth80: conformalHalfWidths(errors, horizon, 0.8), halfWidth95: conformalHalfWidths(errors, horizon, 0.95) };
  const mape = scoreMape(series, plan, best.forecasts);
  return {
    ...assemble(point, bands, nonNegative),
    model: best.name,
    modelsConsidered: choice.all.map((c) => ({ model: c.name, backtestMase: c.mase })),
    backtestMase: best.mase,
    ...(mape !== undefined && Number.isFinite(mape) ? { backtestMape: mape } : {}),
  };
}
