import { describe, expect, it } from 'vitest';
import { describeMoney, describeMoves, planSentence, settleMoves } from '../../../src/answers/allocation/wording.ts';
import { allocateOnCurves } from '../../../src/ml/mmm/index.ts';

describe('describeMoney', () => {
  it('writes compact amounts with the currency symbol or code', () => {
    expect(describeMoney(8_000)).toBe('8k');
    expect(describeMoney(8_240, 'USD')).toBe('$8.2k');
    expect(describeMoney(1_250_000, 'EUR')).toBe('€1.25m');
    expect(describeMoney(950, 'CHF')).toBe('950 CHF');
    expect(describeMoney(-3_000, 'GBP')).toBe('-£3k');
  });
});

describe('settleMoves', () => {
  it('pairs the largest cut with the largest increase', () => {
    const moves = settleMoves([{ name: 'tv', change: -8_000 }, { name: 'search', change: 6_000 }, { name: 'social', change: 2_000 }], 100);
    expect(moves).toEqual([{ from: 'tv', to: 'search', amount: 6_000 }, { from: 'tv', to: 'social', amount: 2_000 }]);
    expect(describeMoves(moves)).toBe('move 6k from tv to search and move 2k from tv to social');
  });

  it('reports new money and cuts when the budget differs from the current total, ignoring rounding', () => {
    expect(settleMoves([{ name: 'tv', change: 5_000 }, { name: 'email', change: 10 }], 100)).toEqual([{ to: 'tv', amount: 5_000 }]);
    expect(describeMoves(settleMoves([{ name: 'tv', change: -4_000 }], 100), 'USD')).toBe('cut $4k from tv');
  });
});

describe('planSentence', () => {
  // Two channels with the same concave curve: the best split of any budget is half and half.
  const curve = { decay: 0, halfSat: 10_000, shape: 1, beta: 20_000 };
  const channels = [
    { name: 'tv', response: curve, currentWeeklySpend: 12_000 },
    { name: 'search', response: curve, currentWeeklySpend: 4_000 },
  ];

  it('says what to move and what it brings', () => {
    const allocation = allocateOnCurves(channels, { periodWeeks: 1 });
    const sentence = planSentence({ allocation, outcome: 'revenue', currency: 'USD', period: 'week', recentOutcomePerPeriod: 100_000 });
    expect(sentence).toMatch(/^Move \$4k from tv to search: \+\d+\.\d % media-driven revenue expected \(\+[\d.]+k? revenue per week, about \+\d\.\d % of all revenue\)\.$/);
  });

  it('mentions a budget that differs from today', () => {
    const allocation = allocateOnCurves(channels, { periodWeeks: 1, budget: 20_000 });
    const sentence = planSentence({ allocation, outcome: 'revenue', period: 'week', recentOutcomePerPeriod: 100_000 });
    // Bounds scale with the budget (20k / 16k): search may reach 2 × 4k × 1.25 = 10k, the optimum of two equal curves.
    expect(sentence).toMatch(/^With 20k per week instead of today's 16k: move 2k from tv to search and add 4k to search: \+/);
  });

  it('keeps a split that is already the best', () => {
    const even = channels.map((c) => ({ ...c, currentWeeklySpend: 8_000 }));
    const allocation = allocateOnCurves(even, { periodWeeks: 1 });
    expect(planSentence({ allocation, outcome: 'sales', period: 'week', recentOutcomePerPeriod: 0 })).toMatch(/^Keep the current split of 16k per week/);
  });
});
