/**
 * Gamma-Gamma model of the value of a customer's transactions:
 * Fader, P. S. & Hardie, B. G. S. (2013), "The Gamma-Gamma Model of Monetary Value"
 * (http://www.brucehardie.com/notes/025/), after Colombo & Jiang (1999).
 *
 * Assumptions: the values z of a customer's transactions are Gamma(shape p, rate ν); ν varies
 * across customers as Gamma(shape q, rate γ); values are independent of the purchase process (check
 * `frequencyValueCorrelation`, which should be near 0). Data per customer: x = number of repeat
 * transactions and m = their mean value (summary.ts), for customers with x ≥ 1 and m > 0.
 *
 * Likelihood of m given x (the note's eq. 3), written in logs once (`logLikelihoodTerms`):
 *   ln f(m | p, q, γ, x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m + px ln x − (px + q) ln(γ + m x).
 *
 * Conditional expected average transaction value (eq. 5):
 *   E[M | p, q, γ, m, x] = p (γ + m x) / (px + q − 1)
 *                        = (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · m,
 * a weighted mean of the population mean pγ/(q − 1) and the customer's own mean. A customer with
 * x = 0 gets the population mean. It needs q > 1; when the fit gives q ≤ 1 (values so spread out
 * that the population mean is infinite) the named fallback 'observed-mean' is used instead: each
 * repeat customer's own mean, and the mean over repeat customers for everybody else.
 *
 * Fit: maximum likelihood by the shared Nelder–Mead on ln(p, q, γ), from p = 1, q = 2,
 * γ = geometric mean of m (that start's population mean), with restarts; γ is searched within
 * 1e−6..1e6 times its start, p and q within 1e−6..1e6.
 */
import { nelderMead } from '../optim/nelder-mead.ts';
import { distinct } from './columns.ts';
import { ClvError } from './errors.ts';
import { logGamma } from './special.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface MonetaryData {
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

export interface GammaGammaFitOptions {
  /** Fewer usable customers (x ≥ 1, m > 0) than this is an error. Default 20. */
  minRepeatCustomers?: number;
  /** L2 penalty c · Σ (ln θ)² added to the mean negative log-likelihood. Default 0. */
  penalizer?: number;
  maxEvaluations?: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  /** Customers the fit used (x ≥ 1 and m > 0). */
  customers: number;
  /** Mean of m over those customers. */
  observedMeanValue: number;
  /** Pearson correlation of x and m over those customers: the model assumes it is near 0. */
  frequencyValueCorrelation: number;
  evaluations: number;
  converged: boolean;
  fallback?: { code: 'observed-mean'; message: string };
}

interface Usable {
  x: Float64Array;
  m: Float64Array;
}

function usable(data: MonetaryData): Usable {
  if (data.frequency.length !== data.monetary.length) {
    throw new ClvError('E_CLV_BAD_INPUT', 'Frequency and order value must have one value per customer (their lengths differ).');
  }
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < data.frequency.length; i++) {
    const x = data.frequency[i];
    const m = data.monetary[i];
    if (x >= 1 && m > 0 && Number.isFinite(m)) {
      xs.push(x);
      ms.push(m);
    }
  }
  return { x: Float64Array.from(xs), m: Float64Array.from(ms) };
}

/** Sum of ln f(m | p, q, γ, x) over the customers (terms in x alone computed once per distinct x). */
function logLikelihoodTerms({ p, q, gamma }: GammaGammaParams, data: Usable, byX: ReturnType<typeof distinct>, lnM: Float64Array): number {
  const xs = byX.values;
  const perX = new Float64Array(xs.length);
  const base = q * Math.log(gamma) - logGamma(q);
  for (let i = 0; i < xs.length; i++) perX[i] = base + logGamma(p * xs[i] + q) - logGamma(p * xs[i]) + p * xs[i] * Math.log(xs[i]);
  let total = 0;
  for (let i = 0; i < data.m.length; i++) {
    const px = p * data.x[i];
    total += perX[byX.index[i]] + (px - 1) * lnM[i] - (px + q) * Math.log(gamma + data.m[i] * data.x[i]);
  }
  return total;
}

