import { afterAll, describe, expect, it } from 'vitest';
import { KMeansThreadPool } from '../../src/compute/kmeans-pool.ts';
import { kmeansFlat, toFlatPoints } from '../../src/ml/kmeans.ts';
import { createRandom, normal } from '../../src/ml/random.ts';

function blobs(count: number, seed: number): number[][] {
  const random = createRandom(seed);
  const centres = [[0, 0], [6, 6], [-6, 5], [5, -6]];
  return Array.from({ length: count }, (_, i) => centres[i % centres.length].map((c) => normal(random, c, 1.5)));
}

describe('k-means restarts split across threads', () => {
  const pool = new KMeansThreadPool(2);
  afterAll(() => pool.close());

  it('gives exactly the single-thread result', async () => {
    const points = toFlatPoints(blobs(3000, 7));
    for (const seed of [1, 2, 3]) {
      const serial = kmeansFlat(points, { k: 4, seed, restarts: 7 });
      const parallel = await pool.kmeans(points, { k: 4, seed, restarts: 7 });
      expect(parallel.inertia).toBe(serial.inertia);
      expect(parallel.centres).toEqual(serial.centres);
      expect(Array.from(parallel.labels)).toEqual(Array.from(serial.labels));
      expect(parallel.restarts.map((r) => r.restart)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(parallel.restarts.map((r) => r.inertia)).toEqual(serial.restarts.map((r) => r.inertia));
    }
  });

  it('reports bad input from a thread as an error', async () => {
    await expect(pool.kmeans(toFlatPoints([[1, 2], [3, 4]]), { k: 5 })).rejects.toThrow(/k/);
  });
});
