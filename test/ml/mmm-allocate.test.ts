import { describe, expect, it } from 'vitest';
import { allocateOnCurves, AllocationInputError, expectedOutcome, type AllocationChannel, type AllocationOptions } from '../../src/ml/mmm/index.ts';
import type { ChannelResponse } from '../../src/ml/mmm/response.ts';
import { createRandom } from '../../src/ml/random.ts';

const curve = (beta: number, halfSat: number, shape: number, decay = 0): ChannelResponse => ({ beta, halfSat, shape, decay });
const channel = (name: string, response: ChannelResponse, currentWeeklySpend: number): AllocationChannel => ({ name, response, currentWeeklySpend });
const wide = (names: string[], max: number) => Object.fromEntries(names.map((n) => [n, { min: 0, max }]));

/** Best split of `budget` between the first two curves by scanning a fine grid (the third gets the rest). */
function bruteForce(responses: ChannelResponse[], budget: number, steps = 2000): number {
  let best = -Infinity;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; responses.length === 3 && j <= steps - i; j += 1) {
      const x = [(i / steps) * budget, (j / steps) * budget, ((steps - i - j) / steps) * budget];
      best = Math.max(best, expectedOutcome(responses, x));
    }
    if (responses.length === 2) best = Math.max(best, expectedOutcome(responses, [(i / steps) * budget, budget - (i / steps) * budget]));
  }
  return best;
}

describe('allocateOnCurves', () => {
  it('equalises marginal returns on concave curves (known optimum 500 / 200)', () => {
    // f1 = 4x/(x+100), f2 = x/(x+100): f1' = f2' ⇔ x1 + 100 = 2(x2 + 100); with x1 + x2 = 700, x2 = 200.
    const channels = [channel('a', curve(4, 100, 1), 350), channel('b', curve(1, 100, 1), 350)];
    const result = allocateOnCurves(channels, { budget: 700, bounds: wide(['a', 'b'], 1000) });
    expect(result.channels[0].recommended).toBeCloseTo(500, 3);
    expect(result.channels[1].recommended).toBeCloseTo(200, 3);
    expect(result.channels[0].marginalRoas).toBeCloseTo(result.channels[1].marginalRoas, 8);
    expect(result.expectedTotal).toBeGreaterThan(result.expectedTotalCurrent);
  });

  it('concentrates spend on S curves where an even split is a trap', () => {
    // Two identical S curves: 60/60 leaves both below the knee (total ≈ 0.355); one channel at 120 gives ≈ 0.633.
    const channels = [channel('a', curve(1, 100, 3), 60), channel('b', curve(1, 100, 3), 60)];
    const result = allocateOnCurves(channels, { budget: 120, bounds: wide(['a', 'b'], 200) });
    const optimum = bruteForce(channels.map((c) => c.response), 120, 20000);
    expect(result.expectedTotal).toBeGreaterThan(0.6);
    expect(result.expectedTotal).toBeGreaterThanOrEqual(optimum - 1e-9);
    expect(result.channels[0].recommended + result.channels[1].recommended).toBeCloseTo(120, 9);
  });

  it('matches a brute-force search on random mixes of S and concave curves with carry-over', () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 5; trial++) {
      const responses = [0, 1, 2].map(() => curve(50 + 100 * random(), 50 + 150 * random(), 0.8 + 2.4 * random(), 0.6 * random()));
      const channels = responses.map((r, i) => channel(`c${i}`, r, 100));
      const result = allocateOnCurves(channels, { budget: 300, bounds: wide(['c0', 'c1', 'c2'], 300) });
      const optimum = bruteForce(responses, 300, 300);
      expect(result.expectedTotal).toBeGreaterThanOrEqual(optimum * (1 - 1e-6));
      expect(result.channels.reduce((s, c) => s + c.recommended, 0)).toBeCloseTo(300, 6);
    }
  });

  it('uses Robyn-style default bounds (0.5×–2× current), keeps locks, and scales money by the period', () => {
    const channels = [channel('tv', curve(1000, 300, 2), 200), channel('search', curve(800, 100, 1), 100), channel('radio', curve(300, 80, 1.5), 50)];
    const weekly = allocateOnCurves(channels, { locks: ['radio'] });
    expect(weekly.budget).toBeCloseTo(350, 9);
    const radio = weekly.channels[2];
    expect(radio.recommended).toBe(50);
    expect(radio.locked).toBe(true);
    weekly.channels.slice(0, 2).forEach((c) => {
      expect(c.recommended).toBeGreaterThanOrEqual(0.5 * c.current - 1e-9);
      expect(c.recommended).toBeLessThanOrEqual(2 * c.current + 1e-9);
    });

    const monthly = allocateOnCurves(channels, { locks: ['radio'], periodWeeks: 4.345 });
    monthly.channels.forEach((c, i) => expect(c.recommended).toBeCloseTo(4.345 * weekly.channels[i].recommended, 4));
    expect(monthly.expectedTotal).toBeCloseTo(4.345 * weekly.expectedTotal, 4);
  });

  it('adds 0.8× and 1.2× budget scenarios, and marks the ones the bounds cannot reach', () => {
    const channels = [channel('a', curve(100, 100, 1), 100), channel('b', curve(100, 100, 1), 100)];
    const result = allocateOnCurves(channels, { bounds: { a: { min: 90, max: 110 }, b: { min: 90, max: 200 } } });
    const [lower, higher] = result.scenarios;
    expect(lower).toMatchObject({ factor: 0.8, budget: 160, feasible: false });
    expect(higher).toMatchObject({ factor: 1.2, feasible: true });
    if (higher.feasible) expect(higher.expectedTotal).toBeGreaterThan(result.expectedTotal);
  });
});

