import { dampedHolt, simpleExponentialSmoothing } from './exponential-smoothing.ts';
import { theta } from './theta.ts';
import { forecastFromOrigins, type FittedModel, type ModelSpec } from './types.ts';

/**
 * Shrinkage of last year's factors towards 1. Chosen on M4 Weekly split 1 with --history 60 to 100
 * among 0.3, 0.5 and 0.7 (0.3: lower sMAPE at every history, MASE within 0.1 % or lower), then
 * checked on splits 2 and 3 (README).
 */
export const ONE_SEASON_STRENGTH = 0.3;

/** Ends the name of every one-season model, so replies can tell when last year's weeks shaped a forecast. */
export const ONE_SEASON_LABEL = "last year's weeks";

/** Points past one season needed: with exactly one season the adjustment did worse on M4 split 2. */
const MIN_EXTRA_POINTS = 4;

/**
 * The one-season candidates: Theta, damped Holt and SES adjusted by last year's weeks, for
 * positive series with at least one season and MIN_EXTRA_POINTS more but under two seasons (with
 * two, seasonal models compete instead). The backtest weighs them like every other candidate.
 */
export function oneSeasonCandidates(length: number, period: number, positive: boolean): ModelSpec[] {
  if (!positive || period <= 1 || length < period + MIN_EXTRA_POINTS || length >= 2 * period) return [];
  return [theta, dampedHolt, simpleExponentialSmoothing].map((model) => oneSeasonAdjusted(model, period, ONE_SEASON_STRENGTH));
}

/**
 * One-season adjustment: with one year of history the season cannot be estimated the usual way
 * (Holt-Winters and the classical decomposition need two), but last year's same weeks still say
 * something. Each value's ratio to a straight trend line, r_t = y_t / trend_t, is read as that
 * week's seasonal factor; a forecast made by `inner` from origin `end` for time τ is multiplied by
 *   (r̄(τ − period) / r̄(end − 1))^strength,
 * last year's factor for that week over the factor of the weeks the forecast starts from (r̄: mean
 * over three neighbouring weeks, to damp single-week noise). `strength` < 1 shrinks the factors
 * towards 1, since one season is a single noisy observation of each. Positive data only: with a
 * value or a trend point ≤ 0 the forecast is left as `inner` made it. Only values before the
 * origin are used.
 */
export function oneSeasonAdjusted(inner: ModelSpec, period: number, strength = 1): ModelSpec {
  return {
    name: `${inner.name}, ${ONE_SEASON_LABEL}`,
    fit(train): FittedModel {
      const fitted = inner.fit(train);
      return {
        forecastFrom(values, end, horizon) {
          return adjustBySeason(values, end, fitted.forecastFrom(values, end, horizon), period, strength);
        },
        forecastFromEach(values, origins, horizon) {
          return forecastFromOrigins(fitted, values, origins, horizon).map((forecast, k) => adjustBySeason(values, origins[k], forecast, period, strength));
        },
      };
    },
  };
}

/** Multiplies `forecast` (made from origin `end`) by last year's seasonal factors relative to the origin's. */
export function adjustBySeason(values: ArrayLike<number>, end: number, forecast: Float64Array, period: number, strength: number): Float64Array {
  const ratios = trendRatios(values, end);
  if (!ratios) return forecast;
  const smoothed = (t: number): number | undefined => {
    let sum = 0;
    let count = 0;
    for (let s = t - 1; s <= t + 1; s++) {
      if (s >= 0 && s < end) {
        sum += ratios[s];
        count++;
      }
    }
    return count > 0 && t >= 0 && t < end ? sum / count : undefined;
  };
  const base = smoothed(end - 1);
  if (base === undefined || !(base > 0)) return forecast;
  for (let h = 0; h < forecast.length; h++) {
    const lastYear = smoothed(end + h - period);
    if (lastYear === undefined) continue;
    forecast[h] *= Math.pow(lastYear / base, strength);
  }
  return forecast;
}

/** y_t / (a + b·t) for t < end, the line fitted by least squares to values[0..end); undefined when not all positive. */
function trendRatios(values: ArrayLike<number>, end: number): Float64Array | undefined {
  if (end < 3) return undefined;
  let sumT = 0;
  let sumY = 0;
  for (let t = 0; t < end; t++) {
    if (!(values[t] > 0)) return undefined;
    sumT += t;
    sumY += values[t];
  }
  const meanT = sumT / end;
  const meanY = sumY / end;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < end; t++) {
    sxy += (t - meanT) * (values[t] - meanY);
    sxx += (t - meanT) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const ratios = new Float64Array(end);
  for (let t = 0; t < end; t++) {
    const trend = meanY + slope * (t - meanT);
    if (!(trend > 0)) return undefined;
    ratios[t] = values[t] / trend;
  }
  return ratios;
}
