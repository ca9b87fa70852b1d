import { Matrix, solve } from 'ml-matrix';

/**
 * Non-negative least squares, Lawson & Hanson (1974), "Solving Least Squares Problems", ch. 23:
 * minimise ‖A x − b‖² subject to x ≥ 0.
 *
 * Works on the normal equations G = AᵀA, h = Aᵀb (the "fast NNLS" arrangement of Bro & De Jong, 1997),
 * which suits the marketing-mix fit: the media design has a handful of columns, so G is tiny and is
 * rebuilt cheaply for every hyper-parameter candidate. The active-set logic is Lawson–Hanson's:
 * move the variable with the largest positive gradient w = h − G x into the passive set, solve the
 * unconstrained problem on the passive set, and step back towards feasibility while any passive
 * variable would turn negative.
 */
export interface NnlsResult {
  x: number[];
  iterations: number;
}

export function nnls(a: Matrix, b: ArrayLike<number>): NnlsResult {
  const bColumn = Matrix.columnVector(Array.from(b));
  const gram = a.transpose().mmul(a);
  const rhs = a.transpose().mmul(bColumn).getColumn(0);
  return nnlsFromGram(gram, rhs);
}

export function nnlsFromGram(gram: Matrix, rhs: ArrayLike<number>, maxIterations = 30 * gram.rows): NnlsResult {
  const n = gram.rows;
  const x = new Array<number>(n).fill(0);
  const passive = new Array<boolean>(n).fill(false);
  const tolerance = 1e-12 * Math.max(1, maxAbsDiagonal(gram)) * n;
  let iterations = 0;

  while (iterations < maxIterations) {
    const gradient = negativeGradient(gram, rhs, x);
    const entering = argmaxOutsidePassive(gradient, passive, tolerance);
    if (entering < 0) break;
    passive[entering] = true;

    // Inner loop: solve on the passive set; if that breaks non-negativity, step back along the segment.
    while (iterations++ < maxIterations) {
      const trial = solvePassive(gram, rhs, passive);
      if (passive.every((p, i) => !p || trial[i] > 0)) {
        for (let i = 0; i < n; i++) x[i] = trial[i];
        break;
      }
      let step = 1;
      for (let i = 0; i < n; i++) {
        if (passive[i] && trial[i] <= 0) step = Math.min(step, x[i] / (x[i] - trial[i]));
      }
      for (let i = 0; i < n; i++) {
        x[i] += step * (trial[i] - x[i]);
        if (passive[i] && x[i] <= tolerance) {
          passive[i] = false;
          x[i] = 0;
        }
      }
    }
  }
  return { x, iterations };
}

function maxAbsDiagonal(m: Matrix): number {
  let max = 0;
  for (let i = 0; i < m.rows; i++) max = Math.max(max, Math.abs(m.get(i, i)));
  return max;
}

/** w = h − G x: the negative gradient of ½‖Ax − b‖². */
function negativeGradient(gram: Matrix, rhs: ArrayLike<number>, x: number[]): number[] {
  return x.map((_, i) => {
    let s = rhs[i];
    for (let j = 0; j < x.length; j++) s -= gram.get(i, j) * x[j];
    return s;
  });
}

function argmaxOutsidePassive(gradient: number[], passive: boolean[], tolerance: number): number {
  let best = -1;
  for (let i = 0; i < gradient.length; i++) {
    if (!passive[i] && gradient[i] > tolerance && (best < 0 || gradient[i] > gradient[best])) best = i;
  }
  return best;
}

/** Unconstrained solution restricted to the passive set (other variables held at zero). */
function solvePassive(gram: Matrix, rhs: ArrayLike<number>, passive: boolean[]): number[] {
  const indices = passive.flatMap((p, i) => (p ? [i] : []));
  const sub = gram.selection(indices, indices);
  const subRhs = Matrix.columnVector(indices.map((i) => rhs[i]));
  const solved = solveSquare(sub, subRhs).getColumn(0);
  const out = new Array<number>(passive.length).fill(0);
  indices.forEach((i, k) => (out[i] = solved[k]));
  return out;
}

/** LU solve; a singular passive block (duplicate columns) falls back to the SVD's minimum-norm answer. */
function solveSquare(square: Matrix, rhs: Matrix): Matrix {
  try {
    return solve(square, rhs);
  } catch {
    return solve(square, rhs, true);
  }
}
