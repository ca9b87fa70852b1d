import { DAY_MS } from '../../time/calendar.ts';
import { ClvError } from './errors.ts';

/**
 * Per-customer summary of a transaction log, the input of the "buy till you die" models
 * (BG/NBD, Gamma-Gamma), as of a cut-off date, in the manner of lifetimes'
 * `summary_data_from_transaction_data`:
 *
 * - a *transaction* is a day on which the customer bought: several purchases on one calendar day
 *   count as one, their amounts summed;
 * - frequency x: the number of repeat transactions (transaction days after the first);
 * - recency t_x: time from the first to the last transaction;
 * - age T: time from the first transaction to the end of the cut-off day;
 * - monetary value: the mean amount of the repeat transactions (0 when x = 0; the first purchase is
 *   left out, as Fader & Hardie do for Gamma-Gamma, because it often differs from later ones).
 *
 * Times are whole days, or days / 7 in weeks. Transactions after the cut-off day, or with a time
 * that is not a number, are left out. Days are calendar days at `utcOffsetMinutes` (UTC by default).
 * Memory and time are linear in the number of transactions (typed arrays, one hash map of ids):
 * a million customers take well under a second.
 */
export type TimeUnit = 'days' | 'weeks';

export interface TransactionColumns {
  /** Customer of each transaction; equal values are the same customer. */
  customer: ArrayLike<string | number>;
  /** Time of each transaction, milliseconds since the epoch. */
  time: ArrayLike<number>;
  /** Amount of each transaction (money); absent: monetary values are 0. */
  amount?: ArrayLike<number>;
}

export interface SummaryOptions {
  /** Cut-off, ms since the epoch: transactions on the calendar day that contains it count, later ones do not. */
  asOf: number;
  /** Time unit of recency and age. Default 'days'. */
  unit?: TimeUnit;
  /** Calendar days are taken at this offset from UTC. Default 0. */
  utcOffsetMinutes?: number;
}

/** The data the models read: one row per customer. */
export interface RfmData {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}

export interface CustomerSummary extends RfmData {
  /** Customer id of each row, in order of first appearance in the input. */
  customers: Array<string | number>;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean amount of the repeat transactions; 0 when frequency is 0. */
  monetary: Float64Array;
  /** Day number (days since 1970-01-01 at the offset) of each customer's first transaction. */
  firstDay: Int32Array;
  unit: TimeUnit;
  /** Day number of the cut-off day. */
  asOfDay: number;
  /** Day number of the earliest transaction counted: index 0 of the per-day series. */
  startDay: number;
  /** Repeat transactions (all customers) on each day from startDay to asOfDay. */
  repeatsPerDay: Float64Array;
  /** Customers making their first transaction on each day from startDay to asOfDay. */
  firstPurchasesPerDay: Float64Array;
}

export { DAY_MS };

export function dayNumber(timeMs: number, utcOffsetMinutes = 0): number {
  return Math.floor((timeMs + utcOffsetMinutes * 60_000) / DAY_MS);
}

export function unitDays(unit: TimeUnit): number {
  return unit === 'weeks' ? 7 : 1;
}

/** Sorts days[from..to) ascending, carrying amounts along: insertion sort (logs are usually in time order). */
function sortSegment(days: Int32Array, amounts: Float64Array, from: number, to: number): void {
  if (to - from > 64) {
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = days[i - 1] <= days[i];
    if (sorted) return;
    const order = Array.from({ length: to - from }, (_, i) => from + i).sort((p, q) => days[p] - days[q]);
    const d = order.map((i) => days[i]);
    const a = order.map((i) => amounts[i]);
    for (let i = 0; i < d.length; i++) {
      days[from + i] = d[i];
      amounts[from + i] = a[i];
    }
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const day = days[i];
    const amount = amounts[i];
    let j = i - 1;
    while (j >= from && days[j] > day) {
      days[j + 1] = days[j];
      amounts[j + 1] = amounts[j];
      j--;
    }
    days[j + 1] = day;
    amounts[j + 1] = amount;
  }
}

interface Grouped {
  ids: Array<string | number>;
  /** CSR: transactions of customer c are offsets[c]..offsets[c + 1]. */
  offsets: Int32Array;
  days: Int32Array;
  amounts: Float64Array;
}

