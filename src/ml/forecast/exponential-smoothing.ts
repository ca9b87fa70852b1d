import { nelderMead } from '../optim/nelder-mead.ts';
import type { FittedModel, ModelSpec } from './types.ts';

/**
 * Exponential smoothing in Holt–Winters component form, one runner for every variant:
 *   level    l_t = α·(y_t − s_{t−m}) + (1 − α)·(l_{t−1} + φ·b_{t−1})      (additive season)
 *            l_t = α·(y_t / s_{t−m}) + (1 − α)·(l_{t−1} + φ·b_{t−1})      (multiplicative season)
 *   trend    b_t = β·(l_t − l_{t−1}) + (1 − β)·φ·b_{t−1}
 *   season   s_t = γ·(y_t − l_t) + (1 − γ)·s_{t−m}   or   γ·(y_t / l_t) + (1 − γ)·s_{t−m}
 *   forecast ŷ_{t+h} = l_t + (φ + φ² + … + φ^h)·b_t, then + s or × s for the matching season slot.
 * SES has no trend and no season; Holt has φ < 1 (damped trend). Parameters minimise the in-sample
 * one-step sum of squared errors; initial states come from the first one or two seasons.
 */
export type Seasonality = 'none' | 'additive' | 'multiplicative';

interface SmoothingShape {
  trend: boolean;
  season: Seasonality;
  period: number;
}

interface SmoothingParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface Stops {
  origins: readonly number[];
  horizon: number;
  /** Filled in origin order. */
  forecasts: Float64Array[];
}

interface SmoothingState {
  level: number;
  trend: number;
  /** seasonal[t mod period] is the factor for time t. */
  seasonal: Float64Array;
}

function mean(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
}

function initialState(values: Float64Array, shape: SmoothingShape): SmoothingState {
  const m = shape.period;
  if (shape.season === 'none') {
    const trend = shape.trend && values.length > 1 ? (values[Math.min(3, values.length - 1)] - values[0]) / Math.min(3, values.length - 1) : 0;
    return { level: values[0], trend, seasonal: new Float64Array(1) };
  }
  const first = mean(values, 0, m);
  const second = mean(values, m, 2 * m);
  const seasonal = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    seasonal[i] = shape.season === 'additive'
      ? (values[i] - first + values[i + m] - second) / 2
      : (values[i] / first + values[i + m] / second) / 2;
  }
  return { level: first, trend: shape.trend ? (second - first) / m : 0, seasonal };
}

/**
 * Runs the recursions over values[0..end); returns the final state and the one-step SSE. With
 * `stops`, it also forecasts `stops.horizon` steps from each origin in `stops.origins` (ascending,
 * each ≤ end) on its way, so that many origins cost one pass.
 */
function runSmoothing(values: Float64Array, end: number, shape: SmoothingShape, p: SmoothingParams, stops?: Stops): { state: SmoothingState; sse: number } {
  const state = initialState(values, shape);
  const { seasonal } = state;
  const m = shape.period;
  const multiplicative = shape.season === 'multiplicative';
  const seasonalModel = shape.season !== 'none';
  let { level, trend } = state;
  let sse = 0;
  for (let t = 0; t < end; t++) {
    if (stops) forecastAtStops(stops, { level, trend, seasonal }, shape, p, t);
    const y = values[t];
    const slot = seasonalModel ? t % m : 0;
    const s = seasonalModel ? seasonal[slot] : multiplicative ? 1 : 0;
    const base = level + p.phi * trend;
    const predicted = multiplicative ? base * s : base + s;
    sse += (y - predicted) * (y - predicted);
    const previousLevel = level;
    const deseasonalised = multiplicative ? y / s : y - s;
    level = p.alpha * deseasonalised + (1 - p.alpha) * base;
    if (shape.trend) trend = p.beta * (level - previousLevel) + (1 - p.beta) * p.phi * trend;
    if (seasonalModel) {
      seasonal[slot] = multiplicative
        ? p.gamma * (y / level) + (1 - p.gamma) * s
        : p.gamma * (y - level) + (1 - p.gamma) * s;
    }
  }
  state.level = level;
  state.trend = trend;
  if (stops) forecastAtStops(stops, state, shape, p, end);
  return { state, sse };
}

