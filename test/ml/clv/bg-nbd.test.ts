import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  ClvError,
  expectedPurchases,
  expectedPurchasesAll,
  expectedPurchasesNewCustomer,
  expectedPurchasesTotal,
  expectedRepeatsInSample,
  fitBgNbd,
  probabilityAlive,
  probabilityAliveAll,
  simulateCustomers,
  type BgNbdParams,
} from '../../../src/ml/clv/index.ts';

/** Fader, Hardie & Lee (2005), CDNOW. */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Reference values: the paper's formulas evaluated with mpmath at 40 digits (an independent implementation). */
const LOG_LIKELIHOOD: Array<[number, number, number, number]> = [
  [0, 0, 38.86, -0.55471327643815845],
  [1, 1.71, 38.86, -4.4690932750325885],
  [2, 30.43, 38.86, -9.4586063070662712],
  [26, 30.86, 31, -37.726579473394441],
  [50, 35, 36, -43.715357545648069],
];
const P_ALIVE: Array<[number, number, number, number]> = [
  [0, 0, 38.86, 1],
  [1, 1.71, 38.86, 0.21210098537737909],
  [2, 30.43, 38.86, 0.72657857008067291],
  [26, 30.86, 31, 0.96891564971752507],
  [5, 2, 38, 0.00040479758001135252],
];
const CONDITIONAL: Array<[number, number, number, number, number]> = [
  [39, 0, 0, 38.86, 0.19509805201126264],
  [39, 1, 1.71, 38.86, 0.20318698707975406],
  [39, 2, 30.43, 38.86, 1.2260281747671445], // the paper's worked example: 1.226
  [39, 26, 30.86, 31, 20.74972614085729],
  [39, 50, 35, 36, 34.83884966429049],
  [1, 5, 2, 38, 4.9687554284730274e-5],
  [500, 3, 20, 30, 9.7745544539741158],
  [0.01, 2, 30.43, 38.86, 0.00037658246390914929],
];
const NEW_CUSTOMER: Array<[number, number]> = [
  [1, 0.05326789117165828],
  [39, 1.1967231933208168],
  [78, 1.8605190579427685],
  [1000, 6.5803916137382322],
];

const close = (actual: number, expected: number, relative = 1e-10): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
};

