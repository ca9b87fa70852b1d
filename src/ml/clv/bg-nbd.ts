/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying:
 * Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "'Counting Your Customers' the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284 (equation numbers below
 * refer to it).
 *
 * Assumptions: while active, a customer buys as a Poisson process with rate λ; λ varies across
 * customers as Gamma(shape r, rate α). After each repeat purchase the customer becomes inactive
 * for good with probability p; p varies across customers as Beta(a, b). Data per customer:
 * x = number of repeat purchases, t_x = time of the last purchase and T = age, both measured from
 * the first purchase (summary.ts).
 *
 * Individual likelihood (eq. 6), written in logs once (`logLikelihoodOfGroups`) and used by the fit
 * and by `bgNbdLogLikelihood`:
 *   ln L = ln Γ(r + x) − ln Γ(r) + r ln α                                   (A1)
 *        + ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)             (A2)
 *        + ln( (α + T)^−(r+x) + δ_{x>0} · a/(b + x − 1) · (α + t_x)^−(r+x) )  (A3, A4 by log-sum-exp)
 *
 * P(alive | x, t_x, T) (Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD model",
 * http://brucehardie.com/notes/021/): 1 / (1 + δ_{x>0} · a/(b + x − 1) · ((α + T)/(α + t_x))^(r+x)).
 * It is 1 when x = 0: in BG/NBD a customer can only drop out right after a repeat purchase, so one
 * who never bought again has never had the chance.
 *
 * Expected purchases in the next t periods (eq. 10):
 *   E[Y(t) | x, t_x, T] = (a + b + x − 1)/(a − 1)
 *     · [1 − ((α + T)/(α + T + t))^(r+x) · 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))] · P(alive).
 * A new customer's expected purchases in (0, t] (eq. 9), E[X(t)], is the same with x = t_x = T = 0.
 * At a = 1 (and a + b = 1 for x = 0) the formula is 0/0; there the mean of its values at a ± 1e-5 is used.
 *
 * Fit: maximum likelihood by the shared Nelder–Mead (src/ml/optim) on ln(r, α, a, b), on the
 * distinct (x, t_x, T) triples weighted by their number of customers, from r = a = b = 1 and
 * α = 1/(mean purchase rate), with restarts. With more than 5,000 distinct triples (large or
 * continuous-time data) the search first runs on a coarse copy of the data — t_x and T rounded to
 * 1/8 of the largest age, a few hundred triples, loose tolerance — and then polishes on the exact
 * triples from there with a small simplex (2 %, no restart): the exact likelihood is then
 * evaluated about 200 times instead of 700–900.
 * Parameters are kept within [1e−6, 1e6] (α: times its start value); a fit whose dropout
 * parameter a reaches its floor, or whose mean dropout
 * probability a/(a + b) is below 1e−4, has found no sign of churn: it is returned with the named
 * fallback 'no-dropout' (every customer then has P(alive) ≈ 1, and the model is the NBD).
 */
import { nelderMead } from '../optim/nelder-mead.ts';
import { checkRfm, coarsenTriples, distinct, groupTriples, repeatCustomers, type Triples } from './columns.ts';
import { ClvError } from './errors.ts';
import { scaledHyp2f1 } from './hyp2f1.ts';
import { logGamma } from './special.ts';
import type { RfmData } from './summary.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFitOptions {
  /** Fewer customers with a repeat purchase than this is an error (E_CLV_TOO_FEW_REPEAT_CUSTOMERS). Default 20. */
  minRepeatCustomers?: number;
  /** L2 penalty c · Σ (ln θ)² added to the mean negative log-likelihood; 0 (default) is plain maximum likelihood. */
  penalizer?: number;
  /** Starting point; default: see the module comment. */
  start?: BgNbdParams;
  /** Evaluation budget of the optimiser, per stage (coarse, exact). Default 5,000. */
  maxEvaluations?: number;
}

export interface BgNbdFallback {
  code: 'no-dropout';
  message: string;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood at params (without the penalty). */
  logLikelihood: number;
  customers: number;
  repeatCustomers: number;
  /** Distinct (x, t_x, T) triples the likelihood was evaluated on. */
  distinctTriples: number;
  evaluations: number;
  converged: boolean;
  /** Parameters that ended on the bounds of the search. */
  atBounds: Array<keyof BgNbdParams>;
  fallback?: BgNbdFallback;
}

