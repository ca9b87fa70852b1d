import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

describe('MarketingRepository', () => {
  let handle: TestDatabase;
  let marketing: MarketingRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    marketing = new MarketingRepository(handle.db);
  });
  afterEach(() => handle.close());

  it('sums spend per channel and per week and channel (one row per geo summed), oldest first', async () => {
    await marketing.insertSpend([
      { periodStart: '2024-01-08', channel: 'tv', spend: 100, impressions: 1000, importId: null },
      { periodStart: '2024-01-01', channel: 'tv', spend: 40, impressions: null, importId: null },
      { periodStart: '2024-01-01', channel: 'tv', spend: 60, impressions: null, importId: null },
      { periodStart: '2024-01-01', channel: 'Search', spend: 25.5, impressions: null, importId: null },
    ]);
    expect(await marketing.countSpendRows()).toBe(4);
    // Byte-wise order, as SQLite sorts: capitals first.
    expect(await marketing.listChannels()).toEqual(['Search', 'tv']);
    expect(await marketing.totalSpendByChannel()).toEqual({ Search: 25.5, tv: 200 });
    expect(await marketing.spendByPeriodAndChannel()).toEqual([
      { periodStart: '2024-01-01', channel: 'Search', spend: 25.5 },
      { periodStart: '2024-01-01', channel: 'tv', spend: 100 },
      { periodStart: '2024-01-08', channel: 'tv', spend: 100 },
    ]);
  });

  it('reads one KPI per week, rows of a week summed', async () => {
    await marketing.insertKpiValues([
      { periodStart: '2024-01-08', metric: 'revenue', value: 5, importId: null },
      { periodStart: '2024-01-01', metric: 'revenue', value: 1, importId: null },
      { periodStart: '2024-01-01', metric: 'revenue', value: 2, importId: null },
      { periodStart: '2024-01-01', metric: 'conversions', value: 9, importId: null },
    ]);
    expect(await marketing.countKpiRows()).toBe(4);
    expect(await marketing.listMetrics()).toEqual(['conversions', 'revenue']);
    expect(await marketing.kpiByPeriod('revenue')).toEqual([
      { periodStart: '2024-01-01', value: 3 },
      { periodStart: '2024-01-08', value: 5 },
    ]);
    expect(await marketing.kpiByPeriod('nothing')).toEqual([]);
  });
});