describe('BG/NBD formulas', () => {
  it.each(LOG_LIKELIHOOD)('log-likelihood of x=%d, t_x=%f, T=%f', (x, t, T, expected) => {
    close(bgNbdLogLikelihood(CDNOW, { frequency: [x], recency: [t], T: [T] }), expected, 1e-12);
  });

  it('sums the log-likelihood over customers (repeated rows are grouped)', () => {
    const rows = [...LOG_LIKELIHOOD, LOG_LIKELIHOOD[2], LOG_LIKELIHOOD[2]];
    const total = rows.reduce((sum, row) => sum + row[3], 0);
    close(bgNbdLogLikelihood(CDNOW, { frequency: rows.map((r) => r[0]), recency: rows.map((r) => r[1]), T: rows.map((r) => r[2]) }), total, 1e-12);
  });

  it.each(P_ALIVE)('P(alive) of x=%d, t_x=%f, T=%f', (x, t, T, expected) => {
    close(probabilityAlive(CDNOW, x, t, T), expected, 1e-12);
  });

  it('P(alive) is 1 for every customer without a repeat purchase, whatever the age', () => {
    for (const T of [0, 1, 50, 1e6]) expect(probabilityAlive(CDNOW, 0, 0, T)).toBe(1);
    expect(probabilityAlive(CDNOW, 300, 1, 1e5)).toBe(0); // underflows to 0, not NaN
  });

  it.each(CONDITIONAL)('E[Y(%f) | x=%d, t_x=%f, T=%f]', (t, x, tx, T, expected) => {
    close(expectedPurchases(CDNOW, t, x, tx, T), expected);
  });

  it.each(NEW_CUSTOMER)('E[X(%f)] of a new customer', (t, expected) => {
    close(expectedPurchasesNewCustomer(CDNOW, t), expected);
  });

  it('is finite and continuous at the removable singularities a = 1 and a + b = 1', () => {
    // mpmath limits: E[X(39)] and E[Y(39) | 2, 30.43, 38.86] at a = 1; E[X(39)] at a = 0.4, b = 0.6.
    close(expectedPurchasesNewCustomer({ ...CDNOW, a: 1 }, 39), 1.0842790105915187, 1e-8);
    close(expectedPurchases({ ...CDNOW, a: 1 }, 39, 2, 30.43, 38.86), 1.1021367860399558, 1e-8);
    close(expectedPurchasesNewCustomer({ ...CDNOW, a: 0.4, b: 0.6 }, 39), 1.0815242786057801, 1e-8);
    close(expectedPurchases({ ...CDNOW, a: 0.4, b: 0.6 }, 39, 0, 0, 20), 0.29948355807020006, 1e-8);
    const near = expectedPurchasesNewCustomer({ ...CDNOW, a: 1 + 2e-6 }, 39);
    close(near, 1.0842790105915187, 1e-5);
  });

  it('vectorised predictions equal the per-customer ones, and the total is their sum', () => {
    const data = { frequency: [0, 1, 2, 2, 26], recency: [0, 1.71, 30.43, 30.43, 30.86], T: [38.86, 38.86, 38.86, 38.86, 31] };
    const [at39, at10] = expectedPurchasesAll(CDNOW, data, [39, 10]);
    data.frequency.forEach((x, i) => {
      close(at39[i], expectedPurchases(CDNOW, 39, x, data.recency[i], data.T[i]), 1e-14);
      close(at10[i], expectedPurchases(CDNOW, 10, x, data.recency[i], data.T[i]), 1e-14);
    });
    const [total] = expectedPurchasesTotal(CDNOW, data, [39]);
    close(total, at39.reduce((a, b) => a + b, 0), 1e-13);
    expect(Array.from(probabilityAliveAll(CDNOW, data))).toEqual(data.frequency.map((x, i) => probabilityAlive(CDNOW, x, data.recency[i], data.T[i])));
  });

  it('the in-sample curve adds up E[X(t)] of each cohort', () => {
    const curve = expectedRepeatsInSample(CDNOW, [10, 0, 5, 0], 1);
    expect(curve[0]).toBe(0);
    close(curve[1], 10 * expectedPurchasesNewCustomer(CDNOW, 1), 1e-12);
    close(curve.reduce((a, b) => a + b, 0), 10 * expectedPurchasesNewCustomer(CDNOW, 3) + 5 * expectedPurchasesNewCustomer(CDNOW, 1), 1e-12);
  });
});

describe('fitBgNbd', () => {
  const truth: BgNbdParams = { r: 0.5, alpha: 6, a: 0.7, b: 3 };
  const simulated = simulateCustomers({ customers: 20_000, bgNbd: truth, observationLength: 52, acquisitionPeriod: 26, holdout: 26, seed: 11 });

  it('recovers the parameters of simulated customers and predicts their holdout purchases', () => {
    const fit = fitBgNbd(simulated);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[key] / truth[key] - 1), key).toBeLessThan(0.2);
    }
    expect(fit.converged).toBe(true);
    expect(fit.fallback).toBeUndefined();
    // The fit is a maximum: at least as likely as the truth.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, simulated));
    const [predicted] = expectedPurchasesAll(fit.params, simulated, [26]);
    const total = predicted.reduce((a, b) => a + b, 0);
    const actual = simulated.holdout.reduce((a, b) => a + b, 0);
    expect(Math.abs(total / actual - 1)).toBeLessThan(0.05);
  });

  it('recovers them from day-rounded data too (the grouped, coarse-then-fine path)', () => {
    const daily = simulateCustomers({ customers: 20_000, bgNbd: truth, observationLength: 52, acquisitionPeriod: 26, resolution: 1 / 7, seed: 12 });
    const fit = fitBgNbd(daily);
    expect(fit.distinctTriples).toBeLessThan(20_000);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[key] / truth[key] - 1), key).toBeLessThan(0.2);
    }
  });

  it('is deterministic', () => {
    const small = simulateCustomers({ customers: 2_000, bgNbd: truth, observationLength: 52, acquisitionPeriod: 26, seed: 3 });
    expect(fitBgNbd(small)).toEqual(fitBgNbd(small));
    expect(simulateCustomers({ customers: 50, bgNbd: truth, observationLength: 52, seed: 9 })).toEqual(simulateCustomers({ customers: 50, bgNbd: truth, observationLength: 52, seed: 9 }));
  });
});

