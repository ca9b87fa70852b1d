import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { marginalSteadyStateEffect } from '../../src/ml/mmm/curves.ts';
import { MixedLeastSquares } from '../../src/ml/mmm/least-squares.ts';
import { nnls } from '../../src/ml/mmm/nnls.ts';
import { geometricAdstock, hillSaturation, steadyStateEffect } from '../../src/ml/mmm/response.ts';
import { createRandom, normal } from '../../src/ml/random.ts';

describe('adstock and saturation', () => {
  it('carries a single pulse over geometrically', () => {
    expect(Array.from(geometricAdstock([100, 0, 0, 10], 0.5))).toEqual([100, 50, 25, 22.5]);
  });

  it('is half saturated at halfSat and S-shaped above shape 1', () => {
    expect(hillSaturation(40, 40, 2.5)).toBeCloseTo(0.5, 12);
    expect(hillSaturation(0, 40, 2.5)).toBe(0);
    // S curve: the slope rises before the half-saturation point, unlike the concave shape 1.
    const slope = (a: number, shape: number) => hillSaturation(a + 1, 40, shape) - hillSaturation(a, 40, shape);
    expect(slope(20, 2.5)).toBeGreaterThan(slope(5, 2.5));
    expect(slope(20, 1)).toBeLessThan(slope(5, 1));
  });

  it('gives the derivative of the steady-state effect as marginal ROAS', () => {
    for (const shape of [0.7, 1, 2.5]) {
      const response = { decay: 0.4, halfSat: 500, shape, beta: 1000 };
      const x = 180;
      const h = 1e-3;
      const numeric = (steadyStateEffect(x + h, response) - steadyStateEffect(x - h, response)) / (2 * h);
      expect(marginalSteadyStateEffect(x, response)).toBeCloseTo(numeric, 6);
    }
  });
});

describe('nnls (Lawson–Hanson)', () => {
  it('equals ordinary least squares when that is already non-negative', () => {
    const a = new Matrix([[1, 0], [0, 1], [1, 1]]);
    const { x } = nnls(a, [1, 2, 3]);
    expect(x[0]).toBeCloseTo(1, 10);
    expect(x[1]).toBeCloseTo(2, 10);
  });

  it('clamps a coefficient that least squares would make negative and refits the rest', () => {
    // b = 2·col0 − 1·col1 exactly; with x ≥ 0 the best is x1 = 0 and x0 = (col0·b)/(col0·col0).
    const a = new Matrix([[1, 1], [1, 0], [0, 1], [1, 1]]);
    const b = [1, 2, -1, 1];
    const { x } = nnls(a, b);
    expect(x[1]).toBe(0);
    expect(x[0]).toBeCloseTo((1 + 2 + 1) / 3, 10);
  });

  it('meets the KKT conditions on random problems', () => {
    const random = createRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const a = Matrix.from1DArray(12, 4, Array.from({ length: 48 }, () => normal(random)));
      const b = Array.from({ length: 12 }, () => normal(random));
      const { x } = nnls(a, b);
      const residual = Matrix.columnVector(b).sub(a.mmul(Matrix.columnVector(x)));
      const gradient = a.transpose().mmul(residual).getColumn(0); // −∇ of ½‖Ax − b‖²
      x.forEach((xi, i) => {
        expect(xi).toBeGreaterThanOrEqual(0);
        if (xi > 0) expect(Math.abs(gradient[i])).toBeLessThan(1e-8);
        else expect(gradient[i]).toBeLessThan(1e-8);
      });
    }
  });
});

describe('least squares with a free baseline and non-negative media', () => {
  it('recovers a negative baseline coefficient and positive media coefficients', () => {
    const random = createRandom(5);
    const n = 60;
    const intercept = new Float64Array(n).fill(1);
    const trend = Float64Array.from({ length: n }, (_, t) => t / n);
    const media = [0, 1].map(() => Float64Array.from({ length: n }, () => random()));
    const y = Array.from({ length: n }, (_, t) => 5 - 3 * trend[t] + 2 * media[0][t] + 0.5 * media[1][t] + normal(random, 0, 0.01));
    const solver = new MixedLeastSquares([intercept, trend], y);
    const { beta } = solver.solveMedia(media);
    const gamma = solver.baselineCoefficients(media, beta);
    expect(beta[0]).toBeCloseTo(2, 1);
    expect(beta[1]).toBeCloseTo(0.5, 1);
    expect(gamma[0]).toBeCloseTo(5, 1);
    expect(gamma[1]).toBeCloseTo(-3, 1);
  });

  it('holds a media coefficient at zero when the channel hurts the outcome', () => {
    const random = createRandom(6);
    const n = 50;
    const media = [Float64Array.from({ length: n }, () => random())];
    const y = Array.from({ length: n }, (_, t) => 10 - 4 * media[0][t] + normal(random, 0, 0.01));
    const { beta } = new MixedLeastSquares([new Float64Array(n).fill(1)], y).solveMedia(media);
    expect(beta[0]).toBe(0);
  });
});