function groupByCustomer(tx: TransactionColumns, keep: (day: number) => boolean, utcOffsetMinutes: number): Grouped {
  const n = tx.time.length;
  if (tx.customer.length !== n || (tx.amount && tx.amount.length !== n)) {
    throw new ClvError('E_CLV_BAD_INPUT', 'The transaction columns have different lengths: every transaction needs a customer, a time and (if given) an amount.');
  }
  const index = new Map<string | number, number>();
  const ids: Array<string | number> = [];
  const customerOf = new Int32Array(n).fill(-1);
  const dayOf = new Int32Array(n);
  let counts = new Int32Array(1024);
  for (let i = 0; i < n; i++) {
    const time = tx.time[i];
    if (!Number.isFinite(time)) continue;
    const day = dayNumber(time, utcOffsetMinutes);
    if (!keep(day)) continue;
    const id = tx.customer[i];
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      index.set(id, c);
      ids.push(id);
      if (c >= counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    customerOf[i] = c;
    dayOf[i] = day;
    counts[c]++;
  }
  const offsets = new Int32Array(ids.length + 1);
  for (let c = 0; c < ids.length; c++) offsets[c + 1] = offsets[c] + counts[c];
  const fill = offsets.slice(0, ids.length);
  const total = offsets[ids.length];
  const days = new Int32Array(total);
  const amounts = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    const c = customerOf[i];
    if (c < 0) continue;
    const at = fill[c]++;
    days[at] = dayOf[i];
    const amount = tx.amount ? Number(tx.amount[i]) : 0;
    amounts[at] = Number.isFinite(amount) ? amount : 0;
  }
  for (let c = 0; c < ids.length; c++) sortSegment(days, amounts, offsets[c], offsets[c + 1]);
  return { ids, offsets, days, amounts };
}

/** Summarises a transaction log as of a cut-off (see the module comment). */
export function summariseTransactions(tx: TransactionColumns, options: SummaryOptions): CustomerSummary {
  const unit = options.unit ?? 'days';
  const offset = options.utcOffsetMinutes ?? 0;
  if (!Number.isFinite(options.asOf)) throw new ClvError('E_CLV_BAD_INPUT', 'The cut-off date is not a valid date.');
  const asOfDay = dayNumber(options.asOf, offset);
  const { ids, offsets, days, amounts } = groupByCustomer(tx, (day) => day <= asOfDay, offset);
  const n = ids.length;
  if (n === 0) throw new ClvError('E_CLV_NO_CUSTOMERS', 'There are no purchases on or before the cut-off date, so there is nothing to model.');
  const perUnit = unitDays(unit);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  const firstDay = new Int32Array(n);
  let startDay = asOfDay;
  for (let c = 0; c < n; c++) startDay = Math.min(startDay, days[offsets[c]]);
  const repeatsPerDay = new Float64Array(asOfDay - startDay + 1);
  const firstPurchasesPerDay = new Float64Array(asOfDay - startDay + 1);
  for (let c = 0; c < n; c++) {
    const from = offsets[c];
    const to = offsets[c + 1];
    const first = days[from];
    let repeats = 0;
    let repeatAmount = 0;
    let last = first;
    let i = from;
    while (i < to && days[i] === first) i++;
    while (i < to) {
      const day = days[i];
      let amount = 0;
      while (i < to && days[i] === day) amount += amounts[i++];
      repeats++;
      repeatAmount += amount;
      last = day;
      repeatsPerDay[day - startDay]++;
    }
    firstPurchasesPerDay[first - startDay]++;
    frequency[c] = repeats;
    recency[c] = (last - first) / perUnit;
    T[c] = (asOfDay - first) / perUnit;
    monetary[c] = repeats > 0 ? repeatAmount / repeats : 0;
    firstDay[c] = first;
  }
  return { customers: ids, frequency, recency, T, monetary, firstDay, unit, asOfDay, startDay, repeatsPerDay, firstPurchasesPerDay };
}

/**
 * Transaction days of each summarised customer after the cut-off, up to and including `throughDay`
 * (a day number): the holdout "actual" purchases, aligned with summary.customers. Customers who first
 * bought after the cut-off are not in the summary and are ignored.
 */
export function countTransactionDays(tx: TransactionColumns, summary: CustomerSummary, throughDay: number, utcOffsetMinutes = 0): Float64Array {
  const index = new Map<string | number, number>();
  summary.customers.forEach((id, c) => index.set(id, c));
  const counts = new Float64Array(summary.customers.length);
  // Each (customer, day) is counted once.
  const stride = throughDay - summary.asOfDay + 1;
  const marks = new Set<number>();
  for (let i = 0; i < tx.time.length; i++) {
    const time = tx.time[i];
    if (!Number.isFinite(time)) continue;
    const day = dayNumber(time, utcOffsetMinutes);
    if (day <= summary.asOfDay || day > throughDay) continue;
    const c = index.get(tx.customer[i]);
    if (c === undefined) continue;
    const key = c * stride + (day - summary.asOfDay);
    if (marks.has(key)) continue;
    marks.add(key);
    counts[c]++;
  }
  return counts;
}
