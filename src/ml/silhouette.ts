/**
 * Silhouette score and choice of k.
 *
 * Silhouette of point i (Rousseeuw, 1987): a = mean distance to the other points of its cluster,
 * b = smallest mean distance to the points of another cluster, s = (b − a) / max(a, b); s = 0 for
 * a point alone in its cluster. The score is the mean s. Exact silhouette is O(n²), so it is
 * computed on a seeded uniform sample of `sampleSize` points, among those points only (as
 * scikit-learn's silhouette_score(sample_size=…) does).
 */
import type { Matrix } from 'ml-matrix';
import { kmeansFlat, toFlatPoints, type FlatPoints, type KMeansResult } from './kmeans.ts';
import { createRandom, sampleIndices } from './random.ts';

export interface SilhouetteOptions {
  sampleSize?: number;
  seed?: number;
}

export function silhouetteScore(
  points: Matrix | readonly (readonly number[])[],
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): number {
  return silhouetteScoreFlat(toFlatPoints(points), labels, options);
}

export function silhouetteScoreFlat(points: FlatPoints, labels: ArrayLike<number>, { sampleSize = 2000, seed = 0 }: SilhouetteOptions = {}): number {
  if (labels.length !== points.count) throw new Error(`silhouette: ${labels.length} labels for ${points.count} points.`);
  const sample = sampleIndices(createRandom(seed), points.count, sampleSize);
  const clusters = [...new Set(sample.map((i) => labels[i]))];
  if (clusters.length < 2) throw new Error('silhouette: the sample holds fewer than 2 clusters; the score is undefined.');
  const slot = new Map(clusters.map((cluster, s) => [cluster, s]));
  const sizes = new Float64Array(clusters.length);
  for (const i of sample) sizes[slot.get(labels[i])!]++;
  let total = 0;
  for (const i of sample) total += pointSilhouette(points, i, sample, labels, slot, sizes);
  return total / sample.length;
}

function pointSilhouette(
  { values, dims }: FlatPoints,
  i: number,
  sample: number[],
  labels: ArrayLike<number>,
  slot: Map<number, number>,
  sizes: Float64Array,
): number {
  const own = slot.get(labels[i])!;
  if (sizes[own] === 1) return 0;
  const distanceSums = new Float64Array(sizes.length);
  for (const other of sample) {
    let squared = 0;
    for (let d = 0; d < dims; d++) squared += (values[i * dims + d] - values[other * dims + d]) ** 2;
    distanceSums[slot.get(labels[other])!] += Math.sqrt(squared);
  }
  const a = distanceSums[own] / (sizes[own] - 1);
  let b = Infinity;
  for (let s = 0; s < sizes.length; s++) if (s !== own) b = Math.min(b, distanceSums[s] / sizes[s]);
  return (b - a) / Math.max(a, b);
}

export interface ChooseKOptions extends SilhouetteOptions {
  kMin?: number;
  kMax?: number;
  /** Scores within this of the best count as "close" (default 0.02). */
  closeTo?: number;
  /** Restarts for the final fit of the chosen k (default 10). */
  restarts?: number;
  /** Restarts per k while screening k (default 3): silhouettes barely move with more. */
  screeningRestarts?: number;
}

export interface KScore {
  k: number;
  silhouette: number;
  inertia: number;
}

export interface ChooseKResult {
  k: number;
  /** One sentence a marketer can read. */
  reason: string;
  scores: KScore[];
  /** The k-means result for the chosen k. */
  result: KMeansResult;
}

/**
 * Runs k-means for every k in [kMin, kMax] (a few restarts each) and scores each with the
 * silhouette on the same sample; the chosen k is then fitted with the full restarts. Rule: take the SMALLEST k whose silhouette is within `closeTo` (0.02) of the best
 * score, because fewer segments are easier to act on and such small differences are within the
 * noise of a sampled silhouette.
 */
export function chooseK(points: Matrix | readonly (readonly number[])[], options: ChooseKOptions = {}): ChooseKResult {
  const { kMin = 2, kMax = 8, closeTo = 0.02, seed = 0, sampleSize = 2000, restarts = 10 } = options;
  const screeningRestarts = Math.min(options.screeningRestarts ?? 3, restarts);
  if (kMin < 2 || kMax < kMin) throw new Error(`chooseK: need 2 ≤ kMin ≤ kMax (got ${kMin}..${kMax}).`);
  const flat = toFlatPoints(points);
  const scores: KScore[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const screened = kmeansFlat(flat, { k, seed, restarts: screeningRestarts });
    scores.push({ k, silhouette: silhouetteScoreFlat(flat, screened.labels, { sampleSize, seed }), inertia: screened.inertia });
  }
  const best = scores.reduce((top, s) => (s.silhouette > top.silhouette ? s : top));
  const chosen = scores.find((s) => s.silhouette >= best.silhouette - closeTo)!;
  const result = kmeansFlat(flat, { k: chosen.k, seed, restarts });
  chosen.inertia = result.inertia;
  return { k: chosen.k, reason: explainChoice(chosen, best, closeTo, kMin, kMax), scores, result };
}

function explainChoice(chosen: KScore, best: KScore, closeTo: number, kMin: number, kMax: number): string {
  const score = (s: number) => s.toFixed(2);
  if (chosen.k === best.k) return `k=${chosen.k}: silhouette ${score(chosen.silhouette)}, the best of k=${kMin}..${kMax}.`;
  return (
    `k=${chosen.k}: silhouette ${score(chosen.silhouette)}, within ${closeTo} of the best ` +
    `(${score(best.silhouette)} at k=${best.k}), and fewer segments are easier to act on.`
  );
}
