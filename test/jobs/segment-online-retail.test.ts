import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { kmeansFlat, toFlatPoints, type FlatPoints } from '../../src/ml/kmeans.ts';
import { fitRfmScaling, scaleRfm } from '../../src/ml/rfm.ts';
import { CustomerFeatureRepository, type CustomerFeatures } from '../../src/repos/customer-features.ts';
import { RESTARTS, SEGMENT_SEED } from '../../src/answers/segments/segmentation.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';

/** scikit-learn KMeans(n_init=10) inertia on the same log1p + standardised RFM features, k = 2..8. */
const SKLEARN_INERTIA: Record<number, number> = { 2: 6481.23, 3: 4868.05, 4: 3938.84, 5: 3296.19, 6: 2855.7, 7: 2548.91, 8: 2345.58 };

describe.skipIf(!hasSharedData('online-retail', 'online_retail.csv.gz'))('segmentation on Online Retail', () => {
  let handle: DatabaseHandle;
  let features: CustomerFeatures;
  let points: FlatPoints;
  beforeAll(async () => {
    handle = openDatabase(':memory:');
    await importOrdersFile(handle.db, sharedDataFile('online-retail', 'online_retail.csv.gz'));
    features = await new CustomerFeatureRepository(handle.db).features();
    points = toFlatPoints(scaleRfm(features.customers, fitRfmScaling(features.customers)));
  }, 120_000);
  afterAll(() => handle?.close());

  it('has 4,338 customers with valid purchases, referenced to the day after the last one', () => {
    expect(features.customers).toHaveLength(4_338);
    expect(new Date(features.reference!).toISOString()).toBe('2011-12-10T12:50:00.000Z');
    expect(Math.min(...features.customers.map((c) => c.recencyDays))).toBe(1);
  });

  it.each(Object.entries(SKLEARN_INERTIA))('k=%s: inertia at most 0.5 %% above scikit-learn', (k, reference) => {
    const { inertia } = kmeansFlat(points, { k: Number(k), seed: SEGMENT_SEED, restarts: RESTARTS });
    expect(inertia).toBeLessThanOrEqual(reference * 1.005);
  });
});
