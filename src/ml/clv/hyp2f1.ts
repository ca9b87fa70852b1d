/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and real z < 1.
 *
 * No maintained npm package provides it (searched the registry list for hypergeometric packages:
 * only the hypergeometric *distribution* of @stdlib; mathjs has no 2F1), so it is written here.
 *
 * Definition (Abramowitz & Stegun 15.1.1): 2F1(a, b; c; z) = Σ_n (a)_n (b)_n / ((c)_n n!) zⁿ, with
 * the rising factorial (q)_n = q (q + 1) … (q + n − 1). The series converges for |z| < 1; each term
 * is the previous one times (a + n)(b + n) z / ((c + n)(n + 1)).
 *
 * Transformations used so that the series is only ever summed for 0 ≤ z < 1 with c − a − b ≥ 0:
 * - z < 0, Pfaff (A&S 15.3.4): 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)), which maps
 *   z ∈ (−∞, 0) onto (0, 1);
 * - 0 < z < 1 and c − a − b < 0, Euler (A&S 15.3.3): 2F1(a, b; c; z) = (1 − z)^(c − a − b) 2F1(c − a, c − b; c; z).
 *   When c − a − b < 0 the function grows like (1 − z)^(c − a − b) as z → 1 and the series' terms
 *   decay slowly; after Euler's transformation the series converges even at z = 1, and the large
 *   factor is kept as a logarithm (logHyp2f1), so that callers who multiply it by a small power of
 *   (1 − z) — as the BG/NBD conditional expectation does — never overflow. This is the transformation
 *   lifetimes uses for that expectation when scipy's hyp2f1 overflows.
 *
 * Summation stops when the remaining tail is provably below 1e-16 of the sum: the term ratio is
 * z · (a + k)/(k + 1) · (b + k)/(c + k), and once k is past every sign change each factor
 * (p + k)/(q + k) moves monotonically towards 1, so ρ = z · max(1, factor now) · max(1, factor now)
 * bounds every later ratio and the tail after term t_k is at most |t_k| ρ/(1 − ρ). (This holds
 * long before k exceeds large parameters, e.g. b ≈ c ≈ 10⁶ in a BG/NBD fit without dropout.) The
 * number of terms grows like 37 / −ln z, about 37,000 at z = 0.999; beyond 10⁷ a RangeError is thrown.
 */
const EPSILON = 1e-16;
const MAX_TERMS = 10_000_000;

export interface ScaledHyp2f1 {
  /** 2F1 = sum · exp(logScale). */
  sum: number;
  logScale: number;
}

function isNonPositiveInteger(q: number): boolean {
  return q <= 0 && Number.isInteger(q);
}

/** max(1, (p + k)/(q + k)): a bound on that factor of the term ratio for every later k (see below). */
function factorBound(p: number, q: number, k: number): number {
  return Math.max(1, (p + k) / (q + k));
}

/** Σ (a)_n (b)_n / ((c)_n n!) zⁿ for 0 ≤ z < 1. */
function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  // Past k0 no factor of the term ratio changes sign any more.
  const k0 = Math.max(0, -a, -b, -c);
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (term === 0) return sum;
    const k = n + 1;
    if (k > k0) {
      // The ratio t_{k+1}/t_k = z · (a + k)/(k + 1) · (b + k)/(c + k) (or the other pairing); each
      // factor (p + k)/(q + k) is monotone in k and tends to 1, so max(1, its value now) bounds it
      // from here on, and the tail after t_k is at most |t_k| ρ/(1 − ρ).
      const rho =
        z * Math.min(factorBound(a, 1, k) * factorBound(b, c, k), factorBound(b, 1, k) * factorBound(a, c, k));
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= EPSILON * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms.`);
}

/** 2F1(a, b; c; z) as sum · exp(logScale), for callers that combine the scale with other powers. */
export function scaledHyp2f1(a: number, b: number, c: number, z: number): ScaledHyp2f1 {
  if (![a, b, c, z].every(Number.isFinite)) return { sum: NaN, logScale: 0 };
  if (isNonPositiveInteger(c) && !(isNonPositiveInteger(a) && a > c) && !(isNonPositiveInteger(b) && b > c)) {
    throw new RangeError(`2F1 is not defined for c = ${c} (a non-positive integer).`);
  }
  if (!(z < 1)) throw new RangeError(`2F1 is only implemented for z < 1 (got z = ${z}).`);
  if (z === 0 || a === 0 || b === 0) return { sum: 1, logScale: 0 };
  if (z < 0) {
    const inner = scaledHyp2f1(a, c - b, c, z / (z - 1));
    return { sum: inner.sum, logScale: inner.logScale - a * Math.log1p(-z) };
  }
  // A polynomial (a or b a non-positive integer) is summed as it is: it has finitely many terms.
  const polynomial = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (c - a - b < 0 && !polynomial) {
    return { sum: series(c - a, c - b, c, z), logScale: (c - a - b) * Math.log1p(-z) };
  }
  return { sum: series(a, b, c, z), logScale: 0 };
}

/** 2F1(a, b; c; z) for z < 1; may overflow to ±Infinity where the value exceeds 1.8e308. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { sum, logScale } = scaledHyp2f1(a, b, c, z);
  return logScale === 0 ? sum : sum * Math.exp(logScale);
}

/** ln 2F1(a, b; c; z) for z < 1 where 2F1 > 0 (NaN where it is not positive); never overflows. */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const { sum, logScale } = scaledHyp2f1(a, b, c, z);
  return sum > 0 ? Math.log(sum) + logScale : NaN;
}
