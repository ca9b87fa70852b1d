/**
 * Seeded simulator of customers who follow the BG/NBD story exactly (and, optionally, the
 * Gamma-Gamma story for order values): for tests of parameter recovery and for the fit-time bench.
 *
 * Per customer: λ ~ Gamma(r, rate α), p ~ Beta(a, b); first purchase at a uniform time in
 * [0, acquisitionPeriod]; while alive, purchases follow a Poisson process with rate λ; after each
 * repeat purchase the customer drops out with probability p. Observation ends at observationLength
 * (times in the model's unit, e.g. weeks); purchases in the `holdout` periods after it are counted
 * separately. With Gamma-Gamma parameters, a customer's ν ~ Gamma(q, rate γ) and each purchase is
 * worth Gamma(p, rate ν).
 *
 * `resolution` (e.g. 1/7 with weeks: days) rounds like real logs: times become grid cells
 * floor(time / resolution); purchases in one cell merge into one transaction (amounts summed);
 * recency and age are whole cells times the resolution, age counted to the cell of the cut-off.
 * Without it times are continuous, as in the model.
 *
 * Gamma draws: Marsaglia & Tsang (2000), with Gamma(k) = Gamma(k + 1)·U^(1/k) for k < 1; Beta from two
 * Gammas. All randomness comes from createRandom(seed) (src/ml/random.ts).
 */
import { createRandom, normal, type Random } from '../random.ts';
import type { BgNbdParams } from './bg-nbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';

export interface SimulationOptions {
  customers: number;
  bgNbd: BgNbdParams;
  /** Order values; absent: monetary is all 0. */
  gammaGamma?: GammaGammaParams;
  /** End of the calibration period. */
  observationLength: number;
  /** First purchases are spread uniformly over [0, acquisitionPeriod]. Default 0 (all at 0). */
  acquisitionPeriod?: number;
  /** Periods after the cut-off whose purchases are counted in `holdout`. Default 0. */
  holdout?: number;
  /** Grid of the purchase log (see the module comment); default continuous. */
  resolution?: number;
  /**
   * A season in the purchase rate (not part of BG/NBD: for testing the seasonal adjustment), drawn
   * by thinning, with θ = 2π (t − peak) / period:
   * without sharpness λ(t) = λ · (1 + amplitude · cos θ), 0 ≤ amplitude < 1;
   * with sharpness κ a peak (von Mises bump) λ(t) = λ · (1 + amplitude · exp(κ (cos θ − 1))), amplitude ≥ 0.
   */
  season?: { period: number; amplitude: number; peak: number; sharpness?: number };
  seed: number;
}

export interface SimulatedCustomers {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat transactions; 0 when none. */
  monetary: Float64Array;
  /** Transactions in the holdout period. */
  holdout: Float64Array;
  /** Repeat transactions of all customers in each whole period [k, k + 1) of the calibration. */
  repeatsPerPeriod: Float64Array;
  /** First purchases in each period of the calibration. */
  firstPurchasesPerPeriod: Float64Array;
  /** Transactions in each period of the holdout. */
  holdoutPerPeriod: Float64Array;
}

/** Gamma(shape, rate 1) draw. */
export function gammaDraw(random: Random, shape: number): number {
  if (shape < 1) {
    const u = 1 - random();
    return gammaDraw(random, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function betaDraw(random: Random, a: number, b: number): number {
  const x = gammaDraw(random, a);
  const y = gammaDraw(random, b);
  return x / (x + y);
}

export function simulateCustomers(options: SimulationOptions): SimulatedCustomers {
  const { customers: n, bgNbd, gammaGamma, observationLength } = options;
  const acquisition = options.acquisitionPeriod ?? 0;
  const holdoutLength = options.holdout ?? 0;
  const resolution = options.resolution;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`customers must be a whole number ≥ 0 (got ${n}).`);
  if (!(observationLength > 0) || !(acquisition >= 0 && acquisition <= observationLength) || !(holdoutLength >= 0)) {
    throw new RangeError('Need observationLength > 0, 0 ≤ acquisitionPeriod ≤ observationLength and holdout ≥ 0.');
  }
  if (options.season && !(options.season.amplitude >= 0 && (options.season.sharpness !== undefined || options.season.amplitude < 1))) {
    throw new RangeError('A cosine season needs 0 ≤ amplitude < 1 (a peaked one, amplitude ≥ 0).');
  }
  const random = createRandom(options.seed);
  const out: SimulatedCustomers = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n),
    holdout: new Float64Array(n),
    repeatsPerPeriod: new Float64Array(Math.ceil(observationLength)),
    firstPurchasesPerPeriod: new Float64Array(Math.ceil(observationLength)),
    holdoutPerPeriod: new Float64Array(Math.ceil(holdoutLength)),
  };
  const season = options.season;
  const peakRate = season ? 1 + season.amplitude : 1;
  const seasonal = (t: number): number => {
    if (!season) return 1;
    const cos = Math.cos((2 * Math.PI * (t - season.peak)) / season.period);
    return 1 + season.amplitude * (season.sharpness === undefined ? cos : Math.exp(season.sharpness * (cos - 1)));
  };
  const cell = (t: number): number => (resolution ? Math.floor(t / resolution) : t);
  // The last calibration cell: the last one that starts before the cut-off.
  const lastCalibrationCell = resolution ? Math.ceil(observationLength / resolution) - 1 : observationLength;
  const horizonEnd = observationLength + holdoutLength;
  for (let i = 0; i < n; i++) {
    const lambda = gammaDraw(random, bgNbd.r) / bgNbd.alpha;
    const dropout = betaDraw(random, bgNbd.a, bgNbd.b);
    const nu = gammaGamma ? gammaDraw(random, gammaGamma.q) / gammaGamma.gamma : 0;
    const value = (): number => (gammaGamma ? gammaDraw(random, gammaGamma.p) / nu : 0);
    const start = random() * acquisition;
    const firstCell = cell(start);
    out.firstPurchasesPerPeriod[Math.min(Math.floor(start), out.firstPurchasesPerPeriod.length - 1)]++;
    value(); // the first purchase's value: drawn, but (as in the summary) not part of the monetary value
    let lastCell = firstCell;
    let repeats = 0;
    let repeatValue = 0;
    let holdoutCount = 0;
    let lastHoldoutCell = -Infinity;
    let time = start;
    for (;;) {
      time += -Math.log(1 - random()) / (lambda * peakRate);
      if (!(time <= horizonEnd)) break;
      if (season && random() * peakRate > seasonal(time)) continue; // thinned out: no purchase
      const c = cell(time);
      const amount = value();
      if (c <= lastCalibrationCell) {
        // A purchase in the cell of the previous one merges with it (with a resolution only).
        if (c !== lastCell) {
          repeats++;
          lastCell = c;
          out.repeatsPerPeriod[Math.min(Math.floor(time), out.repeatsPerPeriod.length - 1)]++;
        }
        if (c !== firstCell) repeatValue += amount;
      } else if (c !== lastHoldoutCell) {
        holdoutCount++;
        lastHoldoutCell = c;
        out.holdoutPerPeriod[Math.min(Math.floor(time - observationLength), out.holdoutPerPeriod.length - 1)]++;
      }
      if (random() < dropout) break;
    }
    out.frequency[i] = repeats;
    out.recency[i] = resolution ? (lastCell - firstCell) * resolution : lastCell - firstCell;
    out.T[i] = resolution ? (lastCalibrationCell - firstCell) * resolution : observationLength - start;
    out.monetary[i] = repeats > 0 ? repeatValue / repeats : 0;
    out.holdout[i] = holdoutCount;
  }
  return out;
}
