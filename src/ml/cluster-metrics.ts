/**
 * Cluster comparison and summaries: adjusted Rand index (Hubert & Arabie, 1985) and medians.
 */

/** n choose 2. */
function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Adjusted Rand index between two labelings of the same points: 1 for identical partitions (up to
 * renaming), about 0 for independent ones. With n_ij the contingency table, a_i and b_j its row
 * and column sums, and C(x) = x(x−1)/2:
 *   index = Σ C(n_ij),  expected = Σ C(a_i) · Σ C(b_j) / C(n),  max = (Σ C(a_i) + Σ C(b_j)) / 2
 *   ARI = (index − expected) / (max − expected)
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`adjustedRandIndex: labelings differ in length (${a.length} vs ${b.length}).`);
  const n = a.length;
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    columns.set(b[i], (columns.get(b[i]) ?? 0) + 1);
  }
  const sumPairs = (counts: Iterable<number>) => [...counts].reduce((sum, c) => sum + pairs(c), 0);
  const index = sumPairs(cells.values());
  const rowPairs = sumPairs(rows.values());
  const columnPairs = sumPairs(columns.values());
  const expected = (rowPairs * columnPairs) / pairs(n);
  const max = (rowPairs + columnPairs) / 2;
  // Both labelings put everything in one cluster (or every point alone): the partitions agree.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** Median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface ClusterSummary {
  cluster: number;
  size: number;
  /** size / number of points. */
  share: number;
  /** Per feature, in the units given. */
  medians: number[];
}

/** Size, share and per-feature medians of each cluster 0..k−1 (rows in original units, e.g. days, invoices, money). */
export function summariseClusters(rows: readonly (readonly number[])[], labels: ArrayLike<number>, k: number): ClusterSummary[] {
  const members = Array.from({ length: k }, () => [] as (readonly number[])[]);
  for (let i = 0; i < rows.length; i++) members[labels[i]].push(rows[i]);
  const dims = rows[0]?.length ?? 0;
  return members.map((clusterRows, cluster) => ({
    cluster,
    size: clusterRows.length,
    share: clusterRows.length / rows.length,
    medians: Array.from({ length: dims }, (_, d) => median(clusterRows.map((row) => row[d]))),
  }));
}