const PARAM_NAMES: Array<keyof BgNbdParams> = ['r', 'alpha', 'a', 'b'];
const LOG_MIN = Math.log(1e-6);
const LOG_MAX = Math.log(1e6);
/** Above this many distinct triples, a first fit on a coarse copy of the data (t_x and T on a grid of COARSE_CELLS cells over the largest age) gives the start. */
const COARSE_ABOVE = 5_000;
const COARSE_CELLS = 8;

/** Customer-level log-likelihood summed over groups of equal (x, t_x, T); `weight` = group sizes. */
function logLikelihoodOfGroups({ r, alpha, a, b }: BgNbdParams, groups: Triples): number {
  const { xs, recencies, ages } = groups;
  const lnAlpha = Math.log(alpha);
  const base = logGamma(a + b) - logGamma(b) - logGamma(r) + r * lnAlpha;
  // Terms that depend on x only (A1 + A2 and the log of a/(b + x − 1)), then on t_x only and T only.
  const byX = new Float64Array(xs.length);
  const dropX = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    byX[i] = base + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    dropX[i] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
  }
  const lnRecency = new Float64Array(recencies.length);
  for (let i = 0; i < recencies.length; i++) lnRecency[i] = Math.log(alpha + recencies[i]);
  const lnAge = new Float64Array(ages.length);
  for (let i = 0; i < ages.length; i++) lnAge[i] = Math.log(alpha + ages[i]);
  let total = 0;
  const { x, recency, age, weight } = groups;
  for (let g = 0; g < weight.length; g++) {
    const xi = x[g];
    const rx = r + xs[xi];
    const a3 = -rx * lnAge[age[g]];
    let ll: number;
    if (xs[xi] > 0) {
      const a4 = dropX[xi] - rx * lnRecency[recency[g]];
      ll = a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4));
    } else {
      ll = a3;
    }
    total += weight[g] * (byX[xi] + ll);
  }
  return total;
}

/** Total BG/NBD log-likelihood of the customers (eq. 6 summed). */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RfmData): number {
  checkRfm(data);
  return logLikelihoodOfGroups(params, groupTriples(data));
}

function startingPoint(data: RfmData): BgNbdParams {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    purchases += data.frequency[i];
    time += data.T[i];
  }
  const rate = purchases > 0 && time > 0 ? purchases / time : 1;
  return { r: 1, alpha: 1 / rate, a: 1, b: 1 };
}

