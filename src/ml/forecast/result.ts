/** Plain-object result of `forecast`. */
export interface ModelScore {
  model: string;
  /** Mean absolute scaled error over the rolling-origin backtest (see backtest.ts). */
  backtestMase: number;
}

export interface ModelWeight {
  model: string;
  weight: number;
}

export interface ForecastResult {
  point: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  /** Human name of the model used, e.g. 'Holt (damped trend)' or 'Weighted combination of 3 models: …'. */
  model: string;
  /** The models averaged, with weights summing to 1; one member for a single model or a fallback. */
  members: ModelWeight[];
  /** Every model and combination that was backtested, in order of preference. Empty for fallbacks. */
  modelsConsidered: ModelScore[];
  /** Backtest MASE of the model used; absent when the series was too short to backtest. */
  backtestMase?: number;
  /** Backtest MASE of the naive forecast (repeat the last value) on the same origins, for comparison. */
  naiveBacktestMase?: number;
  /** Backtest mean absolute percentage error (%), absent when an actual value was zero. */
  backtestMape?: number;
  /** Set when a fallback model was used, saying why. */
  fallback?: string;
  /** Set when the backtest had too few errors for a level's quantile and the band was widened by rule (intervals.ts): the range is rough. */
  roughIntervals?: { levels: Array<80 | 95>; fewestErrors: number };
}

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

export interface Bands {
  halfWidth80: ArrayLike<number>;
  halfWidth95: ArrayLike<number>;
}

/** Point ± half-widths; with nonNegative, point and lower bounds are clamped at 0. */
export function assemble(point: ArrayLike<number>, bands: Bands, nonNegative: boolean): Pick<ForecastResult, 'point' | 'lower80' | 'upper80' | 'lower95' | 'upper95'> {
  const floor = (x: number): number => (nonNegative ? Math.max(0, x) : x);
  const p = Array.from(point, floor);
  return {
    point: p,
    lower80: p.map((x, h) => floor(x - bands.halfWidth80[h])),
    upper80: p.map((x, h) => floor(x + bands.halfWidth80[h])),
    lower95: p.map((x, h) => floor(x - bands.halfWidth95[h])),
    upper95: p.map((x, h) => floor(x + bands.halfWidth95[h])),
  };
}

/**
 * Fallback: repeat the last value. Bands assume a random walk with Gaussian steps whose spread is
 * the root mean square of the observed one-step changes: half-width z·σ·sqrt(h). One observed value
 * (or no change at all) gives zero-width bands: no variability has been seen.
 */
export function naiveFallback(values: Float64Array, horizon: number, nonNegative: boolean, model: string, reason: string): ForecastResult {
  let squares = 0;
  for (let t = 1; t < values.length; t++) squares += (values[t] - values[t - 1]) ** 2;
  const sigma = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
  const steps = Array.from({ length: horizon }, (_, h) => sigma * Math.sqrt(h + 1));
  const point = new Array<number>(horizon).fill(values[values.length - 1]);
  return {
    ...assemble(point, { halfWidth80: steps.map((s) => Z80 * s), halfWidth95: steps.map((s) => Z95 * s) }, nonNegative),
    model,
    members: [{ model, weight: 1 }],
    modelsConsidered: [],
    fallback: reason,
  };
}
