import { Matrix, QrDecomposition } from 'ml-matrix';
import type { ModelSpec } from './types.ts';

/**
 * Linear regression on an intercept, a linear trend and K Fourier pairs
 *   y_t = c + d·t + Σ_{k=1..K} [a_k·sin(2πkt/m) + b_k·cos(2πkt/m)] + ε_t,
 * solved by least squares (QR decomposition). K = min(⌊(m−1)/2⌋, 5): enough harmonics for a smooth
 * yearly shape on weekly data without fitting noise. With no seasonality it is the plain trend line.
 * The trend is fitted on the last `window` points only, so that it follows the recent direction.
 */
function harmonics(period: number): number {
  return period > 2 ? Math.min(Math.floor((period - 1) / 2), 5) : 0;
}

function designRow(t: number, period: number, pairs: number): number[] {
  const row = [1, t];
  for (let k = 1; k <= pairs; k++) {
    const angle = (2 * Math.PI * k * t) / period;
    row.push(Math.sin(angle), Math.cos(angle));
  }
  return row;
}

function solveCoefficients(values: Float64Array, from: number, end: number, period: number, pairs: number): Matrix | undefined {
  const rows: number[][] = [];
  const targets: number[][] = [];
  for (let t = from; t < end; t++) {
    rows.push(designRow(t, period, pairs));
    targets.push([values[t]]);
  }
  const qr = new QrDecomposition(new Matrix(rows));
  return qr.isFullRank() ? qr.solve(new Matrix(targets)) : undefined;
}

export function trendFourierRegression(period: number, seasonal: boolean, window: number): ModelSpec {
  const pairs = seasonal ? harmonics(period) : 0;
  return {
    name: pairs > 0 ? 'Linear regression (trend + Fourier season)' : 'Linear regression (trend)',
    fit: () => ({
      forecastFrom(values, end, horizon) {
        const from = Math.max(0, end - window);
        const coefficients = solveCoefficients(values, from, end, period, pairs);
        const out = new Float64Array(horizon);
        for (let h = 0; h < horizon; h++) {
          const row = designRow(end + h, period, pairs);
          out[h] = coefficients
            ? row.reduce((sum, x, i) => sum + x * coefficients.get(i, 0), 0)
            : values[end - 1];
        }
        return out;
      },
    }),
  };
}