/** Maximum-likelihood BG/NBD fit (see the module comment). Throws ClvError on data it cannot fit. */
export function fitBgNbd(data: RfmData, options: BgNbdFitOptions = {}): BgNbdFit {
  checkRfm(data);
  const customers = data.frequency.length;
  const repeaters = repeatCustomers(data.frequency);
  const minRepeat = options.minRepeatCustomers ?? 20;
  if (repeaters === 0) {
    throw new ClvError(
      'E_CLV_NO_REPEAT_CUSTOMERS',
      `None of the ${customers} customers has bought more than once yet, so there is no repeat buying to learn from. Try again with a longer history.`,
    );
  }
  if (repeaters < minRepeat) {
    throw new ClvError(
      'E_CLV_TOO_FEW_REPEAT_CUSTOMERS',
      `Only ${repeaters} of the ${customers} customers have bought more than once; at least ${minRepeat} are needed to estimate how often customers come back and when they stop.`,
    );
  }
  const groups = groupTriples(data);
  const start = options.start ?? startingPoint(data);
  const logStart = PARAM_NAMES.map((k) => Math.log(start[k]));
  const lnAlphaStart = Math.log(startingPoint(data).alpha);
  const bounds = {
    lower: [LOG_MIN, LOG_MIN + lnAlphaStart, LOG_MIN, LOG_MIN],
    upper: [LOG_MAX, LOG_MAX + lnAlphaStart, LOG_MAX, LOG_MAX],
  };
  const penalizer = options.penalizer ?? 0;
  const decode = (p: readonly number[]): BgNbdParams => ({ r: Math.exp(p[0]), alpha: Math.exp(p[1]), a: Math.exp(p[2]), b: Math.exp(p[3]) });
  const penalty = (p: readonly number[]): number => {
    let sum = 0;
    for (const v of p) sum += v * v;
    return penalizer * sum;
  };
  const objective = (p: number[]): number => -logLikelihoodOfGroups(decode(p), groups) / customers + penalty(p);
  const search = { bounds, initialStep: 0.5, tolerance: 1e-12, pointTolerance: 1e-5, restarts: 4 };
  const budget = options.maxEvaluations ?? 5000;
  let from = logStart;
  let evaluations = 0;
  if (groups.weight.length > COARSE_ABOVE) {
    let maxAge = 0;
    for (const T of groups.ages) maxAge = Math.max(maxAge, T);
    const coarse = coarsenTriples(groups, maxAge / COARSE_CELLS);
    const rough = nelderMead((p) => -logLikelihoodOfGroups(decode(p), coarse) / customers + penalty(p), logStart, { ...search, tolerance: 1e-10, pointTolerance: 1e-3, restarts: 1, maxEvaluations: budget });
    from = rough.point;
    evaluations += rough.evaluations;
  }
  const polish = from === logStart ? {} : { initialStep: 0.02, restarts: 0 };
  const best = nelderMead(objective, from, { ...search, ...polish, maxEvaluations: budget });
  evaluations += best.evaluations;
  const params = decode(best.point);
  const logLikelihood = logLikelihoodOfGroups(params, groups);
  if (!PARAM_NAMES.every((k) => Number.isFinite(params[k])) || !Number.isFinite(logLikelihood)) {
    throw new ClvError('E_CLV_FIT_FAILED', 'The churn model could not be fitted to these customers (the likelihood could not be computed). Check the purchase dates.');
  }
  const atBounds = PARAM_NAMES.filter((_, i) => best.point[i] <= bounds.lower[i] + 1e-6 || best.point[i] >= bounds.upper[i] - 1e-6);
  const fit: BgNbdFit = {
    params,
    logLikelihood,
    customers,
    repeatCustomers: repeaters,
    distinctTriples: groups.weight.length,
    evaluations,
    converged: best.converged,
    atBounds,
  };
  if (atBounds.includes('a') || params.a / (params.a + params.b) < 1e-4) {
    fit.fallback = {
      code: 'no-dropout',
      message:
        'These customers show no sign of dropping out yet (everyone who bought keeps buying at their usual pace), so every customer is treated as still active and predictions assume nobody churns.',
    };
  }
  return fit;
}

/** P(alive | x, t_x, T) for one customer. 1 when x = 0. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, x: number, recency: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + recency));
  return 1 / (1 + Math.exp(logOdds));
}

/** P(alive) of every customer. */
export function probabilityAliveAll(params: BgNbdParams, data: RfmData): Float64Array {
  checkRfm(data);
  const out = new Float64Array(data.frequency.length);
  for (let i = 0; i < out.length; i++) out[i] = probabilityAlive(params, data.frequency[i], data.recency[i], data.T[i]);
  return out;
}

/**
 * (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r+x) · 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))]:
 * E[Y(t)] of a customer known to be alive. The power and 2F1 are combined in logs (2F1 comes
 * scaled from hyp2f1.ts), so nothing overflows for large x, and the bracket is −expm1 of that log,
 * accurate for small t.
 */
function expectedIfAliveRaw({ r, alpha, a, b }: BgNbdParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const { sum, logScale } = scaledHyp2f1(r + x, b + x, a + b + x - 1, z);
  const logPower = logScale + (r + x) * Math.log1p(-z);
  // 2F1 < 0 only when a + b + x − 1 < 0 (x = 0, a + b < 1); then the bracket is far from 0 anyway.
  const bracket = sum > 0 ? -Math.expm1(Math.log(sum) + logPower) : 1 - sum * Math.exp(logPower);
  return ((a + b + x - 1) / (a - 1)) * bracket;
}

const SINGULAR_WIDTH = 1e-6;
const SINGULAR_STEP = 1e-5;

function expectedIfAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  const { a, b } = params;
  if (Math.abs(a - 1) < SINGULAR_WIDTH || (x === 0 && Math.abs(a + b - 1) < SINGULAR_WIDTH)) {
    const up = expectedIfAliveRaw({ ...params, a: a + SINGULAR_STEP }, x, T, t);
    const down = expectedIfAliveRaw({ ...params, a: a - SINGULAR_STEP }, x, T, t);
    return (up + down) / 2;
  }
  return expectedIfAliveRaw(params, x, T, t);
}

