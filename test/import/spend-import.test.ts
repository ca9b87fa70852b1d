import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importSpendFile } from '../../src/import/index.ts';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const fixture = (name: string) => path.resolve('test/fixtures', name);

describe(`importSpendFile (${testDialect})`, () => {
  let handle: TestDatabase;
  let marketing: MarketingRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    marketing = new MarketingRepository(handle.db);
  });
  afterEach(() => handle.close());

  const spendRows = () => handle.db.all('SELECT period_start AS week, channel, spend, impressions FROM channel_spend ORDER BY id');
  const kpiRows = () => handle.db.all('SELECT period_start AS week, metric, value FROM kpi ORDER BY id');

  it('reads the long layout, skipping negative spend', async () => {
    const report = await importSpendFile(handle.db, fixture('spend-long.csv'));
    expect(report).toMatchObject({ layout: 'long', linesRead: 5, imported: 4, channels: ['search', 'tv'], periods: 2, outcome: null });
    expect(report.skipped).toEqual({ 'negative spend': { count: 1, exampleLines: [6] } });
    expect(await spendRows()).toEqual([
      { week: '2024-01-01', channel: 'tv', spend: 1000, impressions: 50000 },
      { week: '2024-01-01', channel: 'search', spend: 200, impressions: null },
      { week: '2024-01-08', channel: 'tv', spend: 0, impressions: 0 },
      { week: '2024-01-08', channel: 'search', spend: 250, impressions: null },
    ]);
  });

  it('reads the wide layout: suffixes stripped, exposures attached, outcome and controls as KPIs', async () => {
    const report = await importSpendFile(handle.db, fixture('spend-wide.csv'));
    expect(report).toMatchObject({
      layout: 'wide',
      channels: ['facebook', 'search', 'tv'],
      outcome: 'revenue',
      metrics: ['competitor_sales_b', 'events:event1', 'revenue'],
      spendRows: 8,
      firstPeriod: '2024-01-01',
      lastPeriod: '2024-01-15',
    });
    const rows = (await spendRows()) as { week: string; channel: string; spend: number; impressions: number | null }[];
    expect(rows.filter((r) => r.week === '2024-01-01')).toEqual([
      { week: '2024-01-01', channel: 'tv', spend: 10, impressions: null },
      { week: '2024-01-01', channel: 'search', spend: 20, impressions: 7 },
      { week: '2024-01-01', channel: 'facebook', spend: 30, impressions: 500 },
    ]);
    expect(rows.filter((r) => r.week === '2024-01-15').map((r) => r.channel)).toEqual(['tv', 'search']);
    expect(await kpiRows()).toContainEqual({ week: '2024-01-08', metric: 'events:event1', value: 1 });
    expect(await kpiRows()).toContainEqual({ week: '2024-01-15', metric: 'revenue', value: 1050 });
    expect(formatImportReport(report)).toContain('outcome: revenue');
  });

  it('reads generic channel names given with --channels', async () => {
    const report = await importSpendFile(handle.db, fixture('spend-generic.csv'), { channels: ['x1', 'x2'] });
    expect(report).toMatchObject({ channels: ['x1', 'x2'], outcome: 'y', metrics: ['event_1', 'y'], spendRows: 4, kpiRows: 4 });
    expect(await marketing.totalSpendByChannel()).toEqual({ x1: 0.42, x2: 0.5 });
  });

  it('rejects a wide file with no recognisable spend column, suggesting --channels, writing nothing', async () => {
    await expect(importSpendFile(handle.db, fixture('spend-generic.csv'))).rejects.toThrow(/No spend columns found.*--channels x1,x2/);
    expect([await marketing.countSpendRows(), await marketing.countKpiRows()]).toEqual([0, 0]);
  });

  it('rejects an unknown --channels or --outcome column', async () => {
    await expect(importSpendFile(handle.db, fixture('spend-generic.csv'), { channels: ['x9'] })).rejects.toThrow('--channels x9: no such column');
    await expect(importSpendFile(handle.db, fixture('spend-wide.csv'), { outcome: 'profit' })).rejects.toThrow('Outcome column "profit" not found');
  });

  it('recognises a spend file imported before', async () => {
    await importSpendFile(handle.db, fixture('spend-long.csv'));
    const again = await importSpendFile(handle.db, fixture('spend-long.csv'));
    expect(again.alreadyImportedAt).not.toBeNull();
    expect(await marketing.countSpendRows()).toBe(4);
  });
});
