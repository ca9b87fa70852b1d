import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseOutcome, loadWeeklyMix, WeeklyMixUnavailable } from '../../../src/answers/allocation/weekly-input.ts';
import { ImportsRepository } from '../../../src/repos/imports.ts';
import { MarketingRepository } from '../../../src/repos/marketing.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../../support/database.ts';

describe(`loadWeeklyMix (${testDialect})`, () => {
  let handle: TestDatabase;
  let marketing: MarketingRepository;
  let imports: ImportsRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    marketing = new MarketingRepository(handle.db);
    imports = new ImportsRepository(handle.db);
  });
  afterEach(() => handle.close());

  const spend = (periodStart: string, channel: string, value: number) => ({ periodStart, channel, spend: value, impressions: null, importId: null });
  const kpi = (periodStart: string, metric: string, value: number) => ({ periodStart, metric, value, importId: null });

  it('sums geo rows per week and channel, aligns channels and controls on the outcome weeks', async () => {
    (await marketing.insertSpend([
      spend('2024-01-01', 'tv', 100), spend('2024-01-01', 'tv', 50), spend('2024-01-01', 'search', 10),
      spend('2024-01-08', 'search', 20), spend('2024-01-15', 'tv', 70),
    ]));
    (await marketing.insertKpiValues([
      kpi('2024-01-01', 'conversions', 5), kpi('2024-01-01', 'conversions', 6), kpi('2024-01-08', 'conversions', 7), kpi('2024-01-15', 'conversions', 9),
      kpi('2024-01-01', 'competitor_sales', 30), kpi('2024-01-15', 'competitor_sales', 50),
    ]));
    const id = await imports.begin({ kind: 'spend', fileName: 'x.csv', contentHash: 'h' });
    await imports.complete(id, { linesRead: 3, imported: 3, report: { outcome: 'conversions' } });

    const { input, outcome } = await loadWeeklyMix(marketing, imports);
    expect(outcome).toBe('conversions');
    expect(input.weeks).toEqual(['2024-01-01', '2024-01-08', '2024-01-15']);
    expect(input.outcome).toEqual([11, 7, 9]);
    expect(input.channels).toEqual([{ name: 'search', spend: [10, 20, 0] }, { name: 'tv', spend: [150, 0, 70] }]);
    expect(input.controls).toEqual([{ name: 'competitor_sales', values: [30, 40, 50] }]);
  });

  it('says how to fix missing spend or a missing outcome', async () => {
    await expect(loadWeeklyMix(marketing, imports)).rejects.toThrow(/no spend data.*Import a weekly spend file/s);
    (await marketing.insertSpend([spend('2024-01-01', 'tv', 1)]));
    (await marketing.insertKpiValues([kpi('2024-01-01', 'price', 3)]));
    await expect(loadWeeklyMix(marketing, imports)).rejects.toThrow(WeeklyMixUnavailable);
    await expect(loadWeeklyMix(marketing, imports)).rejects.toThrow(/no outcome.*price/);
  });
});

describe('chooseOutcome', () => {
  it('prefers revenue, then the outcome the import recorded, then the usual names', () => {
    expect(chooseOutcome(['conversions', 'revenue'], 'conversions')).toBe('revenue');
    expect(chooseOutcome(['sales', 'y'], 'y')).toBe('y');
    expect(chooseOutcome(['price', 'sales', 'y'], undefined)).toBe('sales');
    expect(chooseOutcome(['price'], 'gone')).toBeUndefined();
  });
});
