import { describe, expect, it } from 'vitest';
import { cautionSentence } from '../../../src/answers/allocation/uncertainty.ts';
import { allocateOnCurves, type Allocation } from '../../../src/ml/mmm/index.ts';

const base = allocateOnCurves(
  [
    { name: 'a', response: { beta: 4000, halfSat: 1000, shape: 1, decay: 0 }, currentWeeklySpend: 1000 },
    { name: 'b', response: { beta: 1000, halfSat: 1000, shape: 1, decay: 0 }, currentWeeklySpend: 1000 },
  ],
  { scenarioFactors: [] },
);
const withStep = (step: number, budget = base.budget): Allocation => ({ ...base, step, budget });

describe('cautionSentence', () => {
  it('says nothing when the split goes all the way to the best split on average', () => {
    expect(cautionSentence(withStep(1))).toBeUndefined();
  });

  it('says how far the split goes and why, or that it keeps today\'s mix', () => {
    expect(cautionSentence(withStep(0.6))).toMatch(/^The split goes 60 % of the way from today's mix to the best split on average over the curves the data allow: .*worst quarter of them/);
    expect(cautionSentence(withStep(0))).toMatch(/^The split keeps today's mix: on a quarter or more of the curves the data allow, any move/);
    expect(cautionSentence(withStep(0.3, 2 * base.budget))).toContain("today's mix (scaled to the budget)");
  });
});
