import type { Bands } from './result.ts';

/** Interval levels, in percent. */
export type IntervalLevel = 80 | 95;

/** Half-widths with a note of where the backtest had too few errors for a level's conformal rank. */
export interface ConformalBands extends Bands {
  /**
   * Levels for which at least one step's half-width was widened by the rule below instead of read
   * from the errors (fewer than 4 pooled errors for 80 %, fewer than 19 for 95 %, or a 95 %
   * quantile no wider than the 80 % one). Empty when every half-width is an observed quantile.
   */
  widened: IntervalLevel[];
  /** The fewest pooled errors behind any step's half-width. */
  fewestErrors: number;
}

/**
 * Prediction intervals from backtest errors, conformal style. The errors come from forecasts made
 * at every origin of the backtest span with parameters fitted before it (forecast.ts). For each
 * horizon step h the absolute errors |y − ŷ| at steps h−1, h, h+1 are pooled (neighbouring steps
 * have similar spread), and the half-width at level L is their finite-sample conformal quantile:
 * the ⌈(N + 1)·L⌉-th smallest of the N pooled errors.
 *
 * Too few errors: when that rank exceeds N (N < 4 at 80 %, N < 19 at 95 %) no order statistic is
 * wide enough. The largest error is then read as the quantile of |error| at level N/(N + 1) and
 * scaled to level L as for normal errors: w_L = e_max · z((1 + L)/2) / z((1 + N/(N + 1))/2), a
 * factor above 1. When the 95 % quantile is no wider than the 80 % one (ties among few or
 * whole-number errors), it becomes w_80 · z(0.975) / z(0.9). Either way the 95 % band is wider than
 * the 80 % band whenever any error was made, and `widened` tells the caller to call the range rough.
 *
 * Half-widths are made non-decreasing in h, since uncertainty does not shrink with distance. Steps
 * beyond the backtest horizon H widen like a random walk: w(h) = w(H)·sqrt(h / H). Intervals are
 * symmetric around the point forecast.
 */
export function conformalBands(errors: Float64Array[], horizon: number): ConformalBands {
  const observedSteps = errors[0]?.length ?? 0;
  const halfWidth80 = new Float64Array(horizon);
  const halfWidth95 = new Float64Array(horizon);
  if (observedSteps === 0) return { halfWidth80, halfWidth95, widened: [], fewestErrors: 0 };
  const observed80 = new Float64Array(observedSteps);
  const observed95 = new Float64Array(observedSteps);
  const widened = new Set<IntervalLevel>();
  let fewestErrors = Number.POSITIVE_INFINITY;
  for (let j = 0; j < observedSteps; j++) {
    const pooled = pooledAbsoluteErrors(errors, Math.max(0, j - 1), Math.min(observedSteps - 1, j + 1));
    fewestErrors = Math.min(fewestErrors, pooled.length);
    const at80 = intervalHalfWidth(pooled, 0.8);
    let at95 = intervalHalfWidth(pooled, 0.95);
    if (at80.widened) widened.add(80);
    if (at95.widened) widened.add(95);
    if (at80.value > 0 && at95.value <= at80.value) {
      at95 = { value: (at80.value * normalQuantile(0.975)) / normalQuantile(0.9), widened: true };
      widened.add(95);
    }
    observed80[j] = Math.max(j > 0 ? observed80[j - 1] : 0, at80.value);
    observed95[j] = Math.max(j > 0 ? observed95[j - 1] : 0, at95.value);
  }
  for (let h = 0; h < horizon; h++) {
    const beyond = h < observedSteps ? 1 : Math.sqrt((h + 1) / observedSteps);
    const step = Math.min(h, observedSteps - 1);
    halfWidth80[h] = observed80[step] * beyond;
    halfWidth95[h] = observed95[step] * beyond;
  }
  return { halfWidth80, halfWidth95, widened: [...widened].sort(), fewestErrors };
}

/** |error| at steps first..last of every origin, finite ones only, sorted ascending. */
function pooledAbsoluteErrors(errors: Float64Array[], first: number, last: number): Float64Array {
  const pooled: number[] = [];
  for (const row of errors) {
    for (let step = first; step <= last; step++) if (Number.isFinite(row[step])) pooled.push(Math.abs(row[step]));
  }
  return Float64Array.from(pooled).sort();
}

/** The conformal quantile when the errors allow it, else the largest error widened to `level` (see conformalBands). */
export function intervalHalfWidth(sorted: Float64Array, level: number): { value: number; widened: boolean } {
  const n = sorted.length;
  if (n === 0) return { value: 0, widened: false };
  if (Math.ceil((n + 1) * level) <= n) return { value: conformalQuantile(sorted, level), widened: false };
  const largest = sorted[n - 1];
  const readAs = n / (n + 1);
  return { value: (largest * normalQuantile((1 + level) / 2)) / normalQuantile((1 + readAs) / 2), widened: true };
}

/** The ⌈(N + 1)·level⌉-th smallest of the sorted values (the largest when that exceeds N); 0 when empty. */
export function conformalQuantile(sorted: Float64Array, level: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((sorted.length + 1) * level);
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Inverse of the standard normal distribution function (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
