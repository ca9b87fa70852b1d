import { describe, expect, it } from 'vitest';
import { ClvError, expectedOrderValue, fitGammaGamma, gammaGammaLogLikelihood, simulateCustomers, type GammaGammaParams } from '../../../src/ml/clv/index.ts';

/** Fader & Hardie (2013), CDNOW. */
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
/** (x, m, ln f(m | x), E[M | m, x]): the note's formulas evaluated with mpmath at 40 digits. */
const REFERENCE: Array<[number, number, number, number]> = [
  [1, 22.345, -3.6521973882148928, 26.268770856507229],
  [2, 11.77, -3.8838552655557939, 15.985892388451443],
  [5, 35.1, -4.0425861257670034, 35.109591056192999],
  [30, 120.5, -7.8852280109679152, 119.2717094196804],
];
const POPULATION_MEAN = 35.218978102189781;

const close = (actual: number, expected: number, relative = 1e-12): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
};

describe('Gamma-Gamma formulas', () => {
  it.each(REFERENCE)('log-likelihood and conditional order value of x=%d, m=%f', (x, m, ll, value) => {
    close(gammaGammaLogLikelihood(CDNOW, { frequency: [x], monetary: [m] }), ll);
    close(expectedOrderValue({ params: CDNOW, observedMeanValue: 0 }, { frequency: [x], monetary: [m] })[0], value);
  });

  it('leaves out customers without a repeat order value, who get the population mean pγ/(q − 1)', () => {
    const data = { frequency: [0, 1, 3, 2], monetary: [0, 22.345, 0, 11.77] };
    close(gammaGammaLogLikelihood(CDNOW, data), REFERENCE[0][2] + REFERENCE[1][2]);
    const values = expectedOrderValue({ params: CDNOW, observedMeanValue: 0 }, data);
    close(values[0], POPULATION_MEAN);
    close(values[2], POPULATION_MEAN);
    close(values[1], REFERENCE[0][3]);
  });
});

describe('fitGammaGamma', () => {
  const truth: GammaGammaParams = { p: 4, q: 3, gamma: 20 };
  const simulated = simulateCustomers({
    customers: 10_000,
    bgNbd: { r: 2, alpha: 10, a: 0.5, b: 5 },
    gammaGamma: truth,
    observationLength: 52,
    acquisitionPeriod: 20,
    seed: 21,
  });

  it('recovers the parameters of simulated order values', () => {
    const fit = fitGammaGamma(simulated);
    // p and γ/q are well identified; q and γ move together, hence the looser bound on them.
    expect(Math.abs(fit.params.p / truth.p - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.q / truth.q - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.params.gamma / truth.gamma - 1)).toBeLessThan(0.3);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(truth, simulated));
    expect(Math.abs(fit.frequencyValueCorrelation)).toBeLessThan(0.1);
    expect(fit.fallback).toBeUndefined();
    expect(fitGammaGamma(simulated)).toEqual(fit);
  });

  it('values so spread out that q ≤ 1: the named fallback uses observed means, never NaN', () => {
    const heavy = simulateCustomers({ customers: 3_000, bgNbd: { r: 2, alpha: 10, a: 0.5, b: 5 }, gammaGamma: { p: 1, q: 0.7, gamma: 10 }, observationLength: 52, acquisitionPeriod: 20, seed: 5 });
    const fit = fitGammaGamma(heavy);
    expect(fit.params.q).toBeLessThan(1);
    expect(fit.fallback?.code).toBe('observed-mean');
    const values = expectedOrderValue(fit, heavy);
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const i = heavy.frequency.findIndex((x, k) => x > 0 && heavy.monetary[k] > 0);
    expect(values[i]).toBe(heavy.monetary[i]);
    const j = heavy.frequency.findIndex((x) => x === 0);
    expect(values[j]).toBe(fit.observedMeanValue);
  });

  it('too few or no repeat order values: clear errors', () => {
    const code = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ClvError);
        return (error as ClvError).code;
      }
      return undefined;
    };
    expect(code(() => fitGammaGamma({ frequency: [0, 0, 2], monetary: [0, 0, 0] }))).toBe('E_CLV_NO_ORDER_VALUES');
    expect(code(() => fitGammaGamma({ frequency: [1, 2, 3], monetary: [10, 20, 30] }))).toBe('E_CLV_TOO_FEW_REPEAT_CUSTOMERS');
    expect(code(() => fitGammaGamma({ frequency: [1, 2], monetary: [10] }))).toBe('E_CLV_BAD_INPUT');
  });
});
