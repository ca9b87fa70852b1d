import { describe, expect, it } from 'vitest';
import { ClvError, countTransactionDays, dayNumber, summariseTransactions } from '../../../src/ml/clv/index.ts';

const at = (iso: string): number => Date.parse(`${iso}Z`);

const log = {
  customer: ['A', 'A', 'B', 'A', 'A', 'C', 'A', 'A', 'A'],
  time: [
    at('1997-01-01T09:00:00'),
    at('1997-01-01T17:30:00'), // same day as the first: one transaction of 15
    at('1997-01-20T12:00:00'),
    at('1997-01-15T08:00:00'), // out of order on purpose
    at('1997-01-08T10:00:00'),
    at('1997-02-02T10:00:00'), // after the cut-off: C is not a customer yet
    at('1997-02-03T10:00:00'),
    at('1997-02-03T11:00:00'), // holdout: one transaction day
    at('1997-02-10T11:00:00'),
  ],
  amount: [10, 5, 7, 30, 20, 99, 1, 1, 1],
};
const asOf = at('1997-01-29T23:59:00');

describe('summariseTransactions', () => {
  it('counts transaction days, recency and age in days, and the mean of repeat amounts', () => {
    const s = summariseTransactions(log, { asOf, unit: 'days' });
    expect(s.customers).toEqual(['A', 'B']);
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([14, 0]);
    expect(Array.from(s.T)).toEqual([28, 9]);
    expect(Array.from(s.monetary)).toEqual([25, 0]);
    expect(s.asOfDay).toBe(dayNumber(asOf));
    expect(s.startDay).toBe(dayNumber(at('1997-01-01T00:00:00')));
    expect(s.repeatsPerDay.length).toBe(29);
    expect(s.repeatsPerDay[7]).toBe(1);
    expect(s.repeatsPerDay[14]).toBe(1);
    expect(s.repeatsPerDay.reduce((a, b) => a + b, 0)).toBe(2);
    expect(s.firstPurchasesPerDay[0]).toBe(1);
    expect(s.firstPurchasesPerDay[19]).toBe(1);
  });

  it('measures in weeks as days / 7', () => {
    const s = summariseTransactions(log, { asOf, unit: 'weeks' });
    expect(s.recency[0]).toBeCloseTo(2, 12);
    expect(s.T[0]).toBeCloseTo(4, 12);
    expect(s.T[1]).toBeCloseTo(9 / 7, 12);
  });

  it('takes calendar days at an offset from UTC', () => {
    // 1997-01-01T17:30Z is 1997-01-02 at UTC+8: the two first purchases become two transaction days.
    const s = summariseTransactions(log, { asOf, unit: 'days', utcOffsetMinutes: 8 * 60 });
    expect(s.frequency[0]).toBe(3);
  });

  it('counts holdout transaction days per summarised customer', () => {
    const s = summariseTransactions(log, { asOf, unit: 'days' });
    expect(Array.from(countTransactionDays(log, s, dayNumber(at('1997-02-05T00:00:00'))))).toEqual([1, 0]);
    expect(Array.from(countTransactionDays(log, s, dayNumber(at('1997-02-28T00:00:00'))))).toEqual([2, 0]);
  });

  it('rejects a log with no purchase before the cut-off and columns of different lengths', () => {
    expect(() => summariseTransactions(log, { asOf: at('1996-12-01T00:00:00') })).toThrow(ClvError);
    try {
      summariseTransactions(log, { asOf: at('1996-12-01T00:00:00') });
    } catch (error) {
      expect((error as ClvError).code).toBe('E_CLV_NO_CUSTOMERS');
    }
    expect(() => summariseTransactions({ customer: ['A'], time: [1, 2] }, { asOf })).toThrow(/different lengths/);
  });

  it('sorts long unsorted histories and ignores times that are not numbers', () => {
    const n = 500;
    const days = Array.from({ length: n }, (_, i) => (i * 37) % n); // every day 0..499 once, shuffled
    const s = summariseTransactions(
      { customer: [...days.map(() => 7), 7], time: [...days.map((d) => d * 86_400_000), NaN], amount: [...days.map((d) => d), 1] },
      { asOf: 499 * 86_400_000 },
    );
    expect(s.frequency[0]).toBe(n - 1);
    expect(s.recency[0]).toBe(n - 1);
    expect(s.monetary[0]).toBeCloseTo(((n - 1) * n) / 2 / (n - 1), 9);
  });
});
