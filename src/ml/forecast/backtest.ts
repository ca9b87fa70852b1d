import { forecastFromOrigins, type FittedModel, type ModelSpec } from './types.ts';

/**
 * Rolling-origin backtest. Every model is fitted once on values[0..fitEnd); it then forecasts
 * `horizon` steps from each origin (fitEnd ≤ origin ≤ n − horizon) with those fitted parameters,
 * its states run over the data up to that origin. No origin's forecast window overlaps the data its
 * parameters were fitted on. Origins are spaced `stride` apart, the last one at n − horizon.
 */
export interface BacktestPlan {
  fitEnd: number;
  origins: number[];
  horizon: number;
  /**
   * In-sample one-step naive mean absolute error on values[0..fitEnd): the MASE scale. When the
   * data before the first origin never moved, the same error over the whole series, so that
   * models can still be ranked.
   */
  scale: number;
}

export interface BacktestResult {
  name: string;
  /** The model fitted on values[0..fitEnd), for forecasts from further origins. */
  fitted: FittedModel;
  /** forecasts[k][j]: forecast of values[origins[k] + j]. */
  forecasts: Float64Array[];
  mase: number;
}

export interface OriginLayout {
  maxOrigins: number;
  /** Spacing of origins as a fraction of the backtest horizon. */
  strideFraction: number;
}

/** Six non-overlapping windows: a longer span than overlapping ones, so choices are steadier. */
const DEFAULT_LAYOUT: OriginLayout = { maxOrigins: 6, strideFraction: 1 };

export function naiveScale(values: ArrayLike<number>, end: number): number {
  let sum = 0;
  for (let t = 1; t < end; t++) sum += Math.abs(values[t] - values[t - 1]);
  return end > 1 ? sum / (end - 1) : 0;
}

/**
 * Backtest horizon: the requested one, shortened to a third of the series for short histories.
 * Origins: by default up to six, one backtest horizon apart, leaving at least `minFitLength` to fit on.
 */
export function planBacktest(values: ArrayLike<number>, horizon: number, minFitLength: number, layout: OriginLayout = DEFAULT_LAYOUT): BacktestPlan | undefined {
  const n = values.length;
  const backtestHorizon = Math.max(1, Math.min(horizon, Math.floor(n / 3)));
  const stride = Math.max(1, Math.floor(backtestHorizon * layout.strideFraction));
  const lastOrigin = n - backtestHorizon;
  const room = Math.floor((lastOrigin - minFitLength) / stride) + 1;
  const count = Math.min(layout.maxOrigins, room);
  if (count < 1) return undefined;
  const origins = Array.from({ length: count }, (_, k) => lastOrigin - (count - 1 - k) * stride);
  const fitEnd = origins[0];
  return { fitEnd, origins, horizon: backtestHorizon, scale: naiveScale(values, fitEnd) || naiveScale(values, n) };
}

/** Mean absolute error over all origins and steps, divided by the plan's naive scale. */
export function scoreMase(values: ArrayLike<number>, plan: BacktestPlan, forecasts: Float64Array[]): number {
  let sum = 0;
  let count = 0;
  plan.origins.forEach((origin, k) => {
    for (let j = 0; j < plan.horizon; j++) {
      sum += Math.abs(values[origin + j] - forecasts[k][j]);
      count++;
    }
  });
  const mae = sum / count;
  return plan.scale > 0 ? mae / plan.scale : mae === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** Mean absolute percentage error, or undefined when an actual value is zero. */
export function scoreMape(values: ArrayLike<number>, plan: BacktestPlan, forecasts: Float64Array[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < plan.origins.length; k++) {
    for (let j = 0; j < plan.horizon; j++) {
      const actual = values[plan.origins[k] + j];
      if (actual === 0) return undefined;
      sum += Math.abs((actual - forecasts[k][j]) / actual);
      count++;
    }
  }
  return (100 * sum) / count;
}

export function backtestModel(values: Float64Array, spec: ModelSpec, plan: BacktestPlan): BacktestResult {
  const fitted = spec.fit(values.subarray(0, plan.fitEnd));
  const forecasts = forecastFromOrigins(fitted, values, plan.origins, plan.horizon).map((forecast, k) => sanitise(forecast, values[plan.origins[k] - 1]));
  return { name: spec.name, fitted, forecasts, mase: scoreMase(values, plan, forecasts) };
}

/** Every origin from the plan's first to its last, one step apart. */
export function everyOrigin(plan: BacktestPlan): number[] {
  const last = plan.origins[plan.origins.length - 1];
  return Array.from({ length: last - plan.fitEnd + 1 }, (_, k) => plan.fitEnd + k);
}

/**
 * Errors y − ŷ of a weighted mean of fitted models at each origin: errors[k][j] is the error
 * of the forecast from origins[k] at step j + 1.
 */
export function weightedErrors(values: Float64Array, origins: number[], horizon: number, members: Array<{ fitted: FittedModel; weight: number }>): Float64Array[] {
  const errors = origins.map(() => new Float64Array(horizon));
  for (const { fitted, weight } of members) {
    forecastFromOrigins(fitted, values, origins, horizon).forEach((forecast, k) => {
      const origin = origins[k];
      sanitise(forecast, values[origin - 1]);
      for (let j = 0; j < horizon; j++) errors[k][j] -= weight * forecast[j];
    });
  }
  origins.forEach((origin, k) => {
    for (let j = 0; j < horizon; j++) errors[k][j] += values[origin + j];
  });
  return errors;
}

/** A model that diverges (NaN, ±Infinity) must not poison a forecast: fall back to `last`. */
export function sanitise(forecast: Float64Array, last: number): Float64Array {
  for (let i = 0; i < forecast.length; i++) if (!Number.isFinite(forecast[i])) forecast[i] = last;
  return forecast;
}
