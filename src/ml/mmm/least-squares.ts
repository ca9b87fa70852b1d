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

/**
 * Pooled-ROAS prior (empirical Bayes, in the spirit of Meridian's ROAS priors but scale-free): each
 * channel's ROAS at its usual spend, beta_c · u_c (u_c: ROAS per unit of beta, from the hyper-parameters),
 * is drawn around the ROAS all channels share, rho, with sd POOLED_ROAS_SD · rho:
 *
 *   minimise ‖P(y − Mβ)‖² / σ² + Σ_c ((β_c u_c − rho) / (POOLED_ROAS_SD · rho))²   over β ≥ 0.
 *
 * rho is the one coefficient of the regression on Σ_c s_c / u_c (every channel with the same ROAS), σ² the
 * residual variance of the fit without the prior. A channel whose spend moves little or is small next to
 * the outcome's noise then keeps about the pooled return instead of a value read off the noise (0 or 10×);
 * a channel the data pins down barely moves. Without a positive pooled ROAS the prior is left out.
 */
export const POOLED_ROAS_SD = 1;

export interface PoolingPrior {
  /** ROAS at the channel's usual spend per unit of beta. */
  unitRoas: number[];
}

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

  /** With `pooling`, `sse` includes the prior's penalty × σ² (so it stays a loss in units of squared outcome). */
  solveMedia(media: ArrayLike<number>[], pooling?: PoolingPrior): MediaSolution {
    const residualMedia = media.map((column) => this.residualise(column));
    const count = residualMedia.length;
    if (count === 0) return { beta: [], sse: dot(this.residualOutcome, this.residualOutcome) };
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
    const beta = nnlsFromGram(gram, rhs).x;
    const sse = this.residualSse(residualMedia, beta);
    if (!pooling) return { beta, sse };

    const rho = this.pooledRoas(residualMedia, pooling.unitRoas);
    const variance = sse / Math.max(1, this.residualOutcome.length - this.basis.length - count);
    if (!(rho > 0) || !(variance > 0)) return { beta, sse };
    const sd = POOLED_ROAS_SD * rho;
    for (let k = 0; k < count; k++) {
      const u = pooling.unitRoas[k];
      if (!(u > 0)) continue;
      const weight = (variance * u * u) / (sd * sd);
      gram.set(k, k, gram.get(k, k) + weight);
      rhs[k] += (weight * rho) / u;
    }
    const pooled = nnlsFromGram(gram, rhs).x;
    let penalty = 0;
    pooling.unitRoas.forEach((u, k) => {
      if (u > 0) penalty += ((pooled[k] * u - rho) / sd) ** 2;
    });
    return { beta: pooled, sse: this.residualSse(residualMedia, pooled) + variance * penalty };
  }

  /** The ROAS every channel would share if they all returned alike: least squares on Σ_c s_c / u_c. */
  private pooledRoas(residualMedia: Float64Array[], unitRoas: number[]): number {
    const combined = new Float64Array(this.residualOutcome.length);
    residualMedia.forEach((column, k) => {
      if (!(unitRoas[k] > 0)) return;
      for (let t = 0; t < combined.length; t++) combined[t] += column[t] / unitRoas[k];
    });
    const norm = dot(combined, combined);
    return norm > 0 ? dot(combined, this.residualOutcome) / norm : 0;
  }

  private residualSse(residualMedia: Float64Array[], beta: number[]): number {
    let sse = 0;
    for (let t = 0; t < this.residualOutcome.length; t++) {
      let r = this.residualOutcome[t];
      for (let k = 0; k < residualMedia.length; k++) r -= residualMedia[k][t] * beta[k];
      sse += r * r;
    }
    return sse;
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
    return projectOff(this.basis, column);
  }
}

/** The column minus its projection on the span of an orthonormal basis (`orthonormalBasis`): P·column. */
export function projectOff(basis: Float64Array[], column: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(column);
  for (const q of basis) {
    const projection = dot(q, out);
    for (let t = 0; t < out.length; t++) out[t] -= projection * q[t];
  }
  return out;
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
