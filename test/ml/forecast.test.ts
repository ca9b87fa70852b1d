import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.ts';
import { classifySeries, fillGaps, forecast, type ForecastResult } from '../../src/ml/forecast/index.ts';
import { createRandom, normal, type Random } from '../../src/ml/random.ts';

function expectWellFormed(result: ForecastResult, horizon: number): void {
  for (const key of ['point', 'lower80', 'upper80', 'lower95', 'upper95'] as const) {
    expect(result[key]).toHaveLength(horizon);
    expect(result[key].every(Number.isFinite)).toBe(true);
  }
  result.point.forEach((p, h) => {
    expect(result.lower95[h]).toBeLessThanOrEqual(result.lower80[h]);
    expect(result.lower80[h]).toBeLessThanOrEqual(p);
    expect(p).toBeLessThanOrEqual(result.upper80[h]);
    expect(result.upper80[h]).toBeLessThanOrEqual(result.upper95[h]);
  });
  expect(result.model.length).toBeGreaterThan(0);
}

describe('forecast', () => {
  it('forecasts a weekly-seasonal trend closely and says which model it used', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 140 }, (_, t) => 200 + t + 30 * Math.sin((2 * Math.PI * t) / 7) + normal(random, 0, 2));
    const result = forecast(values.slice(0, 126), { horizon: 14, period: 7 });
    expectWellFormed(result, 14);
    const mae = result.point.reduce((sum, p, h) => sum + Math.abs(p - values[126 + h]), 0) / 14;
    expect(mae).toBeLessThan(6);
    expect(result.fallback).toBeUndefined();
    expect(result.modelsConsidered.length).toBeGreaterThan(5);
    expect(result.modelsConsidered.map((m) => m.model)).toContain(result.model);
    expect(result.backtestMase).toBeGreaterThan(0);
    expect(result.backtestMape).toBeLessThan(5);
  });

  it.each([
    { label: 'AR(1) noise', period: 1, next: (random: Random, t: number, previous: number) => (t === 0 ? 0 : 0.7 * previous + normal(random)) },
    { label: 'trend + season + noise', period: 12, next: (random: Random, t: number) => 50 + 0.2 * t + 5 * Math.sin((2 * Math.PI * t) / 12) + normal(random) },
  ])('80 % and 95 % intervals cover about that share of future values of $label', ({ period, next }) => {
    const random = createRandom(11);
    let inside80 = 0;
    let inside95 = 0;
    let total = 0;
    for (let series = 0; series < 60; series++) {
      const values: number[] = [];
      for (let t = 0; t < 130; t++) values.push(next(random, t, values[t - 1] ?? 0));
      const result = forecast(values.slice(0, 120), { horizon: 10, period });
      result.point.forEach((_, h) => {
        const actual = values[120 + h];
        inside80 += actual >= result.lower80[h] && actual <= result.upper80[h] ? 1 : 0;
        inside95 += actual >= result.lower95[h] && actual <= result.upper95[h] ? 1 : 0;
        total++;
      });
    }
    // 600 values from 60 series; errors of one series move together, so allow a few points either way.
    expect(inside80 / total).toBeGreaterThan(0.74);
    expect(inside80 / total).toBeLessThan(0.86);
    expect(inside95 / total).toBeGreaterThan(0.91);
    expect(inside95 / total).toBeLessThanOrEqual(0.99);
  });

  it('averages the models with weights from their backtest errors, naming the leading ones', () => {
    const random = createRandom(21);
    const values = Array.from({ length: 200 }, (_, t) => 100 + 0.1 * t + normal(random, 0, 3));
    const result = forecast(values, { horizon: 8 });
    const weights = result.members.map((m) => m.weight);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(weights.every((w) => w >= 0.02)).toBe(true);
    if (result.members.length > 1) {
      expect(result.model).toBe(`Weighted combination of ${result.members.length} models`);
      // A better backtest earns a larger weight.
      const mase = new Map(result.modelsConsidered.map((m) => [m.model, m.backtestMase]));
      for (let i = 1; i < result.members.length; i++) {
        expect(mase.get(result.members[i].model)!).toBeGreaterThanOrEqual(mase.get(result.members[i - 1].model)!);
        expect(weights[i]).toBeLessThanOrEqual(weights[i - 1]);
      }
    }
    expect(result.modelsConsidered.map((m) => m.model)).toContain(result.model);
    expect(result.naiveBacktestMase).toBeGreaterThan(0);
  });

  it('uses the yearly season of two years of weekly data, where the season test has too little to go on', () => {
    const random = createRandom(8);
    const week = (t: number) => 1000 * (1 + 0.002 * t) * (1 + 0.3 * Math.cos((2 * Math.PI * (t - 47)) / 52)) + normal(random, 0, 30);
    const values = Array.from({ length: 117 }, (_, t) => week(t));
    const history = values.slice(0, 104);
    const result = forecast(history, { horizon: 13, period: 52, nonNegative: true });
    const naive = forecast(history, { horizon: 13, period: 1, nonNegative: true });
    const error = (point: number[]) => point.reduce((sum, p, h) => sum + Math.abs(p - values[104 + h]), 0) / 13;
    expect(result.members.some((m) => /Seasonal naive|Fourier season/.test(m.model))).toBe(true);
    expect(error(result.point)).toBeLessThan(0.5 * error(naive.point));
  });

  it('clamps the point forecast and lower bounds at 0 for non-negative data', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 60 }, () => Math.max(0, normal(random, 2, 3)));
    const result = forecast(values, { horizon: 8, nonNegative: true });
    expectWellFormed(result, 8);
    expect(Math.min(...result.lower95)).toBeGreaterThanOrEqual(0);
  });
});

