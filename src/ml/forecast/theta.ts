import { fitSesAlpha, sesLevel } from './exponential-smoothing.ts';
import type { ModelSpec } from './types.ts';

/**
 * The Theta method as in the M4 benchmark (Assimakopoulos & Nikolopoulos, 2000): the series is
 * split into the theta-0 line (its least-squares linear trend a + b·t) and the theta-2 line
 * (2·y_t − (a + b·t)), which doubles the local curvature. The theta-0 line is extrapolated, the
 * theta-2 line is forecast by simple exponential smoothing, and the forecast is their mean.
 * At each origin the trend is re-estimated (cheap, closed form); alpha stays as fitted.
 */
export function linearTrend(values: ArrayLike<number>, end: number): { intercept: number; slope: number } {
  const meanT = (end - 1) / 2;
  let meanY = 0;
  for (let t = 0; t < end; t++) meanY += values[t] / end;
  let covariance = 0;
  let variance = 0;
  for (let t = 0; t < end; t++) {
    covariance += (t - meanT) * (values[t] - meanY);
    variance += (t - meanT) * (t - meanT);
  }
  const slope = variance > 0 ? covariance / variance : 0;
  return { intercept: meanY - slope * meanT, slope };
}

function thetaLine(values: ArrayLike<number>, end: number): { line: Float64Array; intercept: number; slope: number } {
  const { intercept, slope } = linearTrend(values, end);
  const line = new Float64Array(end);
  for (let t = 0; t < end; t++) line[t] = 2 * values[t] - (intercept + slope * t);
  return { line, intercept, slope };
}

export const theta: ModelSpec = {
  name: 'Theta',
  fit(train) {
    const alpha = fitSesAlpha(thetaLine(train, train.length).line);
    return {
      forecastFrom(values, end, horizon) {
        const { line, intercept, slope } = thetaLine(values, end);
        const smoothed = sesLevel(line, end, alpha);
        const out = new Float64Array(horizon);
        for (let h = 0; h < horizon; h++) out[h] = 0.5 * (intercept + slope * (end + h)) + 0.5 * smoothed;
        return out;
      },
    };
  },
};
