import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/ml/forecast/index.ts';
import { conformalBands, conformalQuantile, intervalHalfWidth, normalQuantile } from '../../src/ml/forecast/intervals.ts';
import { adjustBySeason, oneSeasonCandidates } from '../../src/ml/forecast/one-season.ts';
import { createRandom, normal } from '../../src/ml/random.ts';

/** Online Retail's net revenue per month, Dec 2010 – Nov 2011 (rounded): 12 months, the first a Christmas. */
const ONLINE_RETAIL_MONTHS = [554_604, 475_074, 436_546, 579_964, 426_048, 648_251, 608_014, 574_238, 616_368, 931_441, 974_604, 1_132_407];

describe('interval levels never give one band', () => {
  it('widens by the stated rule when there are too few errors for a quantile, and says so', () => {
    // One origin, three steps: 2 or 3 pooled errors per step, fewer than 80 % (4) or 95 % (19) need.
    const bands = conformalBands([Float64Array.from([100, -200, 300])], 3);
    expect(bands.widened).toEqual([80, 95]);
    expect(bands.fewestErrors).toBe(2);
    for (let h = 0; h < 3; h++) expect(bands.halfWidth95[h]).toBeGreaterThan(bands.halfWidth80[h]);
    // Rule: the largest of N errors is read as the N/(N+1) quantile of |error| and scaled as for normal errors.
    const step0 = intervalHalfWidth(Float64Array.from([100, 200]), 0.95);
    expect(step0.widened).toBe(true);
    expect(step0.value).toBeCloseTo((200 * normalQuantile(0.975)) / normalQuantile((1 + 2 / 3) / 2), 6);
  });

  it('reads the conformal quantile when there are enough errors', () => {
    const random = createRandom(5);
    const errors = Array.from({ length: 40 }, () => Float64Array.from({ length: 4 }, () => normal(random, 0, 10)));
    const bands = conformalBands(errors, 4);
    expect(bands.widened).toEqual([]);
    expect(bands.fewestErrors).toBe(80);
    const pooled = Float64Array.from(errors.flatMap((row) => [Math.abs(row[0]), Math.abs(row[1])])).sort();
    expect(bands.halfWidth80[0]).toBe(conformalQuantile(pooled, 0.8));
    expect(bands.halfWidth95[0]).toBeGreaterThan(bands.halfWidth80[0]);
  });

  it('separates the levels when whole-number errors tie', () => {
    const errors = Array.from({ length: 30 }, (_, k) => Float64Array.from([k % 10 === 0 ? 1 : 2, 2]));
    const bands = conformalBands(errors, 2);
    expect(bands.halfWidth80[0]).toBe(2);
    expect(bands.halfWidth95[0]).toBeCloseTo((2 * normalQuantile(0.975)) / normalQuantile(0.9), 9);
    expect(bands.widened).toEqual([95]);
  });

  it('gives distinct 80 % and 95 % ranges for a 12-month history forecast 3 months ahead (the issue: one band for both)', () => {
    const result = forecast(ONLINE_RETAIL_MONTHS, { horizon: 3, period: 12, nonNegative: true });
    expect(result.roughIntervals).toMatchObject({ levels: expect.arrayContaining([95]) });
    result.point.forEach((_, h) => {
      expect(result.upper95[h]).toBeGreaterThan(result.upper80[h]);
      expect(result.lower95[h] < result.lower80[h] || result.lower95[h] === 0).toBe(true);
    });
  });
});

describe('one-season adjustment', () => {
  const period = 52;
  /** A rising series with a deep dip in weeks 10–12 of its first year (a holiday), 60 weeks long. */
  const series = Float64Array.from({ length: 60 }, (_, t) => (100 + t) * (t >= 10 && t <= 12 ? 0.3 : 1));

  it('scales a forecast by last year\'s weeks relative to the weeks it starts from, using only the past', () => {
    const flat = new Float64Array(13).fill(200);
    const adjusted = adjustBySeason(series, 56, flat.slice(), period, 1);
    // From week 56, step h is week 56 + h, whose week a year earlier is 4 + h: ordinary at first, the dip at steps 6–8.
    expect(adjusted[0]).toBeGreaterThan(170);
    expect(adjusted[7]).toBeLessThan(0.6 * adjusted[0]);
    // Values at or after the origin are not used.
    const changed = Float64Array.from(series, (v, t) => (t >= 56 ? v * 10 : v));
    expect(adjustBySeason(changed, 56, flat.slice(), period, 1)).toEqual(adjusted);
    // Strength shrinks the factors towards 1; steps with no week a year earlier in the data are left alone.
    expect(adjustBySeason(series, 56, flat.slice(), period, 0.3)[7]).toBeGreaterThan(adjusted[7]);
    expect(adjustBySeason(series, 40, flat.slice(), period, 1)[0]).toBe(200);
  });

  it('competes only between one season (plus 4 points) and two, on positive data', () => {
    expect(oneSeasonCandidates(60, period, true)).toHaveLength(3);
    expect(oneSeasonCandidates(55, period, true)).toEqual([]);
    expect(oneSeasonCandidates(104, period, true)).toEqual([]);
    expect(oneSeasonCandidates(60, period, false)).toEqual([]);
    expect(oneSeasonCandidates(60, 1, true)).toEqual([]);
  });
});
