/**
 * RFM scores: each customer's recency, frequency and monetary value as quintile scores 1–5, and the
 * named segment their recency and frequency scores fall in (the grid marketers use).
 *
 * Scores: customers are ranked on each measure (recency: most recent first scores high; frequency
 * and monetary: most scores high), ties broken by their order in the input (callers pass customers
 * sorted by id, so the result is stable), and the ranks cut into five equal groups:
 * score = 1 + floor(5 · rank / n). This is pandas' `qcut(x.rank(method='first'), 5)`: equal groups even
 * when many customers share a value (most customers buy once).
 *
 * Segments, by R (rows) and F (columns) score:
 *
 * | R \ F | 1              | 2                   | 3                   | 4          | 5                |
 * |-------|----------------|---------------------|---------------------|------------|------------------|
 * | 5     | New customers  | Potential loyalists | Potential loyalists | Champions  | Champions        |
 * | 4     | Promising      | Potential loyalists | Potential loyalists | Loyal      | Loyal            |
 * | 3     | About to sleep | About to sleep      | Need attention      | Loyal      | Loyal            |
 * | 2     | Hibernating    | Hibernating         | At risk             | At risk    | Can't lose them  |
 * | 1     | Lost           | Hibernating         | At risk             | At risk    | Can't lose them  |
 *
 * The same customers with the same purchases always get the same names, so runs compare like with like.
 */

export interface RfmInput {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
}

export const RFM_SEGMENT_NAMES = [
  'Champions', 'Loyal', 'Potential loyalists', 'New customers', 'Promising', 'Need attention',
  'About to sleep', 'At risk', "Can't lose them", 'Hibernating', 'Lost',
] as const;

export type RfmSegmentName = (typeof RFM_SEGMENT_NAMES)[number];

/** GRID[r - 1][f - 1]. */
const GRID: readonly (readonly RfmSegmentName[])[] = [
  ['Lost', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
  ['Hibernating', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
  ['About to sleep', 'About to sleep', 'Need attention', 'Loyal', 'Loyal'],
  ['Promising', 'Potential loyalists', 'Potential loyalists', 'Loyal', 'Loyal'],
  ['New customers', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
];

export function rfmSegment(recencyScore: number, frequencyScore: number): RfmSegmentName {
  return GRID[recencyScore - 1][frequencyScore - 1];
}

/** Quintile scores 1–5 of `values`, higher values scoring higher; ties keep input order. */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const scores = new Uint8Array(n);
  order.forEach((index, rank) => {
    scores[index] = 1 + Math.floor((5 * rank) / n);
  });
  return scores;
}

/** Every customer's R, F and M score. */
export function rfmScores(customers: readonly RfmInput[]): RfmScore[] {
  const recency = quintileScores(customers.map((c) => -c.recencyDays));
  const frequency = quintileScores(customers.map((c) => c.frequency));
  const monetary = quintileScores(customers.map((c) => c.monetary));
  return customers.map((_, i) => ({ recency: recency[i], frequency: frequency[i], monetary: monetary[i] }));
}