/** Adds the forecasts of every stop at time t (the state after values[0..t)). */
function forecastAtStops(stops: Stops, state: SmoothingState, shape: SmoothingShape, p: SmoothingParams, t: number): void {
  while (stops.forecasts.length < stops.origins.length && stops.origins[stops.forecasts.length] === t) {
    stops.forecasts.push(forecastFromState(state, shape, p, t, stops.horizon));
  }
}

function forecastFromState(state: SmoothingState, shape: SmoothingShape, p: SmoothingParams, end: number, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  let dampedSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= p.phi;
    dampedSum += phiPower;
    const base = state.level + (shape.trend ? dampedSum * state.trend : 0);
    if (shape.season === 'none') out[h - 1] = base;
    else {
      const s = state.seasonal[(end + h - 1) % shape.period];
      out[h - 1] = shape.season === 'multiplicative' ? base * s : base + s;
    }
  }
  return out;
}

/** Parameter vector order: alpha, then beta if trend, gamma if season, phi if trend. */
function decodeParams(x: number[], shape: SmoothingShape): SmoothingParams {
  let i = 0;
  const alpha = x[i++];
  const beta = shape.trend ? x[i++] : 0;
  // γ ≤ 1 − α keeps the seasonal update from overreacting (the usual admissibility bound).
  const gamma = shape.season !== 'none' ? x[i++] * (1 - alpha) : 0;
  const phi = shape.trend ? x[i++] : 1;
  return { alpha, beta, gamma, phi };
}

function fitSmoothing(train: Float64Array, shape: SmoothingShape): FittedModel {
  const start = [0.5];
  const lower = [0.0001];
  const upper = [1];
  if (shape.trend) { start.push(0.1); lower.push(0.0001); upper.push(1); }
  if (shape.season !== 'none') { start.push(0.1); lower.push(0); upper.push(1); }
  if (shape.trend) { start.push(0.95); lower.push(0.8); upper.push(0.98); }
  const objective = (x: number[]): number => runSmoothing(train, train.length, shape, decodeParams(x, shape)).sse;
  const best = nelderMead(objective, start, { bounds: { lower, upper }, maxIterations: 40 * start.length, tolerance: 1e-6, contraction: 'inside-only' });
  const params = decodeParams(best.point, shape);
  return {
    forecastFrom(values, end, horizon) {
      const { state } = runSmoothing(values, end, shape, params);
      return forecastFromState(state, shape, params, end, horizon);
    },
    forecastFromEach(values, origins, horizon) {
      const stops: Stops = { origins, horizon, forecasts: [] };
      runSmoothing(values, origins[origins.length - 1], shape, params, stops);
      return stops.forecasts;
    },
  };
}

export const simpleExponentialSmoothing: ModelSpec = {
  name: 'Simple exponential smoothing',
  fit: (train) => fitSmoothing(train, { trend: false, season: 'none', period: 1 }),
};

export const dampedHolt: ModelSpec = {
  name: 'Holt (damped trend)',
  fit: (train) => fitSmoothing(train, { trend: true, season: 'none', period: 1 }),
};

export function holtWinters(season: 'additive' | 'multiplicative', period: number): ModelSpec {
  return {
    name: `Holt-Winters ${season} (damped trend)`,
    fit: (train) => fitSmoothing(train, { trend: true, season, period }),
  };
}

/** Exposed for tests and for Theta, which smooths its own theta line. */
export function fitSesAlpha(train: Float64Array): number {
  const shape: SmoothingShape = { trend: false, season: 'none', period: 1 };
  const objective = (x: number[]): number => runSmoothing(train, train.length, shape, decodeParams(x, shape)).sse;
  return nelderMead(objective, [0.5], { bounds: { lower: [0.0001], upper: [1] }, maxIterations: 40, tolerance: 1e-6, contraction: 'inside-only' }).point[0];
}

/** Final SES level of values[0..end) with a fixed alpha, the level starting at values[0]. */
export function sesLevel(values: ArrayLike<number>, end: number, alpha: number): number {
  let level = values[0];
  for (let t = 1; t < end; t++) level += alpha * (values[t] - level);
  return level;
}
