/**
 * A candidate model is fitted once on a training prefix, then asked to forecast from any later
 * origin of the same series with its fitted parameters (states are re-run, parameters are not
 * refitted). Index t of `values` must mean the same time point at fit and at forecast time, so
 * models may key seasonal positions on t mod period.
 */
export interface FittedModel {
  /** Forecast values[end], ..., values[end + horizon - 1] from values[0..end). */
  forecastFrom(values: Float64Array, end: number, horizon: number): Float64Array;
}

export interface ModelSpec {
  /** Human name, shown to users, e.g. 'Holt (damped trend)'. */
  name: string;
  fit(train: Float64Array): FittedModel;
}
