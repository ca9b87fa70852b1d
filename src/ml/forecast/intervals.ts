import type { Bands } from './result.ts';

/**
 * Prediction intervals from backtest errors, conformal style. The errors come from forecasts made
 * at every origin of the backtest span with parameters fitted before it (forecast.ts). For each
 * horizon step h the absolute errors |y − ŷ| at steps h−1, h, h+1 are pooled (neighbouring steps
 * have similar spread), and the half-width at level L is their finite-sample conformal quantile:
 * the ⌈(N + 1)·L⌉-th smallest of the N pooled errors (the largest when that exceeds N). Half-widths
 * are made non-decreasing in h, since uncertainty does not shrink with distance. Steps beyond the
 * backtest horizon H widen like a random walk: w(h) = w(H)·sqrt(h / H). Intervals are symmetric
 * around the point forecast.
 */
export function conformalBands(errors: Float64Array[], horizon: number): Bands {
  const observedSteps = errors[0]?.length ?? 0;
  const halfWidth80 = new Float64Array(horizon);
  const halfWidth95 = new Float64Array(horizon);
  if (observedSteps === 0) return { halfWidth80, halfWidth95 };
  const observed80 = new Float64Array(observedSteps);
  const observed95 = new Float64Array(observedSteps);
  for (let j = 0; j < observedSteps; j++) {
    const pooled = pooledAbsoluteErrors(errors, Math.max(0, j - 1), Math.min(observedSteps - 1, j + 1));
    observed80[j] = Math.max(j > 0 ? observed80[j - 1] : 0, conformalQuantile(pooled, 0.8));
    observed95[j] = Math.max(j > 0 ? observed95[j - 1] : 0, conformalQuantile(pooled, 0.95));
  }
  for (let h = 0; h < horizon; h++) {
    const beyond = h < observedSteps ? 1 : Math.sqrt((h + 1) / observedSteps);
    const step = Math.min(h, observedSteps - 1);
    halfWidth80[h] = observed80[step] * beyond;
    halfWidth95[h] = observed95[step] * beyond;
  }
  return { halfWidth80, halfWidth95 };
}

/** |error| at steps first..last of every origin, finite ones only, sorted ascending. */
function pooledAbsoluteErrors(errors: Float64Array[], first: number, last: number): Float64Array {
  const pooled: number[] = [];
  for (const row of errors) {
    for (let step = first; step <= last; step++) if (Number.isFinite(row[step])) pooled.push(Math.abs(row[step]));
  }
  return Float64Array.from(pooled).sort();
}

/** The ⌈(N + 1)·level⌉-th smallest of the sorted values (the largest when that exceeds N); 0 when empty. */
export function conformalQuantile(sorted: Float64Array, level: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((sorted.length + 1) * level);
  return sorted[Math.min(sorted.length, rank) - 1];
}
