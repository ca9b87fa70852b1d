import { median } from '../../ml/cluster-metrics.ts';
import { kmeansFlat, toFlatPoints } from '../../ml/kmeans.ts';
import { fitRfmScaling, scaleRfm, type RfmScaling } from '../../ml/rfm.ts';
import { RFM_SEGMENT_NAMES, rfmScores, rfmSegment } from '../../ml/rfm-scores.ts';
import { nameSegments, RFM_SEGMENTS } from '../../ml/segment-naming.ts';
import { chooseKByElbow, type ElbowScore } from '../../ml/elbow.ts';
import { silhouetteScoreFlat } from '../../ml/silhouette.ts';
import type { CustomerFeature } from '../../repos/customer-features.ts';
import type { SegmentProduct } from '../../repos/segments.ts';

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
  /** What its members bought most (net revenue), when orders name products: in the 12 months to the run's date, or before when they bought nothing then. */
  topProducts?: SegmentProduct[];
  topProductsSince?: 'year' | 'all';
}

export type SegmentMethod = 'rfm' | 'kmeans';
export const SEGMENT_METHODS: readonly SegmentMethod[] = ['rfm', 'kmeans'];

export interface Segmentation {
  method: SegmentMethod;
  k: number;
  /** How the segments were made, in one sentence: the RFM grid, the user's k, or how k was chosen. */
  reason: string;
  /** k-means only: the scaling of the features. */
  scaling: RfmScaling | null;
  /** k-means: centres in the scaled space; RFM: mean R, F, M scores. One row per cluster. */
  centres: number[][];
  labels: Int32Array;
  /** k-means only. */
  inertia: number | null;
  silhouette: number | null;
  /** Per k tried (only when k was chosen automatically), with the elbow criterion. */
  scores: ElbowScore[];
  /** Largest segment first. */
  segments: SegmentSummary[];
  /** Segment name per cluster index. */
  nameOf: string[];
}

/** RFM scores (the default: the same customers always get the same names) or k-means. */
export function segmentCustomers(customers: readonly CustomerFeature[], options: { method?: SegmentMethod; k?: number } = {}): Segmentation {
  return (options.method ?? 'rfm') === 'rfm' ? segmentByScores(customers) : segmentByKmeans(customers, options.k);
}

/** Quintile scores and the standard grid (src/ml/rfm-scores.ts); clusters are the segments present, in grid order. */
function segmentByScores(customers: readonly CustomerFeature[]): Segmentation {
  const scores = rfmScores(customers);
  const names = scores.map((s) => rfmSegment(s.recency, s.frequency));
  const nameOf = RFM_SEGMENT_NAMES.filter((name) => names.includes(name));
  const clusterOf = new Map(nameOf.map((name, i) => [name as string, i]));
  const labels = Int32Array.from(names, (name) => clusterOf.get(name)!);
  const centres = nameOf.map((_, cluster) => {
    const members = scores.filter((_, i) => labels[i] === cluster);
    return (['recency', 'frequency', 'monetary'] as const).map((key) => members.reduce((sum, s) => sum + s[key], 0) / members.length);
  });
  const named = nameOf.map((name) => ({ name, action: actionFor(name) }));
  return {
    method: 'rfm',
    k: nameOf.length,
    reason: 'Named by RFM scores: recency and frequency quintiles (1–5) placed on the standard segment grid, so the same customers always get the same names.',
    scaling: null,
    centres,
    labels,
    inertia: null,
    silhouette: null,
    scores: [],
    segments: summarise(customers, labels, named),
    nameOf,
  };
}

function actionFor(name: string): string {
  return RFM_SEGMENTS.find((segment) => segment.name === name)?.action ?? 'Review what this group bought and test one offer.';
}

/** log1p + z-score → k-means (given k, or chosen by the elbow of inertia over 2..8, src/ml/elbow.ts) → names from the centres. */
function segmentByKmeans(customers: readonly CustomerFeature[], k?: number): Segmentation {
  const scaling = fitRfmScaling(customers);
  const points = scaleRfm(customers, scaling);
  const flat = toFlatPoints(points);
  const chosen = k === undefined ? chooseKByElbow(flat, { ...K_RANGE, seed: SEGMENT_SEED, restarts: RESTARTS }) : undefined;
  const result = chosen?.result ?? kmeansFlat(flat, { k: k!, seed: SEGMENT_SEED, restarts: RESTARTS });
  const clusterCount = result.centres.length;
  const silhouette = silhouetteScoreFlat(flat, result.labels, { seed: SEGMENT_SEED });
  const named = nameSegments(result.centres.map(([recency, frequency, monetary], cluster) => ({ cluster, recency, frequency, monetary })));
  const nameOf = named.map((n) => n.name);
  return {
    method: 'kmeans',
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
