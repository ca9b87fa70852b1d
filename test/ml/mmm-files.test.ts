import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';
import { MMM_FILES, readMixFile } from '../support/mmm-files.ts';

const expected: Record<(typeof MMM_FILES)[number], { weeks: number; channels: string[] }> = {
  'robyn_dt_simulated_weekly.csv': { weeks: 208, channels: ['tv', 'ooh', 'print', 'facebook', 'search'] },
  'meridian_national_all_channels.csv': { weeks: 156, channels: ['Channel0', 'Channel1', 'Channel2', 'Channel3', 'Channel4'] },
  'meridian_geo_all_channels.csv': { weeks: 156, channels: ['Channel0', 'Channel1', 'Channel2', 'Channel3', 'Channel4'] },
  'pymc_marketing_mmm_example.csv': { weeks: 179, channels: ['x1', 'x2'] },
};

describe.skipIf(!hasSharedData('mmm', 'robyn_dt_simulated_weekly.csv'))('marketing-mix file readers', () => {
  for (const file of MMM_FILES) {
    it(`reads ${file} into one finite value per week`, () => {
      const input = readMixFile(sharedDataFile('mmm', file));
      expect(input.weeks).toHaveLength(expected[file].weeks);
      expect(input.channels.map((c) => c.name)).toEqual(expected[file].channels);
      const series = [input.outcome, ...input.channels.map((c) => c.spend), ...(input.controls ?? []).map((c) => c.values)];
      for (const values of series) {
        expect(values).toHaveLength(input.weeks.length);
        expect(values.every(Number.isFinite)).toBe(true);
      }
      expect([...input.weeks].sort()).toEqual(input.weeks);
    });
  }

  it('sums the Meridian geos to about the national revenue', () => {
    const national = readMixFile(sharedDataFile('mmm', 'meridian_national_all_channels.csv'));
    const geo = readMixFile(sharedDataFile('mmm', 'meridian_geo_all_channels.csv'));
    const total = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    expect(total(geo.channels[0].spend) / total(national.channels[0].spend)).toBeCloseTo(1, 2);
  });
});
