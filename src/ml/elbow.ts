import { kmeansFlat, toFlatPoints, type FlatPoints, type KMeansResult } from './kmeans.ts';

/**
 * Chooses k for k-means by the elbow of the inertia curve (the "kneedle" rule, Satopää et al. 2011).
 *
 * Inertia (within-cluster sum of squares) always falls as k grows; silhouette, the usual alternative,
 * prefers k=2 on customer RFM data, which is too coarse to act on. The elbow is the k after which
 * more segments stop paying: with k scaled to [0, 1] and inertia scaled to [0, 1] between its values
 * at kMin and kMax, it is the k farthest below the straight line from (kMin, 1) to (kMax, 0), i.e. the
 * k maximising (1 − x) − y. Ties go to the smaller k.
 */
export interface ElbowScore {
  k: number;
  inertia: number;
  /** Distance below the chord: the criterion maximised. */
  elbow: number;
}

export interface ElbowChoice {
  k: number;
  reason: string;
  scores: ElbowScore[];
  result: KMeansResult;
}

export function chooseKByElbow(
  points: FlatPoints | readonly (readonly number[])[],
  options: { kMin: number; kMax: number; seed: number; restarts: number; screeningRestarts?: number },
): ElbowChoice {
  const { kMin, kMax, seed, restarts } = options;
  if (kMin < 2 || kMax < kMin + 2) throw new Error(`chooseKByElbow: need 2 ≤ kMin and kMax ≥ kMin + 2 (got ${kMin}..${kMax}).`);
  const flat: FlatPoints = Array.isArray(points) ? toFlatPoints(points) : (points as FlatPoints);
  const inertias: number[] = [];
  for (let k = kMin; k <= kMax; k++) inertias.push(kmeansFlat(flat, { k, seed, restarts: options.screeningRestarts ?? 3 }).inertia);
  const first = inertias[0];
  const last = inertias[inertias.length - 1];
  const span = first - last || 1;
  const scores = inertias.map((inertia, i) => {
    const x = i / (inertias.length - 1);
    const y = (inertia - last) / span;
    return { k: kMin + i, inertia, elbow: 1 - x - y };
  });
  const chosen = scores.reduce((best, s) => (s.elbow > best.elbow + 1e-12 ? s : best));
  const result = kmeansFlat(flat, { k: chosen.k, seed, restarts });
  const next = scores.find((s) => s.k === chosen.k + 1);
  const saving = next ? ` one more segment would cut the spread by only ${(100 * (1 - next.inertia / chosen.inertia)).toFixed(0)} %` : '';
  return {
    k: chosen.k,
    reason: `k=${chosen.k}: the elbow of the within-segment spread over k=${kMin}..${kMax} (inertia ${scores.map((s) => s.inertia.toFixed(0)).join(', ')});${saving}.`,
    scores,
    result,
  };
}
