import type { FitQuality } from './types.ts';

/** R² = 1 − SSE/SST and NRMSE = RMSE / (max − min) of the actual values. */
export function fitQuality(actual: ArrayLike<number>, predicted: ArrayLike<number>): FitQuality {
  const n = actual.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += actual[t] / n;
  let sse = 0;
  let sst = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let t = 0; t < n; t++) {
    sse += (actual[t] - predicted[t]) ** 2;
    sst += (actual[t] - mean) ** 2;
    min = Math.min(min, actual[t]);
    max = Math.max(max, actual[t]);
  }
  const rmse = Math.sqrt(sse / n);
  return { r2: sst > 0 ? 1 - sse / sst : 0, nrmse: max > min ? rmse / (max - min) : 0 };
}
