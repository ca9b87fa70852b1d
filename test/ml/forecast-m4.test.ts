import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/ml/forecast/index.ts';
import { readM4File, smape } from '../support/m4.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';

const HORIZON = 13;

describe.skipIf(!hasSharedData('m4', 'Weekly-train.csv.gz'))('forecast accuracy on M4 Weekly (first 40 series, last 13 points held out)', () => {
  it('keeps sMAPE under its floor and beats the naive forecast', () => {
    const series = readM4File(sharedDataFile('m4', 'Weekly-train.csv.gz')).slice(0, 40);
    expect(series).toHaveLength(40);
    let engine = 0;
    let naive = 0;
    for (const { values } of series) {
      const train = values.slice(0, -HORIZON);
      const actual = values.slice(-HORIZON);
      const result = forecast(train, { horizon: HORIZON, period: 52, nonNegative: true });
      engine += smape(actual, result.point) / series.length;
      naive += smape(actual, new Array(HORIZON).fill(train[train.length - 1])) / series.length;
    }
    // Measured 8.71 when written; the floor leaves margin for harmless changes.
    expect(engine).toBeLessThan(10);
    expect(engine).toBeLessThan(naive);
  });
});