/** Total Gamma-Gamma log-likelihood over customers with x ≥ 1 and m > 0. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: MonetaryData): number {
  const use = usable(data);
  return logLikelihoodTerms(params, use, distinct(use.x), use.m.map(Math.log));
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Maximum-likelihood Gamma-Gamma fit. Throws ClvError when too few customers have repeat order values. */
export function fitGammaGamma(data: MonetaryData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const use = usable(data);
  const n = use.m.length;
  const minimum = options.minRepeatCustomers ?? 20;
  if (n === 0) {
    throw new ClvError('E_CLV_NO_ORDER_VALUES', 'No customer has a repeat purchase with a positive amount, so typical order values cannot be learned.');
  }
  if (n < minimum) {
    throw new ClvError(
      'E_CLV_TOO_FEW_REPEAT_CUSTOMERS',
      `Only ${n} customers have repeat purchases with an amount; at least ${minimum} are needed to estimate order values.`,
    );
  }
  const byX = distinct(use.x);
  const lnM = use.m.map(Math.log);
  let observedMeanValue = 0;
  for (let i = 0; i < n; i++) observedMeanValue += use.m[i] / n;
  // Start where p = 1, q = 2 put the population mean (γ) at the geometric mean of m: the arithmetic
  // mean is dominated by a few huge values when values are heavy-tailed, and a start there fails.
  let lnGammaStart = 0;
  for (let i = 0; i < n; i++) lnGammaStart += lnM[i] / n;
  const bounds = { lower: [Math.log(1e-6), Math.log(1e-6), Math.log(1e-6) + lnGammaStart], upper: [Math.log(1e6), Math.log(1e6), Math.log(1e6) + lnGammaStart] };
  const penalizer = options.penalizer ?? 0;
  const decode = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const objective = (v: number[]): number => {
    let penalty = 0;
    for (const t of v) penalty += t * t;
    return -logLikelihoodTerms(decode(v), use, byX, lnM) / n + penalizer * penalty;
  };
  const best = nelderMead(objective, [0, Math.log(2), lnGammaStart], {
    bounds,
    initialStep: 0.5,
    tolerance: 1e-12,
    pointTolerance: 1e-7,
    maxEvaluations: options.maxEvaluations ?? 5000,
    restarts: 4,
  });
  const params = decode(best.point);
  const logLikelihood = logLikelihoodTerms(params, use, byX, lnM);
  if (!Number.isFinite(logLikelihood) || ![params.p, params.q, params.gamma].every(Number.isFinite)) {
    throw new ClvError('E_CLV_FIT_FAILED', 'The order-value model could not be fitted (the likelihood could not be computed). Check the amounts.');
  }
  const fit: GammaGammaFit = {
    params,
    logLikelihood,
    customers: n,
    observedMeanValue,
    frequencyValueCorrelation: correlation(use.x, use.m),
    evaluations: best.evaluations,
    converged: best.converged,
  };
  if (!(params.q > 1)) {
    fit.fallback = {
      code: 'observed-mean',
      message:
        "Order values vary too much between customers to estimate a typical value reliably, so each repeat customer's own average order value is used, and the overall average for everyone else.",
    };
  }
  return fit;
}

/**
 * E[M | p, q, γ, m, x] of every customer (the note's eq. 5); customers without a repeat order value
 * (x = 0 or m ≤ 0) get the population mean pγ/(q − 1). With the 'observed-mean' fallback: own mean
 * for repeat customers, `fit.observedMeanValue` for the others.
 */
export function expectedOrderValue(fit: Pick<GammaGammaFit, 'params' | 'observedMeanValue' | 'fallback'>, data: MonetaryData): Float64Array {
  const { p, q, gamma } = fit.params;
  const n = data.frequency.length;
  const out = new Float64Array(n);
  const fallback = fit.fallback !== undefined || !(q > 1);
  const populationMean = fallback ? fit.observedMeanValue : (p * gamma) / (q - 1);
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const m = data.monetary[i];
    if (!(x >= 1 && m > 0 && Number.isFinite(m))) out[i] = populationMean;
    else out[i] = fallback ? m : (p * (gamma + m * x)) / (p * x + q - 1);
  }
  return out;
}
