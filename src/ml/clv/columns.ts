/**
 * Helpers shared by the customer-lifetime models: input checks and grouping of customers on their
 * distinct values, so that the likelihoods and predictions work on unique values instead of
 * customers (a million customers of a daily-granular log have only a few hundred thousand distinct
 * (x, t_x, T) triples, and a few thousand distinct (x, T) pairs).
 */
import { ClvError } from './errors.ts';
import type { RfmData } from './summary.ts';

/** Sorted distinct values of `values`, and the position of each value in them. */
export interface Distinct {
  values: Float64Array;
  index: Int32Array;
}

export function distinct(values: ArrayLike<number>): Distinct {
  const { found, index } = firstAppearance(values);
  const count = found.length;
  const order = Int32Array.from({ length: count }, (_, k) => k).sort((p, q) => found[p] - found[q]);
  const rank = new Int32Array(count);
  for (let position = 0; position < count; position++) rank[order[position]] = position;
  for (let i = 0; i < index.length; i++) index[i] = rank[index[i]];
  return { values: Float64Array.from(order, (k) => found[k]), index };
}

/**
 * Distinct values in order of first appearance, and the position of each value among them, by an
 * open-addressing hash table on the bits of each double: linear time, several times faster than a
 * Map of numbers or a sort of all n values.
 */
export function firstAppearance(values: ArrayLike<number>): { found: Float64Array; index: Int32Array } {
  const n = values.length;
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(capacity).fill(-1);
  let found = new Float64Array(64);
  let count = 0;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const index = new Int32Array(n);
  const hash = (v: number): number => {
    bits[0] = v === 0 ? 0 : v; // −0 and 0 are one value
    // murmur3's 32-bit finaliser over both words, so high bits (all a small integer has) reach the low ones.
    let h = words[0] ^ Math.imul(words[1], 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let h = hash(v) & mask;
    let k = table[h];
    while (k >= 0 && found[k] !== v) {
      h = (h + 1) & mask;
      k = table[h];
    }
    if (k < 0) {
      k = count++;
      if (k >= found.length) {
        const grown = new Float64Array(found.length * 2);
        grown.set(found);
        found = grown;
      }
      found[k] = v;
      table[h] = k;
      if (2 * count > capacity) {
        capacity *= 2;
        mask = capacity - 1;
        table = new Int32Array(capacity).fill(-1);
        for (let j = 0; j < count; j++) {
          let g = hash(found[j]) & mask;
          while (table[g] >= 0) g = (g + 1) & mask;
          table[g] = j;
        }
      }
    }
    index[i] = k;
  }
  return { found: found.slice(0, count), index };
}

/** Groups of equal (x, t_x, T), ordered by x, then t_x, then T, with the number of customers (or the total weight) in each. */
export interface Triples {
  xs: Float64Array;
  recencies: Float64Array;
  ages: Float64Array;
  /** Per group: index into xs, recencies, ages, and the group's size. */
  x: Int32Array;
  recency: Int32Array;
  age: Int32Array;
  weight: Float64Array;
}

export function groupTriples(data: RfmData, weights?: ArrayLike<number>): Triples {
  const dx = distinct(data.frequency);
  const dt = distinct(data.recency);
  const dT = distinct(data.T);
  const nt = dt.values.length;
  const nT = dT.values.length;
  const n = data.frequency.length;
  // key = (x · n_t + t) · n_T + T; exact while below 2^53, which holds for any realistic size.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (dx.index[i] * nt + dt.index[i]) * nT + dT.index[i];
  const groupsOf = distinct(keys);
  const groups = groupsOf.values.length;
  const x = new Int32Array(groups);
  const recency = new Int32Array(groups);
  const age = new Int32Array(groups);
  const weight = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const key = groupsOf.values[g];
    age[g] = key % nT;
    const rest = (key - age[g]) / nT;
    recency[g] = rest % nt;
    x[g] = (rest - recency[g]) / nt;
  }
  for (let i = 0; i < n; i++) weight[groupsOf.index[i]] += weights ? weights[i] : 1;
  return { xs: dx.values, recencies: dt.values, ages: dT.values, x, recency, age, weight };
}

/**
 * Checks (x, t_x, T) columns: equal lengths, x a whole number ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0.
 * Throws a ClvError naming the first bad row.
 */
export function checkRfm(data: RfmData): void {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n) {
    throw new ClvError('E_CLV_BAD_INPUT', 'Frequency, recency and age must have one value per customer (their lengths differ).');
  }
  if (n === 0) throw new ClvError('E_CLV_NO_CUSTOMERS', 'There are no customers to model.');
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const t = data.recency[i];
    const T = data.T[i];
    if (!Number.isInteger(x) || x < 0) {
      throw new ClvError('E_CLV_BAD_INPUT', `Customer ${i + 1}: the number of repeat purchases must be a whole number of at least 0 (got ${x}).`);
    }
    if (!Number.isFinite(t) || !Number.isFinite(T) || t < 0 || t > T) {
      throw new ClvError('E_CLV_BAD_INPUT', `Customer ${i + 1}: the time of the last purchase (${t}) must lie between the first purchase (0) and the cut-off (${T}).`);
    }
    if (x === 0 && t !== 0) {
      throw new ClvError('E_CLV_BAD_INPUT', `Customer ${i + 1} has no repeat purchase but a last purchase after the first (${t}); recency must be 0 when frequency is 0.`);
    }
  }
}

/** Number of customers with at least one repeat purchase. */
export function repeatCustomers(frequency: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < frequency.length; i++) if (frequency[i] > 0) count++;
  return count;
}

/**
 * The same groups with t_x and T rounded to the nearest multiple of `step` (which keeps t_x ≤ T),
 * merged: a coarse copy of the data whose likelihood is close to the exact one and much cheaper.
 */
export function coarsenTriples(groups: Triples, step: number): Triples {
  const count = groups.weight.length;
  const x = new Float64Array(count);
  const recency = new Float64Array(count);
  const age = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    x[g] = groups.xs[groups.x[g]];
    recency[g] = Math.round(groups.recencies[groups.recency[g]] / step) * step;
    age[g] = Math.round(groups.ages[groups.age[g]] / step) * step;
  }
  return groupTriples({ frequency: x, recency, T: age }, groups.weight);
}
