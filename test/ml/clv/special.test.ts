import { describe, expect, it } from 'vitest';
import { hyp2f1, logHyp2f1 } from '../../../src/ml/clv/hyp2f1.ts';
import { logGamma } from '../../../src/ml/clv/special.ts';

/** Reference values from mpmath.hyp2f1 at 30 significant digits (scipy.special.hyp2f1 agrees to 1e-14). */
const HYP2F1_REFERENCE: Array<[number, number, number, number, number]> = [
  [1, 1, 2, 0.5, 1.3862943611198906], // −ln(1 − z)/z
  [0.5, 0.5, 1.5, 0.25, 1.0471975511965977], // arcsin(√z)/√z = π/3
  [0.243, 2.426, 2.219, 0.3, 1.100518533085473], // BG/NBD E[X(t)] at the CDNOW parameters
  [5.243, 7.426, 7.219, 0.9, 264960.7174515972], // c − a − b < 0 near z = 1: Euler's transformation
  [2, 3, 4, -0.5, 0.53767481080810967], // negative z: Pfaff's transformation
  [2, 3, 4, -5, 0.05399554547705336],
  [1.5, 2.5, 1.2, 0.99, 519038.22302530817],
  [0.3, 0.7, 0.4, 0.999, 53.867651968525359],
  [-3, 2, 1.5, 0.7, -0.0752], // a polynomial
  [5.243, 7.426, 7.219, 0.2, 3.334718151162415],
  [20.24, 22.4, 22.2, 0.95, 3.848645538643243e26],
  [0.243, 2.426, 2.219, 0.999, 11.096504288680486],
  [1, 1, 2, -0.999, 0.69334039591417719],
  [0.5, -0.2, 2.3, 0.8, 0.95775385992648149],
  [10, 10, 1.5, 0.5, 281932533.23809908],
  [0.243, 2.426, -0.5, 0.4, -2.1740269070867852], // negative (non-integer) c
  [3.5, 1.2, 0.2, -20, -0.00036915526908871043],
  // Large parameters (a BG/NBD fit without dropout has b ≈ 10⁶): few terms are needed.
  [3.75, 914035, 914034.0625, 0.4, 6.79100303672932565],
  [0.5, 1e6, 2e6, 0.875, 1.333333484567925682],
  [2.5, 3, 1000000.5, 0.99, 1.000007425047743031],
  [1e6, 0.5, 1e6, 0.7, 1.8257418583505537], // = (1 − z)^(−1/2)
];

describe('hyp2f1', () => {
  it.each(HYP2F1_REFERENCE)('2F1(%f, %f; %f; %f) = %f', (a, b, c, z, expected) => {
    expect(Math.abs(hyp2f1(a, b, c, z) - expected) / Math.abs(expected)).toBeLessThan(1e-12);
  });

  it('logHyp2f1 matches ln 2F1 and does not overflow where 2F1 does', () => {
    expect(logHyp2f1(20.24, 22.4, 22.2, 0.95)).toBeCloseTo(Math.log(3.848645538643243e26), 10);
    // (1 − z)^(c − a − b) with c − a − b = −498.9 at z = 0.9: 2F1 ≈ 10^500.
    const huge = logHyp2f1(300, 200, 1.1, 0.9);
    expect(hyp2f1(300, 200, 1.1, 0.9)).toBe(Infinity);
    expect(huge).toBeGreaterThan(1000);
    expect(Number.isFinite(huge)).toBe(true);
    expect(logHyp2f1(-3, 2, 1.5, 0.7)).toBeNaN();
  });

  it('2F1 = 1 at z = 0 and rejects z ≥ 1 and c a non-positive integer', () => {
    expect(hyp2f1(1.3, 2.2, 3.1, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});

describe('logGamma', () => {
  /** scipy.special.gammaln. */
  const reference: Array<[number, number]> = [
    [0.001, 6.907178885383853],
    [0.243, 1.3180435846996699],
    [0.5, 0.5723649429247],
    [1, 0],
    [1.5, -0.12078223763524526],
    [2.426, 0.2340081168873162],
    [10, 12.801827480081469],
    [100.7, 362.3567752034306],
    [1000.25, 5906.9472682711175],
    [1e6, 12815504.569147611],
  ];
  it.each(reference)('lnΓ(%f) = %f', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });
});
