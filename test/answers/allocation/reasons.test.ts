import { describe, expect, it } from 'vitest';
import { averageRoas, breakEvenSpend, channelLimits, dataOverlap, limitCell } from '../../../src/answers/allocation/reasons.ts';
import { limitsSentence, lossWarning, outcomeSentence } from '../../../src/answers/allocation/wording.ts';
import { allocateOnCurves } from '../../../src/ml/mmm/index.ts';

// f(x) = 20000 · x / (x + 10000) per week: f'(x) = 1 at x = sqrt(20000 · 10000) − 10000 ≈ 4142.
const curve = { decay: 0, halfSat: 10_000, shape: 1, beta: 20_000 };

describe('where spend stops paying for itself', () => {
  it('finds the spend at which the next unit returns exactly one', () => {
    expect(breakEvenSpend(curve, 1)).toBeCloseTo(Math.sqrt(2e8) - 1e4, 3);
    expect(breakEvenSpend(curve, 4)).toBeCloseTo(4 * (Math.sqrt(2e8) - 1e4), 2);
    expect(breakEvenSpend({ ...curve, beta: 5_000 }, 1)).toBe(0); // f'(0) = 0.5: never pays back
    expect(averageRoas(curve, 10_000, 1)).toBeCloseTo(1, 9);
  });
});

describe('which bound holds each channel', () => {
  const channels = [
    { name: 'tv', response: curve, currentWeeklySpend: 12_000 },
    { name: 'search', response: curve, currentWeeklySpend: 4_000 },
    { name: 'email', response: curve, currentWeeklySpend: 2_000 },
  ];

  it('names the cap, the floor, the lock and who set them, in the table and in words', () => {
    // tv returns little and is pushed to its floor; search, strong, is held by the cap it was given.
    const strong = { ...curve, beta: 200_000 };
    const mix = [
      { name: 'tv', response: curve, currentWeeklySpend: 12_000 },
      { name: 'search', response: strong, currentWeeklySpend: 4_000 },
      { name: 'email', response: strong, currentWeeklySpend: 2_000 },
      { name: 'social', response: strong, currentWeeklySpend: 6_000 },
    ];
    const request = { bounds: { search: { max: 5_000 } } };
    const allocation = allocateOnCurves(mix, { periodWeeks: 1, bounds: request.bounds, locks: ['email'] });
    const limits = channelLimits(allocation, request);
    expect(limits.map((l) => [l.name, l.limit, l.setBy])).toEqual([
      ['tv', 'min', 'default'],
      ['search', 'max', 'request'],
      ['email', 'locked', 'request'],
      ['social', 'none', 'default'],
    ]);
    expect(limits.map(limitCell)).toEqual(['½× floor', 'your max', 'locked', '–']);
    const sentence = limitsSentence(limits, allocation, 'revenue', 'USD');
    expect(sentence).toMatch(
      /^Why: search stops at \$5k, your max\.search, with a marginal ROAS of [\d.]+ \(raise it to let it take more\); tv stays at \$6k, its 0\.5× floor \(half today's spend\), with a marginal ROAS of only [\d.]+ \(set min\.tv=… to free that money\); email is locked at \$2k \(marginal ROAS [\d.]+\); social sits between its bounds, where the next \$1 brings about \$[\d.]+ of revenue\.$/,
    );
  });

  it('warns when extra money returns less than it costs, with where each channel pays back', () => {
    const allocation = allocateOnCurves(channels, { periodWeeks: 1, budget: 200_000 });
    const warning = lossWarning(allocation, { tv: curve, search: curve, email: curve }, 'revenue', 'USD', 'week');
    expect(warning).toMatch(/^:warning: The extra \$182k per week for tv, search and email returns less than it costs: at the recommended spend the next \$1 brings back only \$0\.\d\d(–\$0\.\d\d)? of revenue/);
    // Each pays back up to about 4.1k a week; within the budget-scaled floors (½× today's spend × 11.1) that is $100k.
    expect(warning).toMatch(/up to about tv \$4\.1k, search \$4\.1k and email \$4\.1k per week; at about \$100k per week \(within the bounds\)/);
    // Conversions are not money: no pay-back warning.
    expect(lossWarning(allocation, { tv: curve, search: curve, email: curve }, 'conversions', 'USD', 'week')).toBeUndefined();
  });

  it('says which outcome is explained, and warns when the orders lie outside the spend weeks', () => {
    const weeks = ['2015-11-23', '2019-11-11'];
    const apart = dataOverlap(weeks, { firstOrderAt: Date.parse('2010-12-01T08:26:00Z'), lastOrderAt: Date.parse('2011-12-09T12:50:00Z') });
    expect(apart.overlaps).toBe(false);
    expect(outcomeSentence('revenue', apart, 'robyn.csv')).toBe(
      "Outcome explained: the spend file's own revenue column (robyn.csv, weekly, 23 Nov 2015 – 17 Nov 2019), not the orders.\n" +
        ":warning: The spend weeks (23 Nov 2015 – 17 Nov 2019) and the orders (1 Dec 2010 – 9 Dec 2011) do not overlap in time: nothing links this spend to your orders, so the advice rests on the spend file's revenue only.",
    );
    expect(dataOverlap(weeks, { firstOrderAt: Date.parse('2019-11-15T00:00:00Z'), lastOrderAt: Date.parse('2020-01-01T00:00:00Z') }).overlaps).toBe(true);
    expect(outcomeSentence('revenue', dataOverlap(weeks, null))).not.toContain('warning');
  });
});
