import { describe, expect, it } from 'vitest';
import {
  allocateBudget,
  allocateOnCurves,
  expectedOutcome,
  fitMarketingMix,
  MixInputError,
  responseCurve,
  type MixInput,
} from '../../src/ml/mmm/index.ts';
import { geometricAdstock, hillSaturation, type ChannelResponse } from '../../src/ml/mmm/response.ts';
import { createRandom, normal } from '../../src/ml/random.ts';

/** True curves: decay 0.1–0.7, three S-shaped channels (shape 2–3) and two concave ones (shape 1). */
const TRUE_CHANNELS = [
  { name: 'tv', level: 20000, decay: 0.7, halfSatRatio: 1.0, shape: 2.5, beta: 18000, activeShare: 0.6 },
  { name: 'search', level: 8000, decay: 0.1, halfSatRatio: 0.8, shape: 1.0, beta: 14000, activeShare: 1 },
  { name: 'social', level: 12000, decay: 0.4, halfSatRatio: 1.2, shape: 2.0, beta: 16000, activeShare: 0.9 },
  { name: 'display', level: 5000, decay: 0.55, halfSatRatio: 1.5, shape: 1.0, beta: 10000, activeShare: 1 },
  { name: 'radio', level: 6000, decay: 0.25, halfSatRatio: 0.9, shape: 3.0, beta: 8000, activeShare: 0.8 },
];

/**
 * 104 weeks: baseline 100k + 20k trend + yearly season (2 harmonics) + noise (sd 1000, about 1 % of
 * the outcome); flighted log-normal spend; media about a quarter of the outcome.
 */
function simulate(seed: number, weekCount = 104): { input: MixInput; truth: ChannelResponse[] } {
  const random = createRandom(seed);
  const truth = TRUE_CHANNELS.map((c) => ({ decay: c.decay, halfSat: (c.halfSatRatio * c.level) / (1 - c.decay), shape: c.shape, beta: c.beta }));
  const channels = TRUE_CHANNELS.map((c) => ({
    name: c.name,
    spend: Array.from({ length: weekCount }, () => (random() < c.activeShare ? c.level * Math.exp(normal(random, 0, 0.6)) : 0)),
  }));
  const season = (t: number) => 10000 * Math.sin((2 * Math.PI * t) / 52.18) + 4000 * Math.cos((4 * Math.PI * t) / 52.18);
  const outcome = Array.from({ length: weekCount }, (_, t) => 100000 + (20000 * t) / (weekCount - 1) + season(t) + normal(random, 0, 1000));
  channels.forEach((c, i) => {
    geometricAdstock(c.spend, truth[i].decay).forEach((a, t) => (outcome[t] += truth[i].beta * hillSaturation(a, truth[i].halfSat, truth[i].shape)));
  });
  const weeks = Array.from({ length: weekCount }, (_, t) => new Date(Date.UTC(2022, 0, 3 + 7 * t)).toISOString().slice(0, 10));
  return { input: { weeks, outcome, channels }, truth };
}

describe('fitMarketingMix on data simulated from known curves', () => {
  for (const dataSeed of [1, 6]) {
    it(`recommends a split worth ≥ 98 % of the true optimum (data seed ${dataSeed})`, () => {
      const { input, truth } = simulate(dataSeed);
      const model = fitMarketingMix(input, { seed: 7 });
      expect(model.fit.r2).toBeGreaterThan(0.97);
      expect(model.validation.r2).toBeGreaterThan(0.8);

      const recommended = allocateBudget(model);
      const onTrueCurves = allocateOnCurves(
        model.channels.map((c, i) => ({ name: c.name, response: truth[i], currentWeeklySpend: c.recentWeeklySpend })),
      );
      const achieved = expectedOutcome(truth, recommended.channels.map((c) => c.recommended));
      expect(achieved / onTrueCurves.expectedTotal).toBeGreaterThanOrEqual(0.98);
    });
  }

  it('reports per-channel shares, ROAS and parameters as a plain JSON-safe object, deterministically', () => {
    const { input } = simulate(2, 80);
    const model = fitMarketingMix(input, { seed: 3, search: { starts: 2, sweeps: 2 } });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(fitMarketingMix(input, { seed: 3, search: { starts: 2, sweeps: 2 } })).toEqual(model);

    const shares = model.channels.reduce((s, c) => s + c.shareOfMedia, 0);
    expect(shares).toBeCloseTo(1, 9);
    for (const c of model.channels) {
      expect(c.response.beta).toBeGreaterThanOrEqual(0);
      expect(c.roas).toBeCloseTo(c.totalEffect / c.totalSpend, 9);
      expect(c.recentWeeklySpend).toBeCloseTo(input.channels.find((x) => x.name === c.name)!.spend.slice(-13).reduce((s, v) => s + v, 0) / 13, 9);
    }
    expect(model.fit.nrmse).toBeGreaterThan(0);
    expect(model.baseline.terms).toEqual(['intercept', 'trend', 'sin_1', 'cos_1', 'sin_2', 'cos_2']);

    const [tv] = model.channels;
    const points = responseCurve(model, 'tv', [0, tv.recentWeeklySpend, 4 * tv.recentWeeklySpend]);
    expect(points[0].effect).toBe(0);
    expect(points[1].marginalRoas).toBeCloseTo(tv.marginalRoas, 12);
    expect(points[2].effect).toBeGreaterThanOrEqual(points[1].effect);
    expect(() => responseCurve(model, 'TV', [1])).toThrow(/Known channels: tv, search/);
  });
});

describe('fitMarketingMix input checks', () => {
  const { input } = simulate(3, 40);
  const code = (bad: MixInput) => {
    try {
      fitMarketingMix(bad, { seed: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(MixInputError);
      return (error as MixInputError).code;
    }
    return 'no error';
  };

  it('rejects short, ragged, negative and spend-less data', () => {
    expect(code({ ...input, weeks: input.weeks.slice(0, 10), outcome: input.outcome.slice(0, 10) })).toBe('E_MIX_TOO_SHORT');
    expect(code({ ...input, outcome: input.outcome.slice(1) })).toBe('E_MIX_SHAPE');
    expect(code({ ...input, channels: [{ name: 'tv', spend: input.outcome.map(() => -1) }] })).toBe('E_MIX_SHAPE');
    expect(code({ ...input, channels: [{ name: 'tv', spend: input.outcome.map(() => 0) }] })).toBe('E_NO_SPEND_DATA');
    expect(code({ ...input, channels: [] })).toBe('E_NO_SPEND_DATA');
  });
});
