import { describe, expect, it } from 'vitest';
import { assignToNearest, fitRfmScaling, scaleRfm, unscaleRfm, type RfmRow } from '../../src/ml/rfm.ts';

const rows: RfmRow[] = [
  { recencyDays: 0, frequency: 1, monetary: 20 },
  { recencyDays: 3, frequency: 12, monetary: 4000 },
  { recencyDays: 200, frequency: 2, monetary: 150.5 },
  { recencyDays: 45, frequency: 5, monetary: 999 },
];

describe('RFM scaling', () => {
  it('fits mean and POPULATION standard deviation of log1p values', () => {
    const scaling = fitRfmScaling(rows);
    const logRecency = rows.map((r) => Math.log1p(r.recencyDays));
    const mean = logRecency.reduce((a, b) => a + b) / 4;
    const populationStd = Math.sqrt(logRecency.reduce((a, v) => a + (v - mean) ** 2, 0) / 4);
    expect(scaling.mean[0]).toBeCloseTo(mean, 12);
    expect(scaling.std[0]).toBeCloseTo(populationStd, 12);
  });

  it('gives columns with mean 0 and population std 1', () => {
    const scaled = scaleRfm(rows, fitRfmScaling(rows));
    for (let d = 0; d < 3; d++) {
      const column = scaled.map((row) => row[d]);
      const mean = column.reduce((a, b) => a + b) / column.length;
      expect(mean).toBeCloseTo(0, 12);
      expect(column.reduce((a, v) => a + v ** 2, 0) / column.length).toBeCloseTo(1, 12);
    }
  });

  it('round-trips through scale and unscale', () => {
    const scaling = fitRfmScaling(rows);
    const back = unscaleRfm(scaleRfm(rows, scaling), scaling);
    back.forEach((row, i) => {
      expect(row.recencyDays).toBeCloseTo(rows[i].recencyDays, 9);
      expect(row.frequency).toBeCloseTo(rows[i].frequency, 9);
      expect(row.monetary).toBeCloseTo(rows[i].monetary, 9);
    });
  });

  it('scales new customers with a stored scaling and keeps a constant feature finite', () => {
    const same = rows.map((r) => ({ ...r, frequency: 1 }));
    const scaling = fitRfmScaling(same);
    expect(scaling.std[1]).toBe(1);
    const [newcomer] = scaleRfm([{ recencyDays: 10, frequency: 1, monetary: 50 }], scaling);
    expect(newcomer[1]).toBe(0);
    expect(newcomer[0]).toBeCloseTo((Math.log1p(10) - scaling.mean[0]) / scaling.std[0], 12);
  });

  it('rejects negative or missing values', () => {
    expect(() => fitRfmScaling([{ recencyDays: -1, frequency: 1, monetary: 1 }])).toThrow(/non-negative/);
    expect(() => fitRfmScaling([])).toThrow(/no customers/);
  });
});

describe('assignToNearest', () => {
  it('assigns each point to its nearest centre', () => {
    const centres = [[0, 0, 0], [5, 5, 5]];
    expect(assignToNearest([[1, 0, 0], [4, 5, 6], [2.4, 2.4, 2.4], [2.6, 2.6, 2.6]], centres)).toEqual([0, 1, 0, 1]);
  });
});
