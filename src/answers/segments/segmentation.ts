import { median } from '../../ml/cluster-metrics.ts';
import { kmeansFlat, toFlatPoints } from '../../ml/kmeans.ts';
import { fitRfmScaling, scaleRfm, type RfmScaling } from '../../ml/rfm.ts';
import { nameSegments } from '../../ml/segment-naming.ts';
import { chooseK, silhouetteScoreFlat, type KScore } from '../../ml/silhouette.ts';
import type { CustomerFeature } from '../../repos/customer-features.ts';

/** Fixed so the same data always gives the same segments. */
export const SEGMENT_SEED = 42;
export const RESTARTS = 10;
export const K_RANGE = { kMin: 2, kMax: 8 } as const;
/** Fewer customers than this cannot give K_RANGE.kMax meaningful segments. */
export const MIN_SEGMENT_CUSTOMERS = 20;

export interface SegmentSummary {
  cluster: number;
  name: string;
  action: string;
  customers: number;
  customerShare: number;
  revenueShare: number;
  medianRecencyDays: number;
  medianFrequency: number;
  medianMonetary: number;
}

export interface Segmentation {
  k: number;
  /** Why this k: the user's choice, or chooseK's sentence. */
  reason: string;
  scaling: RfmScaling;
  /** In the scaled space, one row per cluster. */
  centres: number[][];
  labels: Int32Array;
  inertia: number;
  silhouette: number;
  /** Per k tried (only when k was chosen automatically). */
  scores: KScore[];
  /** Largest segment first. */
  segments: SegmentSummary[];
  /** Segment name per cluster index. */
  nameOf: string[];
}

/** log1p + z-score → k-means (given k, or chosen by silhouette over 2..8) → names and per-segment figures. */
export function segmentCustomers(customers: readonly CustomerFeature[], k?: number): Segmentation {
  const scaling = fitRfmScaling(customers);
  const points = scaleRfm(customers, scaling);
  const flat = toFlatPoints(points);
  const chosen = k === undefined ? chooseK(points, { ...K_RANGE, seed: SEGMENT_SEED, restarts: RESTARTS }) : undefined;
  const result = chosen?.result ?? kmeansFlat(flat, { k: k!, seed: SEGMENT_SEED, restarts: RESTARTS });
  const clusterCount = result.centres.length;
  const silhouette = chosen?.scores.find((s) => s.k === chosen.k)?.silhouette ?? silhouetteScoreFlat(flat, result.labels, { seed: SEGMENT_SEED });
  const named = nameSegments(result.centres.map(([recency, frequency, monetary], cluster) => ({ cluster, recency, frequency, monetary })));
  const nameOf = named.map((n) => n.name);
  return {
    k: clusterCount,
    reason: chosen?.reason ?? `k=${clusterCount}: as requested.`,
    scaling,
    centres: result.centres,
    labels: result.labels,
    inertia: result.inertia,
    silhouette,
    scores: chosen?.scores ?? [],
    segments: summarise(customers, result.labels, named),
    nameOf,
  };
}

function summarise(customers: readonly CustomerFeature[], labels: Int32Array, named: { name: string; action: string }[]): SegmentSummary[] {
  const members = named.map(() => [] as CustomerFeature[]);
  customers.forEach((customer, i) => members[labels[i]].push(customer));
  const totalRevenue = customers.reduce((sum, c) => sum + c.monetary, 0);
  return named
    .map(({ name, action }, cluster): SegmentSummary => {
      const group = members[cluster];
      return {
        cluster,
        name,
        action,
        customers: group.length,
        customerShare: group.length / customers.length,
        revenueShare: totalRevenue > 0 ? group.reduce((sum, c) => sum + c.monetary, 0) / totalRevenue : 0,
        medianRecencyDays: median(group.map((c) => c.recencyDays)),
        medianFrequency: median(group.map((c) => c.frequency)),
        medianMonetary: median(group.map((c) => c.monetary)),
      };
    })
    .sort((a, b) => b.customers - a.customers || a.name.localeCompare(b.name));
}
