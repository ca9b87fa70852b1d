import { describe, expect, it } from 'vitest';
import { allocateOnCurves, allocateOnDraws, bestOnAverage, cautiousStep, todaysMixFor, type AllocationChannel } from '../../../src/ml/mmm/index.ts';
import type { ChannelResponse } from '../../../src/ml/mmm/response.ts';

const curve = (beta: number, halfSat: number, shape = 1): ChannelResponse => ({ beta, halfSat, shape, decay: 0 });
const channels: AllocationChannel[] = [
  { name: 'a', response: curve(4000, 1000), currentWeeklySpend: 1000 },
  { name: 'b', response: curve(1000, 1000), currentWeeklySpend: 1000 },
];

describe("today's mix scaled to a budget", () => {
  it('is today\'s split at today\'s total, and scales with the budget inside the bounds', () => {
    const bounds = [{ min: 500, max: 2000 }, { min: 500, max: 2000 }];
    expect(todaysMixFor(2000, [1000, 1000], bounds)).toEqual([1000, 1000]);
    const scaled = todaysMixFor(3000, [1000, 2000], [{ min: 0, max: 1200 }, { min: 0, max: 5000 }])!;
    expect(scaled[0] + scaled[1]).toBeCloseTo(3000, 6);
    expect(scaled[0]).toBeCloseTo(1000, 6);
    // 1200 is a's max: a is capped there and b takes the rest.
    const capped = todaysMixFor(4000, [1000, 1000], [{ min: 0, max: 1200 }, { min: 0, max: 5000 }])!;
    expect(capped).toEqual([1200, expect.closeTo(2800, 6)]);
    expect(todaysMixFor(10_000, [1000, 0], [{ min: 0, max: 2000 }, { min: 0, max: 9000 }])).toBeUndefined();
  });
});

describe('the cautious step', () => {
  const today = [1000, 1000];
  const optimum = [1500, 500];

  it('goes all the way when every refit agrees with the fit', () => {
    const replicates = Array.from({ length: 20 }, () => channels.map((c) => c.response));
    expect(cautiousStep(today, optimum, replicates)).toBe(1);
  });

  it('stays at today\'s mix when a quarter of the refits or more say the move loses', () => {
    const reversed = [curve(1000, 1000), curve(4000, 1000)];
    const replicates = Array.from({ length: 20 }, (_, b) => (b % 3 === 0 ? reversed : channels.map((c) => c.response)));
    expect(cautiousStep(today, optimum, replicates)).toBe(0);
  });

  it('stops part way when some refits put the optimum nearer today\'s split', () => {
    // Refits where a is only a little better than b: their optimum is a short move from today's split.
    const mild = [curve(1300, 1000), curve(1000, 1000)];
    const replicates = Array.from({ length: 20 }, (_, b) => (b % 2 === 0 ? mild : channels.map((c) => c.response)));
    const step = cautiousStep(today, optimum, replicates);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(1);
  });

  it('bestOnAverage: the best split of the draws\' mean outcome (draws differing only in beta: the split of the mean curves)', () => {
    const options = { budget: 2000, bounds: { a: { min: 500, max: 2000 }, b: { min: 500, max: 2000 } }, scenarioFactors: [] };
    const draws = [
      [curve(4000, 1000), curve(1000, 1000)],
      [curve(1000, 1000), curve(3000, 1000)],
      [curve(2500, 1000), curve(500, 1000)],
    ];
    const meanCurves = channels.map((c, i) => ({ ...c, response: curve(draws.reduce((s, d) => s + d[i].beta, 0) / draws.length, 1000) }));
    const best = bestOnAverage(channels, options, draws);
    const ofMean = allocateOnCurves(meanCurves, options).channels.map((c) => c.recommended);
    best.forEach((x, i) => expect(x).toBeCloseTo(ofMean[i], 3));
    // Weights move it: all the weight on the second draw, whose b returns more, gives that draw's own split.
    const second = bestOnAverage(channels, options, draws, [0, 1, 0]);
    const ofSecond = allocateOnCurves(channels.map((c, i) => ({ ...c, response: draws[1][i] })), options).channels.map((c) => c.recommended);
    second.forEach((x, i) => expect(x).toBeCloseTo(ofSecond[i], 3));
    expect(second[1]).toBeGreaterThan(second[0]);
  });

  it('allocateOnDraws: the fitted optimum when every draw is the fit; otherwise a feasible split on the line from today towards the best on average', () => {
    const options = { budget: 2000, bounds: { a: { min: 500, max: 2000 }, b: { min: 500, max: 2000 } }, scenarioFactors: [] };
    const point = allocateOnCurves(channels, options);
    const agreeing = allocateOnDraws(channels, options, Array.from({ length: 10 }, () => channels.map((c) => c.response)));
    agreeing.channels.forEach((c, i) => expect(c.recommended).toBeCloseTo(point.channels[i].recommended, 6));
    expect(agreeing.step).toBe(1);

    // A third of the draws say b returns four times what a does: the average still favours a, the worst quarter does not.
    const reversed = [curve(1000, 1000), curve(4000, 1000)];
    const draws = Array.from({ length: 21 }, (_, b) => (b % 3 === 0 ? reversed : channels.map((c) => c.response)));
    const best = bestOnAverage(channels, options, draws);
    expect(best[0]).toBeGreaterThan(1000);
    const split = allocateOnDraws(channels, options, draws);
    expect(split.step).toBeLessThan(1);
    expect(split.channels.reduce((s, c) => s + c.recommended, 0)).toBeCloseTo(2000, 6);
    split.channels.forEach((c, i) => {
      expect(c.recommended).toBeCloseTo(1000 + split.step * (best[i] - 1000), 6);
      expect(c.recommended).toBeGreaterThanOrEqual(c.bounds.min);
      expect(c.recommended).toBeLessThanOrEqual(c.bounds.max);
    });
    // The figures are read off the fit's own curves; the scenarios are the fit's optima.
    expect(split.expectedTotal).toBeLessThanOrEqual(point.expectedTotal);
    expect(split.scenarios).toEqual(point.scenarios);
  });
});
