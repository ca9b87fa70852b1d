import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrdersFile, importSpendFile, type OrdersImportReport } from '../../src/import/index.ts';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { SalesRepository } from '../../src/repos/sales.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData('online-retail', 'online_retail.csv.gz'))(`Online Retail import (${testDialect})`, () => {
  let handle: TestDatabase;
  let report: OrdersImportReport;
  beforeAll(async () => {
    handle = await openTestDatabase();
    report = await importOrdersFile(handle.db, sharedDataFile('online-retail', 'online_retail.csv.gz'));
  }, 60_000);
  afterAll(() => handle?.close());

  it('reproduces the published figures', () => {
    expect(report).toMatchObject({ linesRead: 541_909, imported: 406_829, customers: 4_372, invoices: 22_190, returns: 8_905 });
    expect(report.skipped).toEqual({ 'no customer': expect.objectContaining({ count: 135_080 }) });
  });

  it('writes what it reports', async () => {
    const sales = new SalesRepository(handle.db);
    expect([await sales.countOrderLines(), await sales.countCustomers(), await sales.countInvoices()]).toEqual([406_829, 4_372, 22_190]);
  });
});

const mmmFiles = [
  { file: 'robyn_dt_simulated_weekly.csv', options: {}, channels: ['facebook', 'ooh', 'print', 'search', 'tv'], outcome: 'revenue', lines: 208 },
  { file: 'meridian_national_all_channels.csv', options: {}, channels: ['Channel0', 'Channel1', 'Channel2', 'Channel3', 'Channel4'], outcome: 'conversions', lines: 156 },
  { file: 'meridian_geo_all_channels.csv', options: {}, channels: ['Channel0', 'Channel1', 'Channel2', 'Channel3', 'Channel4'], outcome: 'conversions', lines: 6_240 },
  { file: 'pymc_marketing_mmm_example.csv', options: { channels: ['x1', 'x2'] }, channels: ['x1', 'x2'], outcome: 'y', lines: 179 },
];

for (const { file, options, channels, outcome, lines } of mmmFiles) {
  describe.skipIf(!hasSharedData('mmm', file))(`marketing-mix file ${file}`, () => {
    it('imports every line with the right channel names and outcome', async () => {
      const handle = await openTestDatabase();
      try {
        const report = await importSpendFile(handle.db, sharedDataFile('mmm', file), options);
        expect(report).toMatchObject({ linesRead: lines, imported: lines, channels, outcome, skipped: {} });
        expect(await new MarketingRepository(handle.db).listChannels()).toEqual(channels);
      } finally {
        await handle.close();
      }
    });
  });
}

describe.skipIf(!hasSharedData('mmm', 'robyn_dt_simulated_weekly.csv'))('Robyn exposures', () => {
  it('attaches facebook_I and search_clicks_P to their channels, and keeps controls', async () => {
    const handle = await openTestDatabase();
    try {
      const report = await importSpendFile(handle.db, sharedDataFile('mmm', 'robyn_dt_simulated_weekly.csv'));
      const withImpressions = await handle.db.all('SELECT DISTINCT channel FROM channel_spend WHERE impressions IS NOT NULL ORDER BY channel');
      expect(withImpressions).toEqual([{ channel: 'facebook' }, { channel: 'search' }]);
      expect(report.metrics).toEqual(['competitor_sales_b', 'events:event1', 'events:event2', 'newsletter', 'revenue']);
    } finally {
      await handle.close();
    }
  });
});
