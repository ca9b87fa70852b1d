import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { kmeans } from '../../src/ml/kmeans.ts';
import { adjustedRandIndex, median, summariseClusters } from '../../src/ml/cluster-metrics.ts';
import { chooseK, silhouetteScore } from '../../src/ml/silhouette.ts';
import { createRandom, normal } from '../../src/ml/random.ts';

/** `perBlob` points around each centre with standard deviation `sd`; returns points and true labels. */
function blobs(centres: number[][], perBlob: number, sd: number, seed: number) {
  const random = createRandom(seed);
  const points: number[][] = [];
  const truth: number[] = [];
  centres.forEach((centre, label) => {
    for (let i = 0; i < perBlob; i++) {
      points.push(centre.map((c) => normal(random, c, sd)));
      truth.push(label);
    }
  });
  return { points, truth };
}

const FOUR_CENTRES = [[0, 0, 0], [8, 0, 0], [0, 8, 0], [0, 0, 8]];

function uniformPoints(count: number, dims: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: dims }, () => random()));
}

const squared = (a: readonly number[], b: readonly number[]) => a.reduce((sum, v, d) => sum + (v - b[d]) ** 2, 0);

/** Textbook Lloyd from given centres until labels stop changing: the reference for exactness. */
function plainLloyd(points: number[][], start: number[][]) {
  let centres = start.map((c) => [...c]);
  let labels: number[] = [];
  for (let iteration = 0; iteration < 300; iteration++) {
    const next = points.map((p) => centres.reduce((best, c, j) => (squared(p, c) < squared(p, centres[best]) ? j : best), 0));
    if (next.every((label, i) => label === labels[i])) break;
    labels = next;
    centres = centres.map((_, j) => {
      const members = points.filter((_, i) => labels[i] === j);
      return members[0].map((_, d) => members.reduce((sum, p) => sum + p[d], 0) / members.length);
    });
  }
  return { centres, labels };
}

describe('kmeans', () => {
  it('recovers well-separated blobs', () => {
    const { points, truth } = blobs(FOUR_CENTRES, 150, 1, 1);
    const result = kmeans(points, { k: 4, seed: 3 });
    expect(adjustedRandIndex(result.labels, truth)).toBeGreaterThanOrEqual(0.99);
    expect(result.centres).toHaveLength(4);
    expect(result.restarts).toHaveLength(10);
  });

  it('is deterministic for a seed and accepts an ml-matrix Matrix', () => {
    const points = uniformPoints(500, 3, 2);
    const first = kmeans(points, { k: 5, seed: 11 });
    const again = kmeans(new Matrix(points), { k: 5, seed: 11 });
    expect(again.centres).toEqual(first.centres);
    expect(Array.from(again.labels)).toEqual(Array.from(first.labels));
    expect(again.inertia).toBe(first.inertia);
  });

  it('keeps the restart with the lowest inertia', () => {
    const points = uniformPoints(600, 2, 5);
    const many = kmeans(points, { k: 8, seed: 4, restarts: 10 });
    const inertias = many.restarts.map((r) => r.inertia);
    expect(Math.max(...inertias)).toBeGreaterThan(Math.min(...inertias)); // restarts did find different optima
    expect(many.inertia).toBe(Math.min(...inertias));
    const one = kmeans(points, { k: 8, seed: 4, restarts: 1 });
    expect(one.inertia).toBe(inertias[0]);
    const recomputed = points.reduce((sum, p, i) => sum + squared(p, many.centres[many.labels[i]]), 0);
    expect(many.inertia).toBeCloseTo(recomputed, 9);
  });

  it('reaches the same fixed point as plain Lloyd from the same start (the bounds only skip work)', () => {
    const points = uniformPoints(800, 3, 9);
    const start = points.slice(0, 6);
    const reference = plainLloyd(points, start);
    const result = kmeans(points, { k: 6, initialCentres: start, tolerance: 0 });
    expect(Array.from(result.labels)).toEqual(reference.labels);
    result.centres.forEach((centre, j) => centre.forEach((v, d) => expect(v).toBeCloseTo(reference.centres[j][d], 10)));
  });

  it('re-seeds an empty cluster from the farthest point', () => {
    const { points } = blobs([[0, 0], [10, 10]], 50, 0.5, 8);
    const result = kmeans(points, { k: 3, initialCentres: [[0, 0], [10, 10], [1000, 1000]] });
    const sizes = [0, 1, 2].map((j) => Array.from(result.labels).filter((l) => l === j).length);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(result.centres.flat().every(Number.isFinite)).toBe(true);
  });

  it('rejects k < 2, k > n and k above the number of distinct points with readable errors', () => {
    const points = [[0, 0], [1, 1], [1, 1], [2, 2]];
    expect(() => kmeans(points, { k: 1 })).toThrow(/k must be an integer ≥ 2/);
    expect(() => kmeans(points, { k: 5 })).toThrow(/k=5 is more than the 4 points/);
    expect(() => kmeans(points, { k: 4 })).toThrow(/only 3 distinct points/);
    expect(() => kmeans(points, { k: 2, initialCentres: [[0, 0]] })).toThrow(/initialCentres/);
    expect(() => kmeans([[0, NaN], [1, 1], [2, 2]], { k: 2 })).toThrow(/NaN/);
  });
});

describe('silhouette and chooseK', () => {
  it('matches the definition on a small example', () => {
    const points = [[0], [1], [10], [11]];
    // Point 0: a = 1, b = mean(10, 11) = 10.5; point 1: a = 1, b = mean(9, 10) = 9.5; symmetric for the others.
    const expected = ((10.5 - 1) / 10.5 + (9.5 - 1) / 9.5) / 2;
    expect(silhouetteScore(points, [0, 0, 1, 1], { sampleSize: 4 })).toBeCloseTo(expected, 12);
  });

  it('chooses the true k on blobs and explains why', () => {
    const { points } = blobs(FOUR_CENTRES, 100, 1, 6);
    const choice = chooseK(points, { kMin: 2, kMax: 7, sampleSize: 300, seed: 1 });
    expect(choice.k).toBe(4);
    expect(choice.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(choice.reason).toMatch(/^k=4: silhouette 0\.\d\d, the best of k=2\.\.7\.$/);
    expect(choice.result.centres).toHaveLength(4);
  });

  it('prefers the smallest k within the tolerance of the best score', () => {
    const { points } = blobs(FOUR_CENTRES, 50, 1, 7);
    const choice = chooseK(points, { kMin: 2, kMax: 4, sampleSize: 200, closeTo: 1 });
    expect(choice.k).toBe(2);
    expect(choice.reason).toMatch(/^k=2: silhouette .*, within 1 of the best \(.* at k=4\), and fewer segments are easier to act on\.$/);
  });
});

describe('cluster metrics', () => {
  it('computes the adjusted Rand index', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [5, 5, 3, 3])).toBe(1);
    // Reference values from scikit-learn's adjusted_rand_score.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285715, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('summarises clusters with medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const summary = summariseClusters([[1, 10], [3, 30], [100, 5]], [0, 0, 1], 2);
    expect(summary).toEqual([
      { cluster: 0, size: 2, share: 2 / 3, medians: [2, 20] },
      { cluster: 1, size: 1, share: 1 / 3, medians: [100, 5] },
    ]);
  });
});
