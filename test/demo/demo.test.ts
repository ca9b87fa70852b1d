import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHANNELS, CUSTOMER_COUNT, DEMO_CHANNELS, DEMO_END, DEMO_START, DEMO_WEEKS, baselineRevenue, generateDemoMedia, generateDemoOrders, seedDemo,
} from '../../src/demo/index.ts';
import { DEMO_ANOMALY, DEMO_END_MS, PRODUCTS } from '../../src/demo/params.ts';
import { steadyStateEffect } from '../../src/ml/mmm/response.ts';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { SalesRepository } from '../../src/repos/sales.ts';
import { column, openTestDatabase, scalar, testDialect, type TestDatabase } from '../support/database.ts';

describe('demo generators', () => {
  const orders = generateDemoOrders(42);
  const media = generateDemoMedia(42);

  it('are deterministic for a seed and differ between seeds', () => {
    expect(generateDemoOrders(42)).toEqual(orders);
    expect(generateDemoMedia(42)).toEqual(media);
    expect(generateDemoOrders(7).orderLines.length).not.toBe(orders.orderLines.length);
  });

  it('give about 5,000 customers over two years, in several countries, with returns', () => {
    const { customers, orderLines } = orders;
    expect(customers.length).toBeGreaterThan(CUSTOMER_COUNT * 0.98);
    const days = orderLines.map((l) => new Date(l.orderedAt).toISOString().slice(0, 10));
    expect(days[0] >= DEMO_START && days[0] <= '2024-01-03').toBe(true);
    expect(days.at(-1)! <= DEMO_END && days.at(-1)! >= '2025-12-20').toBe(true);
    const countries = new Map<string, number>();
    for (const c of customers) countries.set(c.country, (countries.get(c.country) ?? 0) + 1);
    expect(countries.size).toBe(5);
    expect(Math.max(...countries.values())).toBe(countries.get('United Kingdom'));
    const returns = orderLines.filter((l) => l.isReturn);
    expect(returns.length).toBeGreaterThan(0);
    expect(returns.every((l) => l.invoice.startsWith('C') && l.quantity < 0 && l.amount < 0)).toBe(true);
  });

  it('mixes one-off buyers with frequent ones', () => {
    const invoicesPerCustomer = new Map<string, Set<string>>();
    for (const l of orders.orderLines) (invoicesPerCustomer.get(l.customerId) ?? invoicesPerCustomer.set(l.customerId, new Set()).get(l.customerId)!).add(l.invoice);
    const counts = [...invoicesPerCustomer.values()].map((s) => s.size);
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.2);
    expect(counts.filter((n) => n >= 10).length / counts.length).toBeGreaterThan(0.1);
  });

  it('sells more in the second year and in November than in May', () => {
    const revenue = (from: string, to: string) =>
      orders.orderLines.filter((l) => { const d = new Date(l.orderedAt).toISOString(); return d >= from && d < to; }).reduce((s, l) => s + l.amount, 0);
    expect(revenue('2025-01-01', '2026-01-01')).toBeGreaterThan(revenue('2024-01-01', '2025-01-01'));
    expect(revenue('2025-11-01', '2025-12-01')).toBeGreaterThan(1.3 * revenue('2025-05-01', '2025-06-01'));
  });

  it('sell a catalogue whose best sellers lead, and products that some kinds of customers prefer', () => {
    const lines = orders.orderLines.filter((l) => !l.isReturn);
    const units = new Map<string, number>();
    for (const l of lines) units.set(l.productCode, (units.get(l.productCode) ?? 0) + 1);
    expect(units.size).toBe(PRODUCTS.length);
    expect(units.get(PRODUCTS[0].code)!).toBeGreaterThan(3 * units.get(PRODUCTS[20].code)!);
    const kindOf = new Map(orders.customers.map((c) => [c.id, c.kind]));
    const premiumShare = (kind: string) => {
      const own = lines.filter((l) => kindOf.get(l.customerId) === kind);
      const premium = new Set(PRODUCTS.filter((p) => p.tags?.includes('premium')).map((p) => p.code));
      return own.filter((l) => premium.has(l.productCode)).length / own.length;
    };
    expect(premiumShare('bigSpender')).toBeGreaterThan(2 * premiumShare('regular'));
    const returned = orders.orderLines.filter((l) => l.isReturn);
    expect(returned.every((l) => PRODUCTS.some((p) => p.code === l.productCode))).toBe(true);
  });

  it('drop in their last weeks (the known anomaly), after a normal stretch', () => {
    const week = 7 * 86_400_000;
    const dropFrom = DEMO_END_MS - DEMO_ANOMALY.days * 86_400_000;
    const invoices = (from: number, to: number) => new Set(orders.orderLines.filter((l) => !l.isReturn && l.orderedAt >= from && l.orderedAt < to).map((l) => l.invoice)).size;
    const during = invoices(dropFrom, DEMO_END_MS) / 2;
    // The four weeks before the drop are the expected level; the four before those are as high (a normal stretch).
    const before = invoices(dropFrom - 4 * week, dropFrom) / 4;
    expect(during / before).toBeLessThan(0.75);
    expect(invoices(dropFrom - 8 * week, dropFrom - 4 * week) / 4 / before).toBeGreaterThan(0.8);
  });

  it('give varied weekly spend on five channels, and revenue = baseline + channel effects + small noise', () => {
    expect(media.weeks).toHaveLength(DEMO_WEEKS);
    expect(media.weeks[0]).toBe(DEMO_START);
    for (const channel of DEMO_CHANNELS) {
      const spend = media.spend[channel];
      const mean = spend.reduce((a, b) => a + b, 0) / spend.length;
      const sd = Math.sqrt(spend.reduce((a, b) => a + (b - mean) ** 2, 0) / spend.length);
      expect(sd / mean, channel).toBeGreaterThan(0.15);
    }
    const residuals = media.revenue.map((r, w) => r - baselineRevenue(w) - DEMO_CHANNELS.reduce((s, c) => s + media.effects[c][w], 0));
    expect(Math.max(...residuals.map(Math.abs))).toBeLessThan(20_000);
    const tvAtMeanSpend = steadyStateEffect(CHANNELS.tv.plan.meanSpend, CHANNELS.tv.response);
    expect(tvAtMeanSpend).toBeGreaterThan(0.1 * CHANNELS.tv.response.beta);
    expect(tvAtMeanSpend).toBeLessThan(0.9 * CHANNELS.tv.response.beta);
  });
});

