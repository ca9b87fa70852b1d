import { describe, expect, it } from 'vitest';
import { fitMarketingMix, samplePosterior, simulateMarket, steadyStateEffect } from '../../../src/ml/mmm/index.ts';
import { blockMetropolis } from '../../../src/ml/mmm/metropolis.ts';
import { createRandom } from '../../../src/ml/random.ts';

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((v) => (v - mean(xs)) ** 2)));

describe('block Metropolis on the unit cube', () => {
  const settings = { burnIn: 500, draws: 2000, thin: 2, firstStep: 0.05 };

  it('draws a known density: a Gaussian inside the cube, and the flat density', () => {
    // Block 1: N(0.3, 0.08²) and N(0.6, 0.05²); block 2: flat (the loss ignores it), so uniform on [0, 1].
    const loss = (p: number[]) => ((p[0] - 0.3) / 0.08) ** 2 + ((p[1] - 0.6) / 0.05) ** 2;
    const run = blockMetropolis({ loss }, [0.5, 0.5, 0.5, 0.5], 2, settings, createRandom(7));
    expect(run.draws).toHaveLength(2000);
    const column = (j: number) => run.draws.map((d) => d[j]);
    expect(mean(column(0))).toBeCloseTo(0.3, 1);
    expect(sd(column(0))).toBeGreaterThan(0.06);
    expect(sd(column(0))).toBeLessThan(0.1);
    expect(mean(column(1))).toBeCloseTo(0.6, 1);
    expect(sd(column(1))).toBeGreaterThan(0.035);
    expect(sd(column(1))).toBeLessThan(0.065);
    for (const j of [2, 3]) {
      expect(mean(column(j))).toBeGreaterThan(0.45);
      expect(mean(column(j))).toBeLessThan(0.55);
      expect(sd(column(j))).toBeGreaterThan(0.25); // uniform: 1 / √12 ≈ 0.29
      expect(Math.min(...column(j))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...column(j))).toBeLessThanOrEqual(1);
    }
    // The flat block accepts every move; the Gaussian one settles between 15 % and 35 %.
    expect(run.acceptance).toBeGreaterThan(0.5);
    expect(run.acceptance).toBeLessThan(0.7);
  });

  it('is reproducible from its seed', () => {
    const loss = (p: number[]) => ((p[0] - 0.3) / 0.1) ** 2;
    const a = blockMetropolis({ loss }, [0.5], 1, { ...settings, draws: 50 }, createRandom(3));
    const b = blockMetropolis({ loss }, [0.5], 1, { ...settings, draws: 50 }, createRandom(3));
    expect(a).toEqual(b);
  });
});

describe('posterior draws of the fitted curves', () => {
  it('spread around the fit, the same for the same seed', () => {
    const { input } = simulateMarket(3);
    const model = fitMarketingMix(input, { seed: 42, search: { starts: 2, sweeps: 2 } });
    const settings = { burnIn: 100, draws: 60, thin: 3 };
    const posterior = samplePosterior(input, model, 42, settings);
    expect(samplePosterior(input, model, 42, settings)).toEqual(posterior);
    expect(posterior.names).toEqual(input.channels.map((c) => c.name));
    expect(posterior.draws).toHaveLength(60);
    expect(posterior.acceptance).toBeGreaterThan(0.05);
    model.channels.forEach((channel, i) => {
      const spend = channel.recentWeeklySpend;
      const roas = posterior.draws.map((d) => steadyStateEffect(spend, d[i]) / spend).sort((a, b) => a - b);
      const fitted = steadyStateEffect(spend, channel.response) / spend;
      // The fit is the posterior's mode: inside the draws' range, and the draws do move.
      expect(fitted).toBeGreaterThanOrEqual(roas[0]);
      expect(fitted).toBeLessThanOrEqual(roas[roas.length - 1]);
      expect(roas[roas.length - 1]).toBeGreaterThan(roas[0]);
      for (const d of posterior.draws) {
        expect(d[i].decay).toBeGreaterThanOrEqual(0);
        expect(d[i].decay).toBeLessThan(1);
        expect(d[i].beta).toBeGreaterThanOrEqual(0);
      }
    });
  }, 60_000);
});