describe('allocation input errors', () => {
  const channels = [channel('tv', curve(1000, 300, 2), 200), channel('search', curve(800, 100, 1), 100)];
  const failure = (options: AllocationOptions, list = channels) => {
    try {
      allocateOnCurves(list, options);
    } catch (error) {
      expect(error).toBeInstanceOf(AllocationInputError);
      return error as AllocationInputError;
    }
    throw new Error('expected an AllocationInputError');
  };

  it('scales the unset bounds with the budget, so any budget can be split', () => {
    for (const budget of [100, 1000]) expect(() => failure({ budget })).toThrow('expected an AllocationInputError');
  });

  it('rejects a budget that is not positive', () => {
    expect(failure({ budget: 0 }).code).toBe('E_BUDGET_NOT_POSITIVE');
    expect(failure({ budget: -5 }).message).toMatch(/budget must be a number above 0/);
  });

  it('rejects a minimum above its maximum', () => {
    const error = failure({ bounds: { tv: { min: 500, max: 300 } } });
    expect(error.code).toBe('E_BOUNDS_MIN_ABOVE_MAX');
    expect(error.message).toMatch(/"tv".*lower the minimum or raise the maximum/);
  });

  it('rejects bounds that cannot add up to the budget', () => {
    // Unset sides scale with the budget, so only bounds the person sets can contradict it.
    expect(failure({ budget: 100, bounds: { tv: { min: 100 }, search: { min: 50 } } }).code).toBe('E_BOUNDS_CANNOT_MEET_BUDGET');
    const tooBig = failure({ budget: 1000, bounds: { tv: { max: 400 }, search: { max: 200 } } });
    expect(tooBig.code).toBe('E_BOUNDS_CANNOT_MEET_BUDGET');
    expect(tooBig.message).toMatch(/lower the budget to at most 600/);
    // Amounts a manager can type back: whole units, "at least" rounded up.
    const fractional = failure({ budget: 100, bounds: { tv: { min: 70.123 }, search: { min: 50.456 } } });
    expect(fractional.message).toMatch(/minimums add up to 121, more than the budget of 100: raise the budget to at least 121 /);
  });

  it('names unknown channels and lists the known ones', () => {
    const error = failure({ locks: ['tv'], bounds: { facebook: { max: 10 } } });
    expect(error.code).toBe('E_UNKNOWN_CHANNEL');
    expect(error.message).toContain('"facebook" (in bounds)');
    expect(error.message).toContain('Known channels: tv, search');
    expect(failure({ locks: ['Radio'] }).code).toBe('E_UNKNOWN_CHANNEL');
  });

  it('asks for current spend when there is none to start from', () => {
    const idle = channels.map((c) => ({ ...c, currentWeeklySpend: 0 }));
    expect(failure({}, idle).code).toBe('E_NO_SPEND_DATA');
    expect(failure({}, []).code).toBe('E_NO_SPEND_DATA');
  });
});
