import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importOrdersFile, importSpendFile } from '../../src/import/index.ts';
import { loadChannelMap } from '../../src/import/formats/channels.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

// Files written by test/fixtures/connectors/generate.mjs; expected.json holds the totals it computed
// from the values it wrote (not from anything the importer does).
const fixture = (name: string) => path.resolve('test/fixtures/connectors', name);
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));
const tempDirs: string[] = [];
const tempFile = (name: string, content: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-connectors-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
};
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const near = (value: number) => expect.closeTo(value, 2);

/** Rounds an SQL sum to the cent on either back end (PostgreSQL rounds numerics only). */
const cents = (expression: string) => `round(CAST(${expression} AS numeric), 2)`;

describe(`exports recognised by their headers (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());

  const one = async <T>(sql: string, ...params: unknown[]) => (await handle.db.get<T>(sql, params))!;
  const all = <T>(sql: string, ...params: unknown[]) => handle.db.all<T>(sql, params);
  const orderTotals = () =>
    one<{ revenue: number; returned: number; invoices: number; customers: number; units: number }>(
      `SELECT ${cents('sum(CASE WHEN is_return = 0 THEN amount END)')} AS revenue, ${cents('-sum(CASE WHEN is_return = 1 THEN amount END)')} AS returned,
              count(DISTINCT CASE WHEN is_return = 0 THEN invoice END) AS invoices, count(DISTINCT customer_id) AS customers,
              sum(CASE WHEN is_return = 0 THEN quantity END) AS units FROM orders`,
    );
  const spendBy = async (column: 'channel' | 'period_start') =>
    Object.fromEntries((await all<{ key: string; spend: number }>(`SELECT ${column} AS key, ${cents('sum(spend)')} AS spend FROM channel_spend GROUP BY 1 ORDER BY 1`)).map((r) => [r.key, r.spend]));
  const kpi = async (metric: string) => (await one<{ v: number | null }>(`SELECT ${cents('sum(value)')} AS v FROM kpi WHERE metric = ?`, metric)).v;

  it('Shopify: line items grouped by Name, unpaid orders skipped, refunds as returns on the order date, emails hashed', async () => {
    const e = expected.shopify;
    const report = await importOrdersFile(handle.db, fixture('shopify-orders.csv'));
    expect(report).toMatchObject({ format: 'Shopify orders export', linesRead: e.rows, imported: e.linesImported, customers: e.customers, invoices: e.purchaseInvoices, returns: e.refunds, products: e.products });
    expect(report.skipped['not paid']?.count).toBe(e.skipped['not paid']);
    expect(report.skipped['no customer']?.count).toBe(e.skipped['no customer']);
    expect(await orderTotals()).toEqual({ revenue: e.revenue, returned: e.returnsValue, invoices: e.purchaseInvoices, customers: e.customers, units: e.units });
    // Net revenue per day, in the shop's time zone (the +0200/+0100 offsets are dropped, not applied).
    const byDay = new Map<string, number>();
    for (const r of await all<{ at: number; amount: number }>('SELECT ordered_at AS at, amount FROM orders ORDER BY id')) {
      const day = new Date(r.at).toISOString().slice(0, 10);
      byDay.set(day, (byDay.get(day) ?? 0) + r.amount);
    }
    expect(Object.fromEntries([...byDay].map(([day, net]) => [day, Math.round(net * 100) / 100]))).toEqual(e.revenueByDay);
    // No email is stored; the same address in another case is the same customer.
    const ids = (await all<{ id: string }>('SELECT id FROM customers')).map((r) => r.id);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
    const firstOrderRows = readFileSync(fixture('shopify-orders.csv'), 'utf8').split('\n').filter((l) => l.startsWith('#1001,')).length;
    expect((await one<{ n: number }>("SELECT count(*) AS n FROM orders WHERE invoice = '#1001' AND is_return = 0")).n).toBe(firstOrderRows);
    expect((await one<{ name: string }>("SELECT name FROM products WHERE code = 'SKU-103'")).name).toBe('Mug, large');
    expect((await one<{ country: string }>("SELECT country FROM orders WHERE invoice = '#1001' LIMIT 1")).country).toBe('Germany');
    const text = formatImportReport(report);
    expect(text).toContain("on the order's date: the export has no refund date");
    expect(text).toContain('SHA-256 hash of their email');
  });

  it('Stripe: decimal commas, failed payments skipped, partial and full refunds as returns', async () => {
    const e = expected.stripe;
    const report = await importOrdersFile(handle.db, fixture('stripe-payments.csv'));
    expect(report).toMatchObject({ format: 'Stripe payments export', linesRead: e.rows, imported: e.payments, customers: e.customers, invoices: e.payments, returns: e.refunds, products: 0 });
    expect(report.skipped).toEqual({ 'failed payment': { count: e.skipped['failed payment'], exampleLines: expect.any(Array) } });
    expect(await orderTotals()).toMatchObject({ revenue: e.revenue, returned: e.returnsValue, invoices: e.payments, customers: e.customers });
    expect(formatImportReport(report)).toContain('decimal commas');
  });

  it('Stripe: the older "Created (UTC)" header with decimal points', async () => {
    const file = tempFile('payments.csv', 'id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email\nch_1,2024-03-01 10:00,"1,250.00",0.00,usd,Paid,cus_1,a@x.org\nch_2,2024-03-02 11:00,20.50,5.25,usd,Paid,cus_2,\nch_3,2024-03-02 12:00,99.00,0,usd,Failed,cus_3,c@x.org\n');
    const report = await importOrdersFile(handle.db, file);
    expect(report).toMatchObject({ imported: 2, returns: 1 });
    expect(await orderTotals()).toMatchObject({ revenue: 1270.5, returned: 5.25, customers: 2 });
    expect((await all<{ id: string }>('SELECT id FROM customers ORDER BY id')).map((r) => r.id)).toContain('cus_2');
  });

  it('Google Ads: preamble and Total lines, quoted thousands, --, channels from campaign types, weeks from days', async () => {
    const e = expected.googleAds;
    const report = await importSpendFile(handle.db, fixture('google-ads.csv'));
    expect(report).toMatchObject({ format: 'Google Ads report', linesRead: e.rows, imported: e.rows, channels: Object.keys(e.costByChannel).sort() });
    expect(await spendBy('channel')).toEqual(e.costByChannel);
    expect(await spendBy('period_start')).toEqual(e.costByWeek);
    expect((await one<{ n: number }>('SELECT sum(impressions) AS n FROM channel_spend')).n).toBe(e.impressions);
    expect(await kpi('google_ads:clicks')).toBe(e.clicks);
    expect(await kpi('google_ads:conversions')).toBeCloseTo(e.conversions, 2);
    expect(await kpi('google_ads:conversion_value')).toBeCloseTo(e.conversionValue, 2);
    // The same total read here with another CSV reader: every dated line's Cost, "$" and "," removed.
    const rows = parse(readFileSync(fixture('google-ads.csv')), { relax_column_count: true, from_line: 3, columns: true }) as Record<string, string>[];
    const cost = rows.filter((r) => /^\d{4}-/.test(r.Day)).reduce((s, r) => s + Number(r.Cost.replace(/[$,]/g, '')), 0);
    expect(Object.values(await spendBy('channel')).reduce((a, b) => a + b, 0)).toBeCloseTo(cost, 2);
    expect(formatImportReport(report)).toContain('Channels by campaign type (search when none): search, performance_max, display, video, shopping.');
  });

  it('Google Ads: a channels.csv and --channel decide channels, in that order', async () => {
    const e = expected.googleAds;
    await importSpendFile(handle.db, fixture('google-ads.csv'), { channelMap: loadChannelMap(fixture('channels.csv')) });
    expect(await spendBy('channel')).toEqual(e.costByMappedChannel);
    await handle.close();
    handle = await openTestDatabase();
    const report = await importSpendFile(handle.db, fixture('google-ads.csv'), { channel: 'Paid Search', channelMap: [{ pattern: '*youtube*', channel: 'youtube' }] });
    expect(report.channels).toEqual(['paid_search', 'youtube']);
    expect((await spendBy('channel')).youtube).toBe(e.costByMappedChannel.youtube);
  });

  it('Google Ads without a Day column: each row spread over the date range of the second line', async () => {
    const file = tempFile('range.csv', [
      'Campaign performance',
      '"October 1, 2025 - October 7, 2025"',
      'Campaign,Currency code,Impr.,Cost',
      'Alpha,EUR,"7,000",70.00',
      'Beta,EUR,700,7.01',
      'Gamma,EUR,10,abc',
      'Total: Account,EUR,"7,710",77.01',
    ].join('\n'));
    const report = await importSpendFile(handle.db, file);
    expect(report).toMatchObject({ linesRead: 3, imported: 2, skipped: { 'bad number': { count: 1, exampleLines: [6] } } });
    // Wednesday 1 to Sunday 5 October fall in the week of Monday 29 September, the 6th and 7th in the next:
    // 70.00 → 5 × 10.00 and 2 × 10.00; 7.01 → 1.01 + 4 × 1.00 and 2 × 1.00.
    expect(await spendBy('period_start')).toEqual({ '2025-09-29': 55.01, '2025-10-06': 22 });
    expect((await one<{ n: number }>("SELECT sum(impressions) AS n FROM channel_spend WHERE period_start = '2025-10-06'")).n).toBe(2000 + 200);
    expect(formatImportReport(report)).toContain('each row covers 2025-10-01 to 2025-10-07 and was spread evenly over those 7 days');
  });

  it('Meta (French, BOM, decimal commas): whole-range rows spread evenly over their days, and the report says so', async () => {
    const e = expected.metaFr;
    const report = await importSpendFile(handle.db, fixture('meta-ads-fr.csv'));
    expect(report).toMatchObject({ format: 'Meta Ads Manager export', linesRead: e.rows, imported: e.rows, channels: ['social'] });
    expect(await spendBy('channel')).toEqual({ social: e.spend });
    expect(await spendBy('period_start')).toEqual(e.spendByWeek);
    expect((await one<{ n: number }>('SELECT sum(impressions) AS n FROM channel_spend')).n).toBe(e.impressions);
    const text = formatImportReport(report);
    expect(text).toContain(`${e.spreadRows} rows without a daily breakdown covered a whole reporting range`);
    expect(text).toContain('Amounts are in EUR');
  });

  it('Meta (German, daily breakdown): one day per row, nothing spread', async () => {
    const e = expected.metaDe;
    const report = await importSpendFile(handle.db, fixture('meta-ads-de.csv'), { currency: 'EUR' });
    expect(report).toMatchObject({ linesRead: e.rows, imported: e.rows });
    expect(await spendBy('period_start')).toEqual(e.spendByWeek);
    expect((await one<{ n: number }>('SELECT sum(impressions) AS n FROM channel_spend')).n).toBe(e.impressions);
    expect(formatImportReport(report)).not.toContain('spread evenly');
  });

  it('refuses an export in another currency than CURRENCY, writing nothing', async () => {
    const file = tempFile('meta.csv', 'Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions\n2025-10-01,2025-10-01,A,10.00,100\n');
    await expect(importSpendFile(handle.db, file, { currency: 'EUR' })).rejects.toThrow(/is in USD but Pulse's money is in EUR/);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM channel_spend')).n).toBe(0);
  });

  it('GA4: # preamble, Grand total left out, the second table named, revenue per channel group spread over the range', async () => {
    const e = expected.ga4;
    const report = await importSpendFile(handle.db, fixture('ga4-traffic.csv'));
    expect(report).toMatchObject({ format: 'GA4 traffic acquisition export', linesRead: 15, imported: 15, channels: [], spendRows: 0 });
    expect(await kpi('revenue')).toBeCloseTo(e.revenue, 2);
    expect(await kpi('sessions')).toBe(e.sessions);
    expect(await kpi('key_events')).toBe(e.keyEvents);
    for (const [group, revenue] of Object.entries(e.revenueByGroup)) expect((await kpi(`revenue:${group}`)) ?? 0).toBeCloseTo(revenue as number, 2);
    expect((await all<{ w: string }>("SELECT DISTINCT period_start AS w FROM kpi WHERE metric = 'revenue' ORDER BY 1")).map((r) => r.w)).toEqual(e.weeks);
    // 30 days from Monday 1 September: the last week holds 2 of the 30 days' share of sessions.
    const lastWeek = (await one<{ v: number }>("SELECT value AS v FROM kpi WHERE metric = 'sessions' AND period_start = '2025-09-29'")).v;
    expect(lastWeek).toBeGreaterThanOrEqual(Math.floor(e.sessions / 30) * 2 - 15);
    expect(lastWeek).toBeLessThanOrEqual(Math.ceil(e.sessions / 30) * 2 + 15);
    const text = formatImportReport(report);
    const seriesLine = readFileSync(fixture('ga4-traffic.csv'), 'utf8').split('\n').indexOf('Nth day,Sessions') + 1;
    expect(text).toContain(`Left out the table at line ${seriesLine} (Nth day, Sessions): no channel group`);
    expect(text).toContain('add up to the Grand total');
    expect(text).toContain('spread evenly over those 30 days');
  });

  it('GA4 with a Date column and the older Conversions header: daily values, nothing spread', async () => {
    const e = expected.ga4Daily;
    const report = await importSpendFile(handle.db, fixture('ga4-traffic-daily.csv'));
    expect(report).toMatchObject({ linesRead: e.rows, imported: e.rows });
    expect(await kpi('key_events')).toBe(e.conversions);
    expect(await kpi('revenue:paid_search')).toBeCloseTo(e.paidSearchRevenue, 2);
    const byWeek = await all<{ w: string; v: number }>(`SELECT period_start AS w, ${cents('sum(value)')} AS v FROM kpi WHERE metric = 'revenue' GROUP BY 1`);
    expect(Object.fromEntries(byWeek.map((r) => [r.w, r.v]))).toEqual(e.revenueByWeek);
    expect(formatImportReport(report)).toContain('Conversions (the name before March 2024) were read as key events');
  });

  it('names the columns it expected for a layout it does not know', async () => {
    const file = tempFile('export.csv', 'Order Number,Buyer,When,Sum\n1,a,2025-01-01,10\n');
    const rejection = importOrdersFile(handle.db, file);
    await expect(rejection).rejects.toThrow(/Missing required columns: customer, date/);
    await expect(importOrdersFile(handle.db, file)).rejects.toThrow(/Shopify orders export \(Name, Created at, Lineitem quantity, Lineitem price/);
    await expect(importOrdersFile(handle.db, file)).rejects.toThrow(/Stripe payments export \(id, Created date \(UTC\)/);
    await expect(importSpendFile(handle.db, file)).rejects.toThrow(/Google Ads report \(Campaign, Cost.*Meta Ads Manager export.*GA4 traffic acquisition export/);
  });

  it('refuses a file that mixes two exports, writing nothing', async () => {
    const ads = readFileSync(fixture('google-ads.csv'), 'utf8').split('\n').slice(0, 60).join('\n');
    const meta = readFileSync(fixture('meta-ads-de.csv'), 'utf8').replace(/^\ufeff/, '').split('\n').slice(0, 20).join('\n');
    const file = tempFile('mixed.csv', `${ads}\n${meta}\n`);
    await expect(importSpendFile(handle.db, file)).rejects.toThrow(/starts as a Google Ads report but line 61 is the header of a Meta Ads Manager export.*nothing was imported/);
    const shopify = readFileSync(fixture('shopify-orders.csv'), 'utf8');
    const stripe = readFileSync(fixture('stripe-payments.csv'), 'utf8');
    await expect(importOrdersFile(handle.db, tempFile('orders.csv', shopify + stripe))).rejects.toThrow(/line 300 is the header of a Stripe payments export/);
    // Pulse's own layouts first, an export after: near the top it is the export's header with lines
    // above it that are no preamble; further down, a skipped line that is an export's header.
    const own = readFileSync(path.resolve('test/fixtures/orders-aliases.csv'), 'utf8').trimEnd();
    await expect(importOrdersFile(handle.db, tempFile('joined.csv', `${own}\n${shopify}`))).rejects.toThrow(/has lines of another layout from line 1, before the header of a Shopify orders export on line 12/);
    const ownLong = ['order_id,customer_id,date,qty,price', ...Array.from({ length: 60 }, (_, i) => `A${i},C${i % 7},2024-01-0${1 + (i % 9)},1,2.50`)].join('\n');
    await expect(importOrdersFile(handle.db, tempFile('joined-long.csv', `${ownLong}\n${shopify}`))).rejects.toThrow('line 62 is the header of a Shopify orders export, inside a file of another layout');
    const spendLong = ['week,channel,spend', ...Array.from({ length: 50 }, (_, i) => `2024-0${1 + (i % 9)}-01,ch${i % 3},${10 + i}`)].join('\n');
    const metaWhole = readFileSync(fixture('meta-ads-de.csv'), 'utf8').replace(/^\ufeff/, '');
    await expect(importSpendFile(handle.db, tempFile('joined-spend.csv', `${spendLong}\n${metaWhole}`))).rejects.toThrow('line 52 is the header of a Meta Ads Manager export');
    expect((await one<{ n: number }>('SELECT (SELECT count(*) FROM channel_spend) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM imports) AS n')).n).toBe(0);
  });

  it('refuses an export given as the wrong kind, and recognises one imported before', async () => {
    await expect(importOrdersFile(handle.db, fixture('google-ads.csv'))).rejects.toThrow('is a Google Ads report, which holds spend and KPIs: import it with `import spend`');
    await expect(importSpendFile(handle.db, fixture('stripe-payments.csv'))).rejects.toThrow('import it with `import orders`');
    await importSpendFile(handle.db, fixture('meta-ads-de.csv'));
    const again = await importSpendFile(handle.db, fixture('meta-ads-de.csv'));
    expect(again.alreadyImportedAt).not.toBeNull();
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM imports')).n).toBe(1);
  });
});

describe('values as exports write them', () => {
  it('reads amounts with thousands separators, currency signs, percentages, decimal commas and --', async () => {
    const { parseMoney, usesDecimalComma, parseExportDay } = await import('../../src/import/values.ts');
    expect(['15,000', '$3,200.00', '2.00%', '-12.5', '--', '', '1,234,567.8', '(4.50)', '12 €'].map((t) => parseMoney(t))).toEqual([15000, 3200, 2, -12.5, null, null, 1234567.8, -4.5, 12]);
    expect(['1.249,00', '49,90', '0,5', '1 234,56'].map((t) => parseMoney(t, true))).toEqual([1249, 49.9, 0.5, 1234.56]);
    expect(parseMoney('abc')).toBeNull();
    expect(usesDecimalComma(['12,50', '3'])).toBe(true);
    expect(usesDecimalComma(['15,000', '3.20'])).toBe(false);
    expect(['20251001', '2025-10-01', '01.10.2025', 'Oct 1, 2025', 'October 31, 2025', '2025-02-30', '10/01/2025'].map(parseExportDay)).toEqual([
      '2025-10-01', '2025-10-01', '2025-10-01', '2025-10-01', '2025-10-31', null, null,
    ]);
  });

  it('reads a channels.csv, and refuses one without pattern and channel columns', () => {
    expect(loadChannelMap(fixture('channels.csv'))).toEqual([{ pattern: 'Brand*', channel: 'search_brand' }, { pattern: '*YouTube*', channel: 'youtube' }]);
    expect(() => loadChannelMap(tempFile('map.csv', 'campaign,target\na,b\n'))).toThrow(/needs the columns pattern and channel/);
  });
});
