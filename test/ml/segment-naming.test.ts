import { describe, expect, it } from 'vitest';
import { nameFit, nameSegments, RFM_SEGMENTS, type SegmentProfile } from '../../src/ml/segment-naming.ts';
import { createRandom } from '../../src/ml/random.ts';

const profile = (cluster: number, recency: number, frequency: number, monetary: number): SegmentProfile => ({ cluster, recency, frequency, monetary });

function permutationsOf(n: number, size: number): number[][] {
  if (size === 0) return [[]];
  return permutationsOf(n, size - 1).flatMap((prefix) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => !prefix.includes(i)).map((i) => [...prefix, i]),
  );
}

describe('nameSegments', () => {
  it('names crafted profiles with the RFM vocabulary', () => {
    const named = nameSegments([
      profile(0, -1.2, 1.5, 1.4), // recent, frequent, big spenders
      profile(1, 1.3, 1.4, 1.5), // frequent big spenders gone quiet
      profile(2, 1.4, -1.1, -1.0), // long gone, rare, small
      profile(3, -1.4, -1.0, -0.7), // just arrived, one order
    ]);
    expect(named.map((s) => [s.cluster, s.name])).toEqual([[0, 'Champions'], [1, "Can't lose them"], [2, 'Lost'], [3, 'New customers']]);
    expect(named[1].action).toMatch(/personally/);
  });

  it('gives unique names to 8 segments, even identical ones', () => {
    const named = nameSegments(Array.from({ length: 8 }, (_, i) => profile(i, 0, 0, 0)));
    expect(new Set(named.map((s) => s.name)).size).toBe(8);
  });

  it('finds the assignment with the best total fit', () => {
    const random = createRandom(3);
    const profiles = Array.from({ length: 4 }, (_, i) => profile(i, random() * 3 - 1.5, random() * 3 - 1.5, random() * 3 - 1.5));
    const total = (choice: number[]) => choice.reduce((sum, n, i) => sum + nameFit(profiles[i], RFM_SEGMENTS[n]), 0);
    const bruteForceBest = Math.max(...permutationsOf(RFM_SEGMENTS.length, 4).map(total));
    const chosen = nameSegments(profiles).map((s) => RFM_SEGMENTS.findIndex((v) => v.name === s.name));
    expect(total(chosen)).toBeCloseTo(bruteForceBest, 12);
  });

  it('has one action for every name in the vocabulary', () => {
    expect(RFM_SEGMENTS.map((s) => s.name)).toEqual([
      'Champions', 'Loyal', 'Potential loyalists', 'New customers', 'Promising', 'Need attention', 'About to sleep', 'At risk', "Can't lose them", 'Hibernating', 'Lost',
    ]);
    expect(RFM_SEGMENTS.every((s) => s.action.length > 10)).toBe(true);
  });

  it('refuses more segments than names', () => {
    expect(() => nameSegments(Array.from({ length: 12 }, (_, i) => profile(i, 0, 0, 0)))).toThrow(/only 11 distinct names/);
  });
});
