import { describe, expect, it } from 'vitest';
import {
  expectedPurchasesAll,
  expectedPurchasesNewCustomer,
  expectedPurchasesTotal,
  expectedRepeatsInSample,
  fitBgNbd,
  seasonallyAdjust,
  seasonalSeries,
  simulateCustomers,
  summariseTransactions,
  sumIntoPeriods,
  type SimulationOptions,
} from '../../../src/ml/clv/index.ts';

const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

/** Three years of weekly data whose purchase rate peaks every 52 weeks; the 13-week holdout holds the peak. */
function seasonalCase(amplitude: number) {
  const options: SimulationOptions = {
    customers: 20_000,
    bgNbd: { r: 1, alpha: 10, a: 0.5, b: 5 },
    observationLength: 146,
    acquisitionPeriod: 140,
    holdout: 13,
    season: amplitude > 0 ? { period: 52, amplitude, peak: 151, sharpness: 4 } : undefined,
    seed: 3,
  };
  const customers = simulateCustomers(options);
  const fit = fitBgNbd(customers);
  const [plain] = expectedPurchasesAll(fit.params, customers, [13]);
  const cumulative = expectedPurchasesTotal(fit.params, customers, Array.from({ length: 14 }, (_, h) => h));
  const adjustment = seasonallyAdjust({
    observed: customers.repeatsPerPeriod,
    expected: expectedRepeatsInSample(fit.params, customers.firstPurchasesPerPeriod, 1),
    expectedAhead: Float64Array.from({ length: 13 }, (_, h) => cumulative[h + 1] - cumulative[h]),
    expectedPurchases: plain,
    period: 52,
  });
  return { customers, plain, adjustment };
}

describe('seasonallyAdjust', () => {
  it('follows a yearly peak that plain BG/NBD misses', () => {
    const { customers, plain, adjustment } = seasonalCase(1);
    const actual = sum(customers.holdout);
    expect(sum(plain) / actual).toBeLessThan(0.75); // plain BG/NBD: about −31 %
    expect(adjustment.applied).toBe(true);
    expect(adjustment.factor).toBeGreaterThan(1.3);
    expect(Math.abs(sum(adjustment.expectedPurchases) / actual - 1)).toBeLessThan(0.05);
    expect(adjustment.reason).toMatch(/season of 52 periods/);
    adjustment.expectedPurchases.forEach((v, i) => expect(v).toBeCloseTo(plain[i] * adjustment.factor, 12));
    expect(sum(adjustment.expectedAhead)).toBeCloseTo(sum(adjustment.expectedPurchases), 6);
  });

  it('leaves BG/NBD as it is when there is no season', () => {
    const { customers, plain, adjustment } = seasonalCase(0);
    expect(adjustment.applied).toBe(false);
    expect(adjustment.factor).toBe(1);
    expect(Array.from(adjustment.expectedPurchases)).toEqual(Array.from(plain));
    expect(Math.abs(sum(plain) / sum(customers.holdout) - 1)).toBeLessThan(0.05);
  });

  it('needs two full seasons of history', () => {
    const observed = Array.from({ length: 80 }, (_, t) => 100 + 50 * Math.sin((2 * Math.PI * t) / 52));
    const result = seasonallyAdjust({ observed, expected: observed.map(() => 100), expectedAhead: [10, 10], expectedPurchases: [1, 2], period: 52 });
    expect(result.applied).toBe(false);
    expect(result.reason).toMatch(/two full seasons/);
    expect(Array.from(result.expectedPurchases)).toEqual([1, 2]);
  });
});

describe('seasonal series from a summary', () => {
  it('sums days into periods that end on the last day', () => {
    expect(Array.from(sumIntoPeriods([1, 2, 3, 4, 5, 6, 7, 8, 9], 4))).toEqual([2 + 3 + 4 + 5, 6 + 7 + 8 + 9]);
    expect(Array.from(sumIntoPeriods([1, 2, 3], 1))).toEqual([1, 2, 3]);
  });

  it('observed, expected and ahead series add up to the summary and the model', () => {
    const day = 86_400_000;
    const customer: number[] = [];
    const time: number[] = [];
    for (let c = 0; c < 200; c++) {
      for (let k = 0; k <= c % 5; k++) {
        customer.push(c);
        time.push(((c % 30) + k * (3 + (c % 7))) * day);
      }
    }
    const summary = summariseTransactions({ customer, time }, { asOf: 69 * day, unit: 'days' });
    const params = { r: 1, alpha: 5, a: 0.5, b: 3 };
    const series = seasonalSeries(summary, params, 28, 7);
    expect(series.observed.length).toBe(10);
    expect(sum(series.observed)).toBe(sum(summary.frequency));
    const births = summary.firstPurchasesPerDay;
    let expectedTotal = 0;
    births.forEach((count, b) => (expectedTotal += count * expectedPurchasesNewCustomer(params, births.length - 1 - b)));
    expect(sum(expectedRepeatsInSample(params, births, 1))).toBeCloseTo(expectedTotal, 9);
    expect(series.expectedAhead.length).toBe(4);
    expect(sum(series.expectedAhead)).toBeCloseTo(expectedPurchasesTotal(params, summary, [28])[0], 9);
  });
});

describe('seasonal adjustment beyond the trusted horizon', () => {
  // A weekly rhythm (weekends at half pace) that fell to 55 % in the last two weeks, as the demo's anomaly does.
  const days = 20 * 7;
  const shape = [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5];
  const observed = Array.from({ length: days }, (_, t) => 100 * shape[t % 7] * (t >= days - 14 ? 0.55 : 1));
  const expected = observed.map(() => 100);
  const input = { observed, expected, expectedAhead: new Array(365).fill(100), expectedPurchases: [1], period: 7 };

  it('carries the recent level for the trusted days only, then the rhythm around the steady pace', () => {
    const all = seasonallyAdjust(input);
    const trusted = seasonallyAdjust({ ...input, trustedPeriods: 91 });
    expect(trusted.applied).toBe(true);
    const beyond = Array.from(trusted.periodFactors.slice(91));
    const weeks = Math.floor(beyond.length / 7) * 7;
    const meanBeyond = beyond.slice(0, weeks).reduce((s, v) => s + v, 0) / weeks;
    expect(meanBeyond).toBeCloseTo(1, 6); // the steady pace on average
    expect(Math.max(...beyond) / Math.min(...beyond)).toBeGreaterThan(1.5); // with its weekday rhythm
    expect(Array.from(trusted.periodFactors.slice(0, 91))).toEqual(Array.from(seasonallyAdjust({ ...input, expectedAhead: new Array(91).fill(100) }).periodFactors));
    expect(trusted.factor).toBeGreaterThan(all.factor); // a two-week dip is not a year-long one
  });
});
