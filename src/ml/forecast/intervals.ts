/**
 * Prediction intervals from backtest errors, conformal style. For each horizon step h the absolute
 * backtest errors |y − ŷ| at steps h−1, h, h+1 of every origin are pooled (neighbouring steps have
 * similar spread; pooling triples the sample), and the half-width at level L is their finite-sample
 * conformal quantile: the ⌈(N + 1)·L⌉-th smallest of the N pooled errors (the largest when that
 * exceeds N). Half-widths are made non-decreasing in h, since uncertainty does not shrink with
 * distance. Steps beyond the backtest horizon H widen like a random walk: w(h) = w(H)·sqrt(h / H).
 * Intervals are symmetric around the point forecast.
 */
export function conformalHalfWidths(errors: Float64Array[], horizon: number, level: number): Float64Array {
  const observedSteps = errors[0]?.length ?? 0;
  const widths = new Float64Array(horizon);
  if (observedSteps === 0) return widths;
  const observed = new Float64Array(observedSteps);
  for (let j = 0; j < observedSteps; j++) {
    const pooled: number[] = [];
    for (let step = Math.max(0, j - 1); step <= Math.min(observedSteps - 1, j + 1); step++) {
      for (const row of errors) pooled.push(Math.abs(row[step]));
    }
    observed[j] = Math.max(j > 0 ? observed[j - 1] : 0, conformalQuantile(pooled, level));
  }
  for (let h = 0; h < horizon; h++) {
    widths[h] = h < observedSteps
      ? observed[h]
      : observed[observedSteps - 1] * Math.sqrt((h + 1) / observedSteps);
  }
  return widths;
}

export function conformalQuantile(values: number[], level: number): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return 0;
  const rank = Math.ceil((finite.length + 1) * level);
  return finite[Math.min(finite.length, rank) - 1];
}
