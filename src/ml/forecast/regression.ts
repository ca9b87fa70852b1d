import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { ModelSpec } from './types.ts';

/**
 * Linear regression on an intercept, a linear trend and K Fourier pairs
 *   y_t = c + d·τ_t + Σ_{k=1..K} [a_k·sin(2πkt/m) + b_k·cos(2πkt/m)] + ε_t,
 * K = min(⌊(m−1)/2⌋, 5): enough harmonics for a smooth yearly shape on weekly data without fitting
 * noise. With no seasonality it is the plain trend line. The fit uses the last `window` points only,
 * so that the trend follows the recent direction. τ_t = (t − centre) / scale keeps the normal
 * equations XᵀX·β = Xᵀy well conditioned; they are solved by Cholesky decomposition, and a singular
 * system (too few points) falls back to the last value. From many origins the sums XᵀX and Xᵀy
 * slide with the window: add the newest row, drop the oldest.
 */
function harmonics(period: number): number {
  return period > 2 ? Math.min(Math.floor((period - 1) / 2), 5) : 0;
}

interface Design {
  period: number;
  pairs: number;
  centre: number;
  scale: number;
}

function designRow(t: number, design: Design, row: Float64Array): Float64Array {
  row[0] = 1;
  row[1] = (t - design.centre) / design.scale;
  for (let k = 1; k <= design.pairs; k++) {
    const angle = (2 * Math.PI * k * t) / design.period;
    row[2 * k] = Math.sin(angle);
    row[2 * k + 1] = Math.cos(angle);
  }
  return row;
}

/** Running XᵀX (lower triangle) and Xᵀy over the rows of a window of time points. */
class NormalEquations {
  private readonly gram: Float64Array;
  private readonly moments: Float64Array;
  private readonly row: Float64Array;

  constructor(private readonly design: Design, private readonly values: Float64Array) {
    const p = 2 + 2 * design.pairs;
    this.gram = new Float64Array(p * p);
    this.moments = new Float64Array(p);
    this.row = new Float64Array(p);
  }

  /** sign +1 adds time t's row, −1 removes it. */
  update(t: number, sign: 1 | -1): void {
    const { row, gram, moments } = this;
    const p = row.length;
    designRow(t, this.design, row);
    for (let i = 0; i < p; i++) {
      moments[i] += sign * row[i] * this.values[t];
      for (let j = 0; j <= i; j++) gram[i * p + j] += sign * row[i] * row[j];
    }
  }

  solve(): Float64Array | undefined {
    const p = this.row.length;
    const gram = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => this.gram[Math.max(i, j) * p + Math.min(i, j)]));
    const cholesky = new CholeskyDecomposition(new Matrix(gram));
    if (!cholesky.isPositiveDefinite()) return undefined;
    return Float64Array.from(cholesky.solve(Matrix.columnVector(Array.from(this.moments))).getColumn(0));
  }
}

function extrapolate(coefficients: Float64Array | undefined, design: Design, values: Float64Array, end: number, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const row = new Float64Array(2 + 2 * design.pairs);
  for (let h = 0; h < horizon; h++) {
    designRow(end + h, design, row);
    out[h] = coefficients ? row.reduce((sum, x, i) => sum + x * coefficients[i], 0) : values[end - 1];
  }
  return out;
}

export function trendFourierRegression(period: number, seasonal: boolean, window: number): ModelSpec {
  const pairs = seasonal ? harmonics(period) : 0;
  const forecastFromEach = (values: Float64Array, origins: readonly number[], horizon: number): Float64Array[] => {
    const design: Design = { period, pairs, centre: origins[origins.length - 1] - window / 2, scale: window };
    const equations = new NormalEquations(design, values);
    let from = Math.max(0, origins[0] - window);
    let to = from;
    return origins.map((end) => {
      for (; to < end; to++) equations.update(to, 1);
      for (; from < Math.max(0, end - window); from++) equations.update(from, -1);
      return extrapolate(equations.solve(), design, values, end, horizon);
    });
  };
  return {
    name: pairs > 0 ? 'Linear regression (trend + Fourier season)' : 'Linear regression (trend)',
    fit: () => ({
      forecastFrom: (values, end, horizon) => forecastFromEach(values, [end], horizon)[0],
      forecastFromEach,
    }),
  };
}