describe('fitBgNbd on odd data', () => {
  const codeOf = (run: () => unknown): string | undefined => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ClvError);
      expect((error as ClvError).message.length).toBeGreaterThan(20);
      return (error as ClvError).code;
    }
    return undefined;
  };

  it('every customer bought once: a clear error', () => {
    expect(codeOf(() => fitBgNbd({ frequency: [0, 0, 0], recency: [0, 0, 0], T: [10, 20, 30] }))).toBe('E_CLV_NO_REPEAT_CUSTOMERS');
  });

  it('too few repeat customers: a clear error, with the threshold adjustable', () => {
    const data = { frequency: [0, 1, 2, 0, 3], recency: [0, 5, 8, 0, 9], T: [10, 20, 30, 12, 15] };
    expect(codeOf(() => fitBgNbd(data))).toBe('E_CLV_TOO_FEW_REPEAT_CUSTOMERS');
    const fit = fitBgNbd(data, { minRepeatCustomers: 3 });
    for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
  });

  it('no customers and invalid rows: clear errors naming the row', () => {
    expect(codeOf(() => fitBgNbd({ frequency: [], recency: [], T: [] }))).toBe('E_CLV_NO_CUSTOMERS');
    expect(codeOf(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [2] }))).toBe('E_CLV_BAD_INPUT');
    expect(codeOf(() => fitBgNbd({ frequency: [1], recency: [3], T: [2] }))).toBe('E_CLV_BAD_INPUT');
    expect(codeOf(() => fitBgNbd({ frequency: [0], recency: [1], T: [2] }))).toBe('E_CLV_BAD_INPUT');
    expect(codeOf(() => fitBgNbd({ frequency: [1], recency: [NaN], T: [2] }))).toBe('E_CLV_BAD_INPUT');
    expect(() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [2] })).toThrow(/lengths differ/);
    expect(() => fitBgNbd({ frequency: [1], recency: [3], T: [2] })).toThrow(/Customer 1/);
  });

  it('nobody drops out (a → 0): the named fallback, predictions finite, P(alive) ≈ 1', () => {
    const loyal = simulateCustomers({ customers: 3_000, bgNbd: { r: 1, alpha: 10, a: 1e-6, b: 1 }, observationLength: 52, acquisitionPeriod: 20, holdout: 13, seed: 7 });
    const fit = fitBgNbd(loyal);
    expect(fit.fallback?.code).toBe('no-dropout');
    expect(fit.fallback?.message).toMatch(/no sign of dropping out/);
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeLessThan(1e-4);
    const alive = probabilityAliveAll(fit.params, loyal);
    expect(Math.min(...alive)).toBeGreaterThan(0.99);
    const [predicted] = expectedPurchasesAll(fit.params, loyal, [13]);
    expect(predicted.every(Number.isFinite)).toBe(true);
    const total = predicted.reduce((a, b) => a + b, 0);
    const actual = loyal.holdout.reduce((a, b) => a + b, 0);
    expect(Math.abs(total / actual - 1)).toBeLessThan(0.05);
  });
});
