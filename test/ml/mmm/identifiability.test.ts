import { describe, expect, it } from 'vitest';
import { recommendSplit } from '../../../src/answers/allocation/budget-request.ts';
import { fitMarketingMix, HOLD_BAND, indistinctChannels, simulateMarket, type MixInput } from '../../../src/ml/mmm/index.ts';

/** A simulated market where the second channel's spend is the first's × 0.5 (plus 1 % noise): collinear. */
function collinearMarket(): MixInput {
  const { input } = simulateMarket(3);
  const [first, , ...rest] = input.channels;
  const copy = first.spend.map((v, t) => v * 0.5 * (1 + 0.01 * Math.sin(t)));
  return { ...input, channels: [first, { name: 'shadow', spend: copy }, ...rest] };
}

describe('channels the data cannot tell apart', () => {
  it('flags collinear spend and spend that hardly moves, and nothing on independent spend', () => {
    const input = collinearMarket();
    const steady = { name: 'steady', spend: input.weeks.map((_, t) => 1000 + (t % 2)) };
    const flagged = indistinctChannels({ channels: [...input.channels, steady] });
    expect(flagged).toEqual([
      { name: 'channel1', reason: 'collinear', with: ['shadow'] },
      { name: 'shadow', reason: 'collinear', with: ['channel1'] },
      { name: 'steady', reason: 'steady', with: [] },
    ]);
    expect(indistinctChannels(simulateMarket(3).input)).toEqual([]);
  });

  it('keeps them within the hold band of today\'s spend while the others move', () => {
    const input = collinearMarket();
    const model = fitMarketingMix(input, { seed: 42, search: { starts: 2, sweeps: 2 } });
    const budget = model.channels.reduce((s, c) => s + Math.round(c.recentWeeklySpend * 100) / 100, 0);
    const allocation = recommendSplit(model, input, { budget, period: 'week', bounds: {}, locks: [] });
    const byName = Object.fromEntries(allocation.channels.map((c) => [c.name, c]));
    for (const name of ['channel1', 'shadow']) {
      const c = byName[name];
      expect(c.held).toBe(true);
      expect(Math.abs(c.change)).toBeLessThanOrEqual(HOLD_BAND * c.current + 1e-6);
      // The bounds it reports are still the default ones: the hold narrows only what the solver may do.
      expect(c.bounds.max).toBeCloseTo(2 * c.current, 6);
    }
    const others = allocation.channels.filter((c) => !c.held);
    expect(others.length).toBeGreaterThan(0);
    expect(others.some((c) => Math.abs(c.change) > HOLD_BAND * c.current)).toBe(true);
  });
});
