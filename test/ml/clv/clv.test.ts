import { describe, expect, it } from 'vitest';
import { customerValues, DAYS_PER_MONTH, expectedOrderValue, expectedPurchases, probabilityAlive, type BgNbdParams, type GammaGammaFit } from '../../../src/ml/clv/index.ts';

const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: Pick<GammaGammaFit, 'params' | 'observedMeanValue' | 'fallback'> = { params: { p: 6.25, q: 3.74, gamma: 15.44 }, observedMeanValue: 35 };
const data = { frequency: [0, 2, 26], recency: [0, 30.43, 30.86], T: [38.86, 38.86, 31], monetary: [0, 22.5, 41] };

describe('customerValues', () => {
  it('without discounting: revenue = E[M] · E[Y(H)], with P(alive) and order values alongside', () => {
    const values = customerValues(BG, GG, data, { horizon: 52, unit: 'weeks' });
    const orderValue = expectedOrderValue(GG, data);
    data.frequency.forEach((x, i) => {
      const purchases = expectedPurchases(BG, 52, x, data.recency[i], data.T[i]);
      expect(values.expectedPurchases[i]).toBeCloseTo(purchases, 12);
      expect(values.expectedRevenue[i]).toBeCloseTo(purchases * orderValue[i], 10);
      expect(values.probabilityAlive[i]).toBe(probabilityAlive(BG, x, data.recency[i], data.T[i]));
    });
    expect(values.totalExpectedRevenue).toBeCloseTo(values.expectedRevenue.reduce((a, b) => a + b, 0), 10);
  });

  it('discounts each month from its end at the monthly rate; the last partial month from the horizon', () => {
    const rate = 0.02;
    const values = customerValues(BG, GG, data, { horizon: 52, unit: 'weeks', monthlyDiscountRate: rate });
    const month = DAYS_PER_MONTH / 7;
    const steps = [...Array.from({ length: 11 }, (_, j) => (j + 1) * month), 52];
    const orderValue = expectedOrderValue(GG, data);
    data.frequency.forEach((x, i) => {
      let expected = 0;
      let previous = 0;
      for (const tau of steps) {
        const now = expectedPurchases(BG, tau, x, data.recency[i], data.T[i]);
        expected += (now - previous) / (1 + rate) ** (tau / month);
        previous = now;
      }
      expect(values.expectedRevenue[i]).toBeCloseTo(expected * orderValue[i], 10);
      expect(values.expectedRevenue[i]).toBeLessThan(values.expectedPurchases[i] * orderValue[i]);
    });
  });

  it('days and weeks agree, the multiplier scales purchases and revenue, a zero horizon gives zeros', () => {
    const weeks = customerValues(BG, GG, data, { horizon: 13, unit: 'weeks', monthlyDiscountRate: 0.01 });
    const daysData = { ...data, recency: data.recency.map((t) => t * 7), T: data.T.map((t) => t * 7) };
    const days = customerValues({ ...BG, alpha: BG.alpha * 7 }, GG, daysData, { horizon: 91, unit: 'days', monthlyDiscountRate: 0.01 });
    weeks.expectedRevenue.forEach((v, i) => expect(days.expectedRevenue[i]).toBeCloseTo(v, 9));
    const scaled = customerValues(BG, GG, data, { horizon: 13, unit: 'weeks', monthlyDiscountRate: 0.01, purchaseMultiplier: 1.5 });
    scaled.expectedRevenue.forEach((v, i) => expect(v).toBeCloseTo(1.5 * weeks.expectedRevenue[i], 10));
    expect(scaled.totalExpectedPurchases).toBeCloseTo(1.5 * weeks.totalExpectedPurchases, 10);
    const none = customerValues(BG, GG, data, { horizon: 0, unit: 'weeks' });
    expect(Array.from(none.expectedRevenue)).toEqual([0, 0, 0]);
    expect(() => customerValues(BG, GG, data, { horizon: -1, unit: 'weeks' })).toThrow(RangeError);
  });
});
