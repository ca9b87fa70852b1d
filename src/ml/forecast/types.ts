/**
 * A candidate model is fitted once on a training prefix, then asked to forecast from any later
 * origin of the same series with its fitted parameters (states are re-run, parameters are not
 * refitted). Index t of `values` must mean the same time point at fit and at forecast time, so
 * models may key seasonal positions on t mod period.
 */
export interface FittedModel {
  /** Forecast values[end], ..., values[end + horizon - 1] from values[0..end). */
  forecastFrom(values: Float64Array, end: number, horizon: number): Float64Array;
  /** The same from many origins (ascending), when the model can do them in one pass. */
  forecastFromEach?(values: Float64Array, origins: readonly number[], horizon: number): Float64Array[];
}

/** forecastFrom at every origin (ascending), in one pass when the model supports it. */
export function forecastFromOrigins(model: FittedModel, values: Float64Array, origins: readonly number[], horizon: number): Float64Array[] {
  if (origins.length === 0) return [];
  return model.forecastFromEach?.(values, origins, horizon) ?? origins.map((origin) => model.forecastFrom(values, origin, horizon));
}

export interface ModelSpec {
  /** Human name, shown to users, e.g. 'Holt (damped trend)'. */
  name: string;
  fit(train: Float64Array): FittedModel;
}
