import { describe, expect, it } from 'vitest';
import { compareSegmentRuns, type Membership } from '../../src/ml/segment-changes.ts';
import { describeChanges } from '../../src/answers/segments/reply.ts';

const members = (segment: string, ids: number[]): Membership[] => ids.map((id) => ({ customerId: `c${id}`, segment }));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('compareSegmentRuns', () => {
  // Before: Loyal c0..c9, At risk c10..c14, Lost c15..c19.
  // After: c0..c5 stay Loyal, c6..c8 move to At risk, c9 to Lost; c10..c14 stay At risk;
  // c15..c18 stay Lost, c19 is gone; c20, c21 arrive as New.
  const previous = [...members('Loyal', range(0, 10)), ...members('At risk', range(10, 15)), ...members('Lost', range(15, 20))];
  const current = [
    ...members('Loyal', range(0, 6)),
    ...members('At risk', [6, 7, 8, ...range(10, 15)]),
    ...members('Lost', [9, 15, 16, 17, 18]),
    ...members('New', [20, 21]),
  ];
  const changes = compareSegmentRuns(previous, current);

  it('counts moves between segment names, largest first', () => {
    expect(changes.movements).toEqual([
      { from: 'Loyal', to: 'At risk', customers: 3 },
      { from: 'Loyal', to: 'Lost', customers: 1 },
    ]);
    expect(changes).toMatchObject({ compared: 19, stayed: 15, arrived: 2, left: 1 });
  });

  it('reports each segment size before and after, biggest relative change first', () => {
    expect(changes.sizes).toEqual([
      { segment: 'New', before: 0, after: 2, relativeChange: null },
      { segment: 'At risk', before: 5, after: 8, relativeChange: 0.6 },
      { segment: 'Loyal', before: 10, after: 6, relativeChange: -0.4 },
      { segment: 'Lost', before: 5, after: 5, relativeChange: 0 },
    ]);
  });

  it('finds no movement when only cluster numbers differ', () => {
    const same = compareSegmentRuns(members('Champions', [1, 2]), members('Champions', [1, 2]));
    expect(same.movements).toEqual([]);
    expect(same.stayed).toBe(2);
  });

  it('reads as sentences a marketer can act on', () => {
    expect(describeChanges(changes)).toEqual([
      '3 customers moved Loyal → At risk',
      '1 customer moved Loyal → Lost',
      'New appeared (2 customers)',
      'At risk grew 60 %',
    ]);
  });
});
