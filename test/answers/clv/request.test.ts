import { describe, expect, it } from 'vitest';
import { clvPayloadSchema, parseHorizonDays, parseMonthlyRate } from '../../../src/answers/clv/request.ts';

describe('clv request parsing', () => {
  it.each([
    ['90d', 90],
    ['90', 90],
    ['90 days', 90],
    ['12w', 84],
    ['3m', 91],
    ['6 months', 183],
    ['1q', 91],
    ['1y', 365],
    ['2 years', 731],
  ])('horizon %s is %i days', (text, days) => {
    expect(parseHorizonDays(text)).toBe(days);
  });

  it.each(['abc', '0d', '-5d', '5 fortnights', '', 'd'])('horizon %j is not understood', (text) => {
    expect(parseHorizonDays(text)).toBeUndefined();
  });

  it.each([
    ['1%', 0.01],
    ['0.5 %', 0.005],
    ['0.01', 0.01],
    ['.02', 0.02],
    ['0', 0],
    ['0%', 0],
  ])('discount %s is %f a month', (text, rate) => {
    expect(parseMonthlyRate(text)).toBeCloseTo(rate, 12);
  });

  it.each(['1', '5', 'abc', '1%%', '-1%'])('discount %j is refused (ambiguous or not a rate)', (text) => {
    expect(parseMonthlyRate(text)).toBeUndefined();
  });

  it('fills the defaults of a payload', () => {
    expect(clvPayloadSchema.parse({})).toEqual({ horizonDays: 90, top: 10 });
    expect(clvPayloadSchema.safeParse({ top: 0 }).success).toBe(false);
  });
});
