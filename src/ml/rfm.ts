/**
 * RFM features for segmentation. Per customer (computed in SQL): recency = whole days from the last
 * purchase to the reference time, frequency = distinct invoices, monetary = total spent.
 * Each is transformed by log1p (the three are heavily right-skewed) and then z-scored with the
 * population standard deviation: z = (log1p(x) − mean) / std. The scaling is stored so customers
 * seen later can be placed in the same space and assigned to the existing segments.
 */
export interface RfmRow {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export type Triple = [number, number, number];

export interface RfmScaling {
  /** Mean of log1p(recencyDays), log1p(frequency), log1p(monetary). */
  mean: Triple;
  /** Population standard deviation of the same (1 for a constant feature, so z is 0, not NaN). */
  std: Triple;
}

function logFeatures(row: RfmRow, index: number): Triple {
  const values: Triple = [row.recencyDays, row.frequency, row.monetary];
  if (!values.every((v) => Number.isFinite(v) && v >= 0)) {
    throw new Error(`RFM row ${index} must have finite, non-negative recency, frequency and monetary values (got ${values.join(', ')}).`);
  }
  return values.map(Math.log1p) as Triple;
}

export function fitRfmScaling(rows: readonly RfmRow[]): RfmScaling {
  if (rows.length === 0) throw new Error('fitRfmScaling: no customers given.');
  const logged = rows.map(logFeatures);
  const mean = [0, 1, 2].map((d) => logged.reduce((sum, row) => sum + row[d], 0) / rows.length) as Triple;
  const std = [0, 1, 2].map((d) => {
    const variance = logged.reduce((sum, row) => sum + (row[d] - mean[d]) ** 2, 0) / rows.length;
    return variance > 0 ? Math.sqrt(variance) : 1;
  }) as Triple;
  return { mean, std };
}

export function scaleRfm(rows: readonly RfmRow[], { mean, std }: RfmScaling): number[][] {
  return rows.map((row, i) => logFeatures(row, i).map((v, d) => (v - mean[d]) / std[d]));
}

/** Inverse of scaleRfm: scaled points (e.g. cluster centres) back to days, invoices and money. */
export function unscaleRfm(points: readonly (readonly number[])[], { mean, std }: RfmScaling): RfmRow[] {
  return points.map((point) => {
    const [recencyDays, frequency, monetary] = point.map((z, d) => Math.expm1(z * std[d] + mean[d]));
    return { recencyDays, frequency, monetary };
  });
}

/** Index of the nearest centre (squared Euclidean distance) for each point; ties go to the lower index. */
export function assignToNearest(points: readonly (readonly number[])[], centres: readonly (readonly number[])[]): number[] {
  if (centres.length === 0) throw new Error('assignToNearest: no centres given.');
  return points.map((point) => {
    let nearest = 0;
    let nearestSq = Infinity;
    centres.forEach((centre, j) => {
      const squared = centre.reduce((sum, c, d) => sum + (point[d] - c) ** 2, 0);
      if (squared < nearestSq) [nearest, nearestSq] = [j, squared];
    });
    return nearest;
  });
}