/** E[Y(t) | x, t_x, T]: expected purchases of one customer in the next t periods (eq. 10). */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, recency: number, T: number): number {
  return expectedIfAlive(params, x, T, t) * probabilityAlive(params, x, recency, T);
}

/** E[X(t)]: expected repeat purchases of a new customer in the first t periods after the first purchase (eq. 9). */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  return expectedIfAlive(params, 0, 0, t);
}

/**
 * E[Y(t)] of every customer for each horizon in `horizons` (one array per horizon). The 2F1 term
 * depends on (x, T, t) only, so it is computed once per distinct (x, T) pair.
 */
export function expectedPurchasesAll(params: BgNbdParams, data: RfmData, horizons: readonly number[]): Float64Array[] {
  checkRfm(data);
  const n = data.frequency.length;
  const { dx, dT, nT, pairs } = distinctPairs(data);
  const alive = probabilityAliveAll(params, data);
  return horizons.map((t) => {
    const perPair = new Float64Array(pairs.values.length);
    for (let p = 0; p < perPair.length; p++) {
      const key = pairs.values[p];
      const ti = key % nT;
      const xi = (key - ti) / nT;
      perPair[p] = expectedIfAlive(params, dx.values[xi], dT.values[ti], t);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = perPair[pairs.index[i]] * alive[i];
    return out;
  });
}

/**
 * Σ_i E[Y_i(t)] over all customers for each horizon t: the expected aggregate purchases of the
 * current customers. Memory stays O(distinct (x, T) pairs) whatever the number of horizons.
 */
export function expectedPurchasesTotal(params: BgNbdParams, data: RfmData, horizons: readonly number[]): Float64Array {
  checkRfm(data);
  const n = data.frequency.length;
  const { dx, dT, nT, pairs } = distinctPairs(data);
  // Customers of one (x, T) pair differ only in P(alive): sum it per pair.
  const aliveSum = new Float64Array(pairs.values.length);
  for (let i = 0; i < n; i++) aliveSum[pairs.index[i]] += probabilityAlive(params, data.frequency[i], data.recency[i], data.T[i]);
  return Float64Array.from(horizons, (t) => {
    let total = 0;
    for (let p = 0; p < aliveSum.length; p++) {
      const key = pairs.values[p];
      const ti = key % nT;
      const xi = (key - ti) / nT;
      total += aliveSum[p] * expectedIfAlive(params, dx.values[xi], dT.values[ti], t);
    }
    return total;
  });
}

/**
 * Expected repeat purchases in each period of the calibration window, given how many customers
 * made their first purchase in each period (`firstPurchases[k]`, period k = [k, k + 1) periods): a
 * customer born in period b has made E[X((t − b)·periodLength)] repeat purchases by the end of
 * period t (the summary's convention: age counts whole periods since the first purchase), so
 * period t adds firstPurchases[b] · (E[X((t − b)·L)] − E[X((t − b − 1)·L)]) for each b < t.
 * `periodLength` is the period in the model's time unit (1/7 for days in a weekly model).
 * The curve to compare with the observed repeat purchases per period (seasonal.ts).
 */
export function expectedRepeatsInSample(params: BgNbdParams, firstPurchases: ArrayLike<number>, periodLength: number): Float64Array {
  const length = firstPurchases.length;
  const cumulative = Float64Array.from({ length: length + 1 }, (_, k) => expectedPurchasesNewCustomer(params, k * periodLength));
  const out = new Float64Array(length);
  for (let b = 0; b < length; b++) {
    const births = firstPurchases[b];
    if (births === 0) continue;
    for (let t = b + 1; t < length; t++) out[t] += births * (cumulative[t - b] - cumulative[t - b - 1]);
  }
  return out;
}

/** The distinct (x, T) pairs of the customers: E[Y(t)] given alive depends on nothing else. */
function distinctPairs(data: RfmData) {
  const dx = distinct(data.frequency);
  const dT = distinct(data.T);
  const nT = dT.values.length;
  const pairOf = new Float64Array(data.frequency.length);
  for (let i = 0; i < pairOf.length; i++) pairOf[i] = dx.index[i] * nT + dT.index[i];
  return { dx, dT, nT, pairs: distinct(pairOf) };
}
