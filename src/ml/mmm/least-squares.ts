import { Matrix, solve } from 'ml-matrix';
import { nnlsFromGram } from './nnls.ts';

/**
 * Least squares with free baseline coefficients and non-negative media coefficients:
 *
 *   minimise ‖y − B γ − M β‖² + λ‖β‖²   over γ free, β ≥ 0.
 *
 * By Frisch–Waugh–Lovell, for any β the best γ leaves the residual P(y − Mβ), with P = I − Q Qᵀ the
 * projection off the baseline's column space (Q an orthonormal basis of B). So β solves an NNLS on the
 * residualised data (P M, P y), and γ follows by ordinary least squares on y − Mβ. The baseline basis is
 * computed once per data split, which keeps every hyper-parameter candidate cheap.
 *
 * λ is a small ridge on the media coefficients, RIDGE_FRACTION of the mean diagonal of (PM)ᵀ(PM):
 * it only stabilises the solve when two channels' transformed spends are nearly collinear
 * (it shrinks a typical coefficient by about 0.1 %).
 */
export const RIDGE_FRACTION = 1e-3;

export interface MediaSolution {
  beta: number[];
  /** ‖P(y − Mβ)‖²: the residual sum of squares with the best baseline for this β. */
  sse: number;
}

export class MixedLeastSquares {
  private readonly basis: Float64Array[];
  private readonly residualOutcome: Float64Array;

  constructor(
    private readonly baseline: Float64Array[],
    private readonly outcome: ArrayLike<number>,
  ) {
    this.basis = orthonormalBasis(baseline);
    this.residualOutcome = this.residualise(outcome);
  }

  solveMedia(media: ArrayLike<number>[]): MediaSolution {
    const residualMedia = media.map((column) => this.residualise(column));
    const count = residualMedia.length;
    const gram = new Matrix(count, count);
    const rhs = residualMedia.map((column) => dot(column, this.residualOutcome));
    for (let i = 0; i < count; i++) {
      for (let j = i; j < count; j++) {
        const value = dot(residualMedia[i], residualMedia[j]);
        gram.set(i, j, value);
        gram.set(j, i, value);
      }
    }
    const ridge = (RIDGE_FRACTION * gram.trace()) / Math.max(1, count);
    for (let i = 0; i < count; i++) gram.set(i, i, gram.get(i, i) + ridge);
    const beta = count > 0 ? nnlsFromGram(gram, rhs).x : [];

    let sse = 0;
    for (let t = 0; t < this.residualOutcome.length; t++) {
      let r = this.residualOutcome[t];
      for (let k = 0; k < count; k++) r -= residualMedia[k][t] * beta[k];
      sse += r * r;
    }
    return { beta, sse };
  }

  /** γ = argmin ‖(y − Mβ) − Bγ‖², by SVD so that a rank-deficient baseline still gets an answer. */
  baselineCoefficients(media: ArrayLike<number>[], beta: number[]): number[] {
    const rows = this.outcome.length;
    const target = new Array<number>(rows);
    for (let t = 0; t < rows; t++) {
      let v = this.outcome[t];
      media.forEach((column, k) => (v -= column[t] * beta[k]));
      target[t] = v;
    }
    const design = new Matrix(rows, this.baseline.length);
    this.baseline.forEach((column, j) => {
      for (let t = 0; t < rows; t++) design.set(t, j, column[t]);
    });
    return solve(design, Matrix.columnVector(target), true).getColumn(0);
  }

  private residualise(column: ArrayLike<number>): Float64Array {
    const out = Float64Array.from(column);
    for (const q of this.basis) {
      const projection = dot(q, out);
      for (let t = 0; t < out.length; t++) out[t] -= projection * q[t];
    }
    return out;
  }
}

/** Modified Gram–Schmidt; drops a column that is (numerically) a combination of the earlier ones. */
export function orthonormalBasis(columns: ArrayLike<number>[]): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const column of columns) {
    const v = Float64Array.from(column);
    const originalNorm = Math.sqrt(dot(v, v));
    for (const q of basis) {
      const projection = dot(q, v);
      for (let t = 0; t < v.length; t++) v[t] -= projection * q[t];
    }
    const norm = Math.sqrt(dot(v, v));
    if (originalNorm === 0 || norm < 1e-9 * originalNorm) continue;
    for (let t = 0; t < v.length; t++) v[t] /= norm;
    basis.push(v);
  }
  return basis;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
