import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSpendFile } from '../../../src/import/index.ts';
import { MetricSeriesRepository } from '../../../src/repos/metric-series.ts';
import { openTestDatabase, type TestDatabase } from '../../support/database.ts';
import { insertOrders, type CraftedOrderLine } from './crafted-orders.ts';

/** Three whole ISO weeks, Monday 1 to Sunday 21 January 2024; nothing sold in the second week. */
const THREE_WEEKS: CraftedOrderLine[] = [
  { invoice: 'A', customerId: 'c1', at: '2024-01-01T09:00:00Z', amount: 100 },
  { invoice: 'A', customerId: 'c1', at: '2024-01-01T09:00:00Z', amount: 50 },
  { invoice: 'B', customerId: 'c2', at: '2024-01-03T12:00:00Z', amount: 30 },
  { invoice: 'CA', customerId: 'c1', at: '2024-01-03T15:00:00Z', amount: -20, isReturn: true },
  { invoice: 'D', customerId: 'c2', at: '2024-01-21T23:30:00Z', amount: 70 },
  { invoice: 'E', customerId: 'c3', at: '2024-01-21T10:00:00Z', amount: 10, country: 'France' },
];

describe('MetricSeriesRepository', () => {
  let handle: TestDatabase;
  let repo: MetricSeriesRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    repo = new MetricSeriesRepository(handle.db);
  });
  afterEach(() => handle.close());

  it('buckets order metrics by ISO week (Monday, UTC), filling empty weeks with zero', async () => {
    await insertOrders(handle.db, THREE_WEEKS);
    const weekly = (metric: Parameters<MetricSeriesRepository['orderSeries']>[0]) => repo.orderSeries(metric, 'week');
    expect(await weekly('revenue')).toEqual({ granularity: 'week', periods: ['2024-01-01', '2024-01-08', '2024-01-15'], values: [160, 0, 80], droppedPartial: {} });
    expect((await weekly('orders')).values).toEqual([2, 0, 2]);
    expect((await weekly('customers')).values).toEqual([2, 0, 2]);
    expect((await weekly('new_customers')).values).toEqual([2, 0, 1]);
    // Average order value leaves returns out and is undefined in a week without orders.
    expect((await weekly('aov')).values).toEqual([90, null, 40]);
  });

  it('buckets by day, a Sunday-night order staying in its UTC day', async () => {
    await insertOrders(handle.db, THREE_WEEKS);
    const daily = (await repo.orderSeries('revenue', 'day'));
    expect(daily.periods).toHaveLength(21);
    expect(daily.periods[0]).toBe('2024-01-01');
    expect(daily.values[0]).toBe(150);
    expect(daily.values[2]).toBe(10);
    expect(daily.values[20]).toBe(80);
    expect(daily.values.filter((v) => v === 0)).toHaveLength(18);
  });

  it('drops partly covered first and last buckets and says which', async () => {
    await insertOrders(handle.db, THREE_WEEKS);
    // January is covered only to the 21st.
    expect((await repo.orderSeries('revenue', 'month'))).toEqual({ granularity: 'month', periods: [], values: [], droppedPartial: { last: '2024-01-01' } });
    await insertOrders(handle.db, [
      { invoice: 'F', customerId: 'c4', at: '2023-12-28T10:00:00Z', amount: 5 },
      { invoice: 'G', customerId: 'c4', at: '2024-01-23T10:00:00Z', amount: 7 },
    ]);
    expect((await repo.orderSeries('revenue', 'week'))).toMatchObject({
      periods: ['2024-01-01', '2024-01-08', '2024-01-15'],
      values: [160, 0, 80],
      droppedPartial: { first: '2023-12-25', last: '2024-01-22' },
    });
  });

  it('buckets by calendar month and filters by country', async () => {
    await insertOrders(handle.db, [
      { invoice: 'M1', customerId: 'm1', at: '2024-01-01', amount: 10 },
      { invoice: 'M2', customerId: 'm1', at: '2024-03-31T22:00:00Z', amount: 30 },
      { invoice: 'M3', customerId: 'm2', at: '2024-03-15', amount: 40, country: 'France' },
    ]);
    expect((await repo.orderSeries('revenue', 'month'))).toMatchObject({ periods: ['2024-01-01', '2024-02-01', '2024-03-01'], values: [10, 0, 70] });
    expect((await repo.orderSeries('orders', 'month', 'United Kingdom')).values).toEqual([1, 0, 1]);
    expect((await repo.listCountries())).toEqual(['France', 'United Kingdom']);
    expect((await repo.hasPurchases('France'))).toBe(true);
    expect((await repo.hasPurchases('Spain'))).toBe(false);
  });

  it('is empty without orders', async () => {
    expect((await repo.hasPurchases())).toBe(false);
    expect((await repo.orderSeries('revenue', 'week'))).toEqual({ granularity: 'week', periods: [], values: [], droppedPartial: {} });
  });

  it('reads imported KPIs weekly, a week missing from the file being null', async () => {
    await importSpendFile(handle.db, path.resolve('test/fixtures/forecast-kpi.csv'));
    expect((await repo.listKpiMetrics())).toEqual(['conversions']);
    const series = (await repo.kpiSeries('conversions'));
    expect(series.periods).toHaveLength(20);
    expect(series.periods.slice(0, 2)).toEqual(['2024-01-01', '2024-01-08']);
    expect(series.values[9]).toBe(145);
    expect(series.values[10]).toBeNull();
    expect(series.values[19]).toBe(195);
  });
});