describe('forecast on odd series', () => {
  it.each([
    ['three points', [5, 7, 6], 'naive (too little history)'],
    ['all zeros', new Array(20).fill(0), 'Zero (all values are zero)'],
    ['a constant', new Array(20).fill(9), 'Constant (no variation)'],
    ['one point', [4], 'naive (too little history)'],
  ])('%s gives a named fallback with finite output', (_label, values, model) => {
    const result = forecast(values as number[], { horizon: 5, period: 7 });
    expectWellFormed(result, 5);
    expect(result.model).toBe(model);
    expect(result.fallback).toBeTruthy();
  });

  it('fills gaps (NaN, null) and forecasts from the end of the input', () => {
    const values: Array<number | null> = Array.from({ length: 40 }, (_, t) => 10 + t);
    values[5] = Number.NaN;
    values[6] = null;
    values[39] = null;
    const result = forecast(values, { horizon: 3 });
    expectWellFormed(result, 3);
    // The trailing gap is filled with the last observation (48), so forecasts continue from there.
    expect(result.point[0]).toBeGreaterThan(45);
  });

  it('handles negative values with additive models', () => {
    const random = createRandom(9);
    const values = Array.from({ length: 50 }, (_, t) => -20 + 0.3 * t + normal(random));
    const result = forecast(values, { horizon: 6, period: 12 });
    expectWellFormed(result, 6);
    expect(result.point[5]).toBeLessThan(0);
  });

  it.each([
    ['flat, then rising', [...new Array(40).fill(5), ...Array.from({ length: 20 }, (_, i) => 5 + i)]],
    ['zeros, then sales', [...new Array(60).fill(0), ...Array.from({ length: 10 }, (_, i) => 10 * i)]],
    ['intermittent', Array.from({ length: 80 }, (_, i) => (i % 7 === 0 ? 3 : 0))],
    ['huge values', Array.from({ length: 60 }, (_, i) => 1e12 + i * 1e9)],
    ['tiny values', Array.from({ length: 60 }, (_, i) => 1e-9 * (1 + (i % 5)))],
  ])('%s: finite, ordered output with every period', (_label, values) => {
    for (const period of [1, 7, 52]) expectWellFormed(forecast(values, { horizon: 6, period, nonNegative: true }), 6);
  });

  it('still ranks the models when the data before the backtest never moved', () => {
    // The usual MASE scale (one-step changes before the first origin) is 0 here.
    const values = [...new Array(40).fill(5), ...Array.from({ length: 20 }, (_, i) => 5 + i)];
    const result = forecast(values, { horizon: 6 });
    expect(result.modelsConsidered.every((m) => Number.isFinite(m.backtestMase))).toBe(true);
    expect(result.point[5]).toBeGreaterThan(26);
  });

  it('throws a readable error for empty or all-missing series and bad horizons', () => {
    expect(() => forecast([], { horizon: 3 })).toThrow(BadInputError);
    expect(() => forecast([Number.NaN, null], { horizon: 3 })).toThrow(/missing/);
    expect(() => forecast([1, 2, 3], { horizon: 0 })).toThrow(/horizon/);
    expect(() => forecast([1, 2, 3], { horizon: 2, period: 0.5 })).toThrow(/period/);
  });
});

describe('classifySeries', () => {
  it('names each problem with a severity a caller can act on', () => {
    const codes = (values: Array<number | null>, options = {}) => classifySeries(values, options).map((p) => `${p.code}:${p.severity}`);
    expect(codes([])).toEqual(['empty:error']);
    expect(codes([null, Number.NaN])).toEqual(['all-missing:error']);
    expect(codes([1, 2, 3])).toEqual(['too-short:fallback']);
    expect(codes(new Array(10).fill(0))).toEqual(['all-zero:fallback']);
    expect(codes([1, null, 1, 1, 1, 1, 1, 1, 1])).toEqual(['missing-values:warning', 'constant:fallback']);
    expect(codes([-1, 2, 3, 4, 5, 6, 7, 8], { period: 52, nonNegative: true })).toEqual(['negative-values:warning', 'season-too-short:warning']);
    expect(codes(Array.from({ length: 30 }, (_, t) => t))).toEqual([]);
  });

  it('fillGaps drops leading gaps, interpolates interior ones, carries the last value forward', () => {
    expect(Array.from(fillGaps([null, 1, Number.NaN, Number.NaN, 4, undefined]))).toEqual([1, 2, 3, 4, 4]);
  });
});