/** Counts and sums of the order lines (the sum rounded to the cent on either back end). */
const AGGREGATES = 'SELECT count(*) AS n, round(CAST(sum(amount) AS numeric), 2) AS total, sum(is_return) AS returns FROM orders';

describe(`seedDemo (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());

  it('writes the generated data through the repositories, and a second seeding is a no-op', async () => {
    const first = await seedDemo(handle.db);
    const sales = new SalesRepository(handle.db);
    const marketing = new MarketingRepository(handle.db);
    expect(first.alreadySeeded).toBe(false);
    expect([await sales.countCustomers(), await sales.countOrderLines(), await sales.countInvoices()]).toEqual([first.customers, first.orderLines, first.invoices]);
    expect((await marketing.listChannels())).toEqual([...DEMO_CHANNELS].sort());
    expect((await marketing.listMetrics())).toEqual(['revenue']);
    expect((await marketing.countKpiRows())).toBe(DEMO_WEEKS);
    const aggregates = await handle.db.get(AGGREGATES);

    const second = await seedDemo(handle.db);
    expect(second).toEqual({ ...first, alreadySeeded: true });
    expect(await handle.db.get(AGGREGATES)).toEqual(aggregates);
    expect((await marketing.countSpendRows())).toBe(DEMO_WEEKS * DEMO_CHANNELS.length);
    const imports = await handle.db.all('SELECT kind, file_name AS "fileName" FROM imports ORDER BY id');
    expect(imports).toEqual([{ kind: 'orders', fileName: 'demo:seed=42' }, { kind: 'spend', fileName: 'demo:seed=42' }]);
  });

  it('can end the day before a given time, moved by whole weeks, with its products', async () => {
    const endBefore = Date.UTC(2026, 11, 2, 0, 0); // a Wednesday
    const summary = await seedDemo(handle.db, { endBefore });
    expect(summary.lastOrderAt.slice(0, 10)).toBe('2026-12-01');
    const weeks = await handle.db.get('SELECT min(period_start) AS first, max(period_start) AS last FROM channel_spend');
    expect(weeks).toEqual({ first: expect.any(String), last: '2026-11-23' });
    // Whole weeks: the first week still starts on a Monday.
    expect(new Date(`${(weeks as { first: string }).first}T00:00:00Z`).getUTCDay()).toBe(1);
    const unmoved = generateDemoOrders(42).orderLines;
    const shift = Date.parse('2026-11-30') - Date.parse('2025-12-22');
    expect(await scalar(handle.db, 'SELECT min(ordered_at) AS t FROM orders')).toBe(unmoved[0].orderedAt + shift);
    expect(await scalar(handle.db, 'SELECT count(*) FROM orders WHERE product_code IS NULL')).toBe(0);
    expect(await scalar(handle.db, 'SELECT count(*) FROM products')).toBe(PRODUCTS.length);
    expect(await scalar(handle.db, 'SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)')).toBe(0);
  });

  it('gives the same rows for the same seed in another database', async () => {
    await seedDemo(handle.db, { seed: 3 });
    const other = await openTestDatabase();
    try {
      await seedDemo(other.db, { seed: 3 });
      const digest = async (h: TestDatabase) => ({
        ...(await h.db.get<Record<string, unknown>>('SELECT count(*) AS n, sum(ordered_at % 1000003) AS t, round(CAST(sum(amount) AS numeric), 2) AS a FROM orders')),
        countries: await column(h.db, 'SELECT DISTINCT country FROM orders ORDER BY country'),
      });
      expect(await digest(other)).toEqual(await digest(handle));
    } finally {
      await other.close();
    }
  });
});
