import { describe, expect, it } from 'vitest';
import { clampToBounds, nelderMead } from '../../../src/ml/optim/nelder-mead.ts';

const rosenbrock = ([x, y]: number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;

describe('nelderMead (shared optimiser)', () => {
  it('finds the minimum of a quadratic bowl in a box', () => {
    const result = nelderMead(([x, y]) => (x - 0.3) ** 2 + 2 * (y - 0.7) ** 2, [0.5, 0.5], { bounds: { lower: [0, 0], upper: [1, 1] } });
    expect(result.point[0]).toBeCloseTo(0.3, 3);
    expect(result.point[1]).toBeCloseTo(0.7, 3);
    expect(result.converged).toBe(true);
  });

  it('stops on the bound when the unconstrained minimum lies outside', () => {
    const result = nelderMead(([x]) => (x - 2) ** 2, [0.5], { bounds: { lower: [0], upper: [1] } });
    expect(result.point[0]).toBeCloseTo(1, 6);
  });

  it('reaches the bound with the inside-only contraction too (the forecast engine variant)', () => {
    const result = nelderMead(([x]) => (x - 2) ** 2, [0.5], { bounds: { lower: [0], upper: [1] }, contraction: 'inside-only', maxIterations: 40, tolerance: 1e-6 });
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(result.iterations).toBeLessThanOrEqual(40);
  });

  it('minimises an unbounded function, with restarts and a point tolerance', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { initialStep: 0.5, tolerance: 1e-14, pointTolerance: 1e-8, maxIterations: 5000, restarts: 3 });
    expect(result.point[0]).toBeCloseTo(1, 5);
    expect(result.point[1]).toBeCloseTo(1, 5);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('the initial step is a fraction of the range for bounded coordinates and absolute otherwise', () => {
    const seen: number[][] = [];
    nelderMead((p) => { seen.push(p.slice()); return p[0] + p[1]; }, [0.5, 3], {
      bounds: { lower: [0, -Infinity], upper: [10, Infinity] },
      initialStep: 0.1,
      maxIterations: 0,
    });
    expect(seen).toEqual([[0.5, 3], [1.5, 3], [0.5, 3.1]]);
  });

  it('steps down from the start when the upper bound is too close', () => {
    const seen: number[][] = [];
    nelderMead((p) => { seen.push(p.slice()); return p[0]; }, [0.95], { bounds: { lower: [0], upper: [1] }, initialStep: 0.25, maxIterations: 0 });
    expect(seen[1][0]).toBeCloseTo(0.7, 12);
  });

  it('respects an evaluation budget (the MMM block search) and counts evaluations', () => {
    let calls = 0;
    const result = nelderMead((p) => { calls++; return rosenbrock(p); }, [0.2, 0.2], { bounds: { lower: [0, 0], upper: [1, 1] }, initialStep: 0.25, maxEvaluations: 30, tolerance: 1e-10 });
    expect(result.evaluations).toBe(calls);
    // The budget is checked before each iteration, which costs at most n + 2 evaluations.
    expect(calls).toBeLessThanOrEqual(30 + 4);
    expect(result.converged).toBe(false);
  });

  it('walks away from points where the objective is not finite', () => {
    const result = nelderMead(([x]) => (x < 0 ? NaN : (x - 1) ** 2), [0.1], { initialStep: -0.5, tolerance: 1e-12 });
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('is deterministic', () => {
    const options = { initialStep: 0.3, restarts: 2, tolerance: 1e-12 };
    expect(nelderMead(rosenbrock, [0, 0], options)).toEqual(nelderMead(rosenbrock, [0, 0], options));
  });

  it('clampToBounds projects onto the box and copies without bounds', () => {
    expect(clampToBounds([-1, 0.5, 2], { lower: [0, 0, 0], upper: [1, 1, 1] })).toEqual([0, 0.5, 1]);
    const p = [3, 4];
    const copy = clampToBounds(p, undefined);
    expect(copy).toEqual(p);
    expect(copy).not.toBe(p);
  });
});
