import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { MetricSeriesRepository } from '../../src/repos/metric-series.ts';
import { MetricsRepository } from '../../src/repos/metrics.ts';
import { SegmentRepository } from '../../src/repos/segments.ts';
import { insertOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const at = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

/**
 * Four customers over December 2023 – February 2024:
 * - c1 (UK) buys in December, January (two invoices) and returns a line in January;
 * - c2 (UK) buys first in January, again in February;
 * - c3 buys in France in January, then in Germany in February (two countries);
 * - c4 (Germany) buys only in February, two lines of one invoice.
 */
const LINES: CraftedOrderLine[] = [
  { invoice: 'A1', customerId: 'c1', at: '2023-12-20T10:00:00Z', amount: 100 },
  { invoice: 'B1', customerId: 'c1', at: '2024-01-03T09:00:00Z', amount: 40 },
  { invoice: 'B1', customerId: 'c1', at: '2024-01-03T09:00:00Z', amount: 60 },
  { invoice: 'B2', customerId: 'c1', at: '2024-01-20T09:00:00Z', amount: 50 },
  { invoice: 'CB1', customerId: 'c1', at: '2024-01-21T09:00:00Z', amount: -40, isReturn: true },
  { invoice: 'B3', customerId: 'c2', at: '2024-01-10T12:00:00Z', amount: 30 },
  { invoice: 'D1', customerId: 'c2', at: '2024-02-02T12:00:00Z', amount: 70 },
  { invoice: 'B4', customerId: 'c3', at: '2024-01-15T08:00:00Z', amount: 200, country: 'France' },
  { invoice: 'D2', customerId: 'c3', at: '2024-02-05T08:00:00Z', amount: 10, country: 'Germany' },
  { invoice: 'D3', customerId: 'c4', at: '2024-02-06T08:00:00Z', amount: 5, country: 'Germany' },
  { invoice: 'D3', customerId: 'c4', at: '2024-02-06T08:00:00Z', amount: 15, country: 'Germany' },
];

const JANUARY = { from: at('2024-01-01'), to: at('2024-02-01') };
const FEBRUARY = { from: at('2024-02-01'), to: at('2024-03-01') };

describe('MetricsRepository', () => {
  let handle: TestDatabase;
  let repo: MetricsRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    repo = new MetricsRepository(handle.db);
    await insertOrders(handle.db, LINES);
  });
  afterEach(() => handle.close());

  const total = async (metric: Parameters<MetricsRepository['orderTotal']>[0]['metric'], window = JANUARY, country?: string) =>
    (await repo.orderTotal({ metric, ...window, country })).value;

  it('computes every order metric over a window by its definition', async () => {
    expect(await total('revenue')).toBe(340); // 40 + 60 + 50 − 40 + 30 + 200
    expect(await total('orders')).toBe(4); // B1, B2, B3, B4: the return is no order
    expect(await total('customers')).toBe(3);
    expect(await total('new_customers')).toBe(2); // c2 and c3; c1 bought in December
    expect(await total('returning_customers')).toBe(1);
    expect(await total('aov')).toBe(95); // 380 of purchases / 4 invoices
    expect(await total('units')).toBe(5); // purchase lines, quantity 1 each
    expect(await repo.orderTotal({ metric: 'returns', ...JANUARY })).toEqual({ value: 40, gross: 380 });
    // No line at all: sums and counts are 0, an average is undefined.
    const empty = { from: at('2023-01-01'), to: at('2023-02-01') };
    expect(await total('revenue', empty)).toBe(0);
    expect(await total('orders', empty)).toBe(0);
    expect(await total('aov', empty)).toBeNull();
    expect(await repo.orderTotal({ metric: 'returns', ...empty })).toEqual({ value: 0, gross: 0 });
  });

  it('counts first purchases within the country filter', async () => {
    expect(await total('revenue', FEBRUARY, 'Germany')).toBe(30);
    // c3 bought in France before, but never in Germany: new to Germany in February.
    expect(await total('new_customers', FEBRUARY, 'Germany')).toBe(2);
    expect(await total('new_customers', FEBRUARY)).toBe(1);
    expect(await total('returning_customers', FEBRUARY)).toBe(2);
  });

  it('splits by country: rows of line sums add up, customers can appear twice, new customers count once', async () => {
    const byCountry = async (metric: Parameters<MetricsRepository['orderTotal']>[0]['metric'], window = { from: JANUARY.from, to: FEBRUARY.to }) =>
      Object.fromEntries((await repo.orderByKey({ metric, ...window }, 'country')).map((r) => [r.key, r.value]));
    expect(await byCountry('revenue')).toEqual({ 'United Kingdom': 210, France: 200, Germany: 30 });
    expect(await byCountry('orders')).toEqual({ 'United Kingdom': 4, France: 1, Germany: 2 });
    expect(await byCountry('customers')).toEqual({ 'United Kingdom': 2, France: 1, Germany: 2 });
    // c3's first purchase (in the window) was in France; c2's in the UK, c4's in Germany.
    expect(await byCountry('new_customers')).toEqual({ 'United Kingdom': 1, France: 1, Germany: 1 });
    expect(await byCountry('returning_customers')).toEqual({ 'United Kingdom': 1, France: 0, Germany: 1 });
    expect(await byCountry('aov')).toEqual({ 'United Kingdom': 250 / 4, France: 200, Germany: 15 });
  });

  it('leaves the top keys out for the "all others" row, through the index or not', async () => {
    const scope = { metric: 'customers' as const, from: JANUARY.from, to: FEBRUARY.to };
    // c3 bought in France and in Germany: one customer.
    expect(await repo.orderOthers(scope, 'country', { top: ['United Kingdom'], rest: ['France', 'Germany'] })).toEqual({ value: 2 });
    expect(await repo.orderOthers(scope, 'country', { top: ['France'], rest: ['United Kingdom', 'Germany'] })).toEqual({ value: 4 });
    // c1: 150 over B1 and B2; c2: 100 over B3 and D1; c4: 20 over D3.
    expect(await repo.orderOthers({ ...scope, metric: 'aov' }, 'customer', { top: ['c3'], rest: ['c1', 'c2', 'c4'] })).toEqual({ value: 270 / 5 });
    expect(await repo.orderOthers({ ...scope, metric: 'revenue' }, 'country', { top: ['United Kingdom', 'France', 'Germany'], rest: [] })).toEqual({ value: 0 });
  });

  it('splits by customer and by segment of a run, with customers outside the run in their own row', async () => {
    const byCustomer = await repo.orderByKey({ metric: 'revenue', ...JANUARY }, 'customer');
    expect(Object.fromEntries(byCustomer.map((r) => [r.key, r.value]))).toEqual({ c1: 110, c2: 30, c3: 200 });
    const run = await new SegmentRepository(handle.db).saveRun(
      { jobRunId: null, comparableKey: '{}', params: {}, k: 2, asOf: at('2024-03-01'), centres: [], scaling: {}, segments: [], metrics: {} },
      [
        { customerId: 'c1', cluster: 0, segment: 'Champions', recencyDays: 1, frequency: 3, monetary: 210 },
        { customerId: 'c3', cluster: 0, segment: 'Champions', recencyDays: 1, frequency: 2, monetary: 210 },
        { customerId: 'c2', cluster: 1, segment: 'At risk', recencyDays: 30, frequency: 2, monetary: 100 },
      ],
    );
    const scope = { from: JANUARY.from, to: FEBRUARY.to, context: { segmentRunId: run.id } };
    const bySegment = async (metric: Parameters<MetricsRepository['orderTotal']>[0]['metric']) =>
      Object.fromEntries((await repo.orderByKey({ metric, ...scope }, 'segment')).map((r) => [r.key, r.value]));
    expect(await bySegment('revenue')).toEqual({ Champions: 320, 'At risk': 100, 'Not in the segment run': 20 });
    expect(await bySegment('customers')).toEqual({ Champions: 2, 'At risk': 1, 'Not in the segment run': 1 });
    expect(await bySegment('new_customers')).toEqual({ Champions: 1, 'At risk': 1, 'Not in the segment run': 1 });
    expect(await repo.orderOthers({ metric: 'aov', ...scope }, 'segment', { top: ['Champions'], rest: ['At risk', 'Not in the segment run'] })).toEqual({ value: 40 });
  });

  it('buckets a window by calendar week or month, and reads a comparison window on the same buckets', async () => {
    const weekly = await repo.orderBuckets({ metric: 'revenue', ...JANUARY }, 'week');
    expect(Object.fromEntries([...weekly].map(([k, f]) => [k, f.value]))).toEqual({
      '2024-01-01': 100, '2024-01-08': 30, '2024-01-15': 210, '2024-01-22': 0, '2024-01-29': 0,
    });
    const customers = await repo.orderBuckets({ metric: 'customers', from: JANUARY.from, to: FEBRUARY.to }, 'month');
    expect(Object.fromEntries([...customers].map(([k, f]) => [k, f.value]))).toEqual({ '2024-01-01': 3, '2024-02-01': 3 });
    const fresh = await repo.orderBuckets({ metric: 'new_customers', from: at('2023-12-01'), to: FEBRUARY.to }, 'month');
    expect(Object.fromEntries([...fresh].map(([k, f]) => [k, f.value]))).toEqual({ '2023-12-01': 1, '2024-01-01': 2, '2024-02-01': 1 });
    // February read on January's days (31 days earlier): 2, 5 and 6 Feb land on 2, 5 and 6 Jan, in the week of 1 January.
    const shifted = await repo.orderBuckets({ metric: 'customers', ...FEBRUARY }, 'week', JANUARY.from - FEBRUARY.from);
    expect(Object.fromEntries([...shifted].map(([k, f]) => [k, f.value]))).toEqual({ '2024-01-01': 3 });
    const shiftedRevenue = await repo.orderBuckets({ metric: 'revenue', ...FEBRUARY }, 'week', JANUARY.from - FEBRUARY.from);
    expect(Object.fromEntries([...shiftedRevenue].map(([k, f]) => [k, f.value]))).toEqual({ '2024-01-01': 100, '2024-01-08': 0, '2024-01-15': 0, '2024-01-22': 0, '2024-01-29': 0 });
  });

  it('agrees with the forecast series, which uses the same definitions', async () => {
    const series = new MetricSeriesRepository(handle.db);
    for (const metric of ['revenue', 'orders', 'customers', 'new_customers', 'aov'] as const) {
      const forecastSide = await series.orderSeries(metric, 'month');
      const metricSide = await repo.orderBuckets({ metric, from: at('2024-01-01'), to: at('2024-03-01') }, 'month');
      forecastSide.periods.forEach((period, i) => expect(metricSide.get(period)?.value ?? null, `${metric} ${period}`).toBe(forecastSide.values[i]));
    }
  });

  it('reads the weekly spend and KPI rows that overlap a window', async () => {
    const marketing = new MarketingRepository(handle.db);
    await marketing.insertSpend([
      { periodStart: '2024-01-01', channel: 'tv', spend: 700, impressions: null, importId: null },
      { periodStart: '2024-01-01', channel: 'tv', spend: 70, impressions: null, importId: null },
      { periodStart: '2024-01-29', channel: 'search', spend: 140, impressions: null, importId: null },
      { periodStart: '2024-02-05', channel: 'search', spend: 1, impressions: null, importId: null },
    ]);
    await marketing.insertKpiValues([
      { periodStart: '2023-12-25', metric: 'conversions', value: 6, importId: null },
      { periodStart: '2023-12-27', metric: 'conversions', value: 7, importId: null },
    ]);
    expect(await repo.spendRows(JANUARY.from, JANUARY.to)).toEqual([
      { periodStart: '2024-01-01', key: 'tv', value: 770 },
      { periodStart: '2024-01-29', key: 'search', value: 140 },
    ]);
    // The week from 25 December ends on the 31st; the one from the 27th reaches 2 January.
    expect(await repo.kpiRows('conversions', JANUARY.from, JANUARY.to)).toEqual([{ periodStart: '2023-12-27', key: 'conversions', value: 7 }]);
    expect(await repo.kpiRows('conversions', at('2024-01-03'), JANUARY.to)).toEqual([]);
    expect(await repo.kpiSpan('conversions')).toEqual({ first: '2023-12-25', last: '2023-12-27' });
    expect(await repo.kpiSpan('nothing')).toBeNull();
  });
});
