import { describe, expect, it } from 'vitest';
import { chooseKByElbow } from '../../src/ml/elbow.ts';
import { createRandom } from '../../src/ml/random.ts';

/** n points around each centre, Gaussian noise of sd `spread`, seeded. */
function blobs(centres: number[][], n: number, spread: number, seed: number): number[][] {
  const random = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return centres.flatMap((centre) => Array.from({ length: n }, () => centre.map((c) => c + spread * gauss())));
}

describe('chooseKByElbow', () => {
  it('finds the number of well-separated groups and says why, with the inertia of every k', () => {
    const points = blobs([[0, 0], [10, 0], [0, 10], [10, 10], [5, 20]], 80, 0.8, 3);
    const choice = chooseKByElbow(points, { kMin: 2, kMax: 8, seed: 1, restarts: 5 });
    expect(choice.k).toBe(5);
    expect(choice.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(choice.scores.every((s, i, all) => i === 0 || s.inertia <= all[i - 1].inertia * 1.001)).toBe(true);
    expect(choice.reason).toMatch(/^k=5: the elbow of the within-segment spread over k=2\.\.8 \(inertia [\d, ]+\); one more segment would cut the spread by only \d+ %\.$/);
    expect(choice.result.centres).toHaveLength(5);
  });

  it('is the same on every run', () => {
    const points = blobs([[0, 0], [6, 1], [2, 7]], 60, 1.5, 9);
    const a = chooseKByElbow(points, { kMin: 2, kMax: 7, seed: 4, restarts: 3 });
    const b = chooseKByElbow(points, { kMin: 2, kMax: 7, seed: 4, restarts: 3 });
    expect(b.k).toBe(a.k);
    expect(b.scores).toEqual(a.scores);
  });
});
