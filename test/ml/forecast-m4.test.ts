import { describe, expect, it } from 'vitest';
import { forecast, type ForecastResult } from '../../src/ml/forecast/index.ts';
import { mase, readM4File, smape, type M4Series } from '../support/m4.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';

const HORIZON = 13;

interface Scores {
  smape: number;
  mase: number;
  naiveSmape: number;
  coverage80: number;
}

/** Forecasts every series from `train(values)` and scores it against `actual(values)`. */
function scoreAll(series: M4Series[], split: (s: M4Series) => { train: number[]; actual: number[] }): Scores {
  let smapeSum = 0;
  let maseSum = 0;
  let naiveSum = 0;
  let inside = 0;
  for (const s of series) {
    const { train, actual } = split(s);
    const result: ForecastResult = forecast(train, { horizon: HORIZON, period: 52, nonNegative: true });
    smapeSum += smape(actual, result.point);
    maseSum += mase(train, actual, result.point);
    naiveSum += smape(actual, new Array(HORIZON).fill(train[train.length - 1]));
    actual.forEach((y, h) => (inside += y >= result.lower80[h] && y <= result.upper80[h] ? 1 : 0));
  }
  const n = series.length;
  return { smape: smapeSum / n, mase: maseSum / n, naiveSmape: naiveSum / n, coverage80: inside / (n * HORIZON) };
}

/** The 13 points held out `back` windows from the end of each training series. */
const holdout = (back: number) => (s: M4Series) => {
  const end = s.values.length - (back - 1) * HORIZON;
  return { train: s.values.slice(0, end - HORIZON), actual: s.values.slice(end - HORIZON, end) };
};

describe.skipIf(!hasSharedData('m4', 'Weekly-train.csv.gz'))('forecast accuracy on all 359 M4 Weekly training series', () => {
  const series = () => readM4File(sharedDataFile('m4', 'Weekly-train.csv.gz'));

  // The goals are sMAPE ≤ 8.0 and MASE ≤ 2.30. Measured when written: 6.650 / 2.155 / 82.3 %
  // on the last 13 points, 7.606 / 2.172 / 81.9 % on the 13 before them.
  it.each([1, 2])('meets the accuracy goals on holdout %i, with calibrated 80 %% intervals', (back) => {
    const all = series();
    expect(all).toHaveLength(359);
    const scores = scoreAll(all, holdout(back));
    expect(scores.smape).toBeLessThan(8.0);
    expect(scores.mase).toBeLessThan(2.3);
    expect(scores.smape).toBeLessThan(scores.naiveSmape);
    expect(scores.coverage80).toBeGreaterThan(0.75);
    expect(scores.coverage80).toBeLessThan(0.85);
  });
});

/**
 * The competition's own held-out weeks: M4's Weekly-test.csv (13 values per series, same wide
 * format), if it has been added to ../shared/data/m4. Measured when written: sMAPE 6.164,
 * MASE 2.062, 80 % coverage 79.9 %.
 */
const TEST_FILE = ['m4', 'Weekly-test.csv'] as const;
describe.skipIf(!hasSharedData(...TEST_FILE))('forecast accuracy on the M4 Weekly test weeks', () => {
  it('meets the accuracy goals on the competition test set', () => {
    const train = readM4File(sharedDataFile('m4', 'Weekly-train.csv.gz'));
    const test = new Map(readM4File(sharedDataFile(...TEST_FILE)).map((s) => [s.id, s.values]));
    const scores = scoreAll(train, (s) => ({ train: s.values, actual: test.get(s.id) as number[] }));
    expect(scores.smape).toBeLessThan(8.0);
    expect(scores.mase).toBeLessThan(2.3);
  });
});
