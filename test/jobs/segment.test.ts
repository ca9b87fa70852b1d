import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { RFM_SEGMENT_NAMES } from '../../src/ml/rfm-scores.ts';
import type { FeatureFilter } from '../../src/repos/customer-features.ts';
import { insertOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';
import { type TestAppHandle } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { completed, say, startBotApp } from '../support/bot.ts';

const startApp = () => startBotApp();

/** Customers a segmentation covers: those with a purchase and a positive value net of returns. */
const segmentable = async (handle: TestAppHandle, filter: FeatureFilter = {}) => (await handle.app.repos.customerFeatures.features(filter)).customers.length;

describe(`segment command and job on demo data (${testDialect})`, () => {
  let handle: TestAppHandle;
  let updates: JobUpdate[];
  beforeAll(async () => {
    ({ handle, updates } = await startApp());
    await seedDemo(handle.app.database.db, { seed: 42 });
  }, 60_000);
  afterAll(async () => handle?.cleanup());

  it('names unique segments whose shares sum to 1, draws a chart and stores the run', async () => {
    const ack = await say(handle, 'segment');
    const reply = completed(updates, ack.job!.id);
    const run = (await handle.app.repos.segments.latest())!;
    const segments = run.segments as Array<{ name: string; customerShare: number; revenueShare: number }>;
    const names = segments.map((s) => s.name);
    expect(new Set(names).size).toBe(run.k);
    expect(segments.reduce((sum, s) => sum + s.customerShare, 0)).toBeCloseTo(1, 9);
    expect(segments.reduce((sum, s) => sum + s.revenueShare, 0)).toBeCloseTo(1, 9);
    const customers = await segmentable(handle);
    expect((await handle.app.repos.segments.assignments(run.id))).toHaveLength(customers);
    expect(names.every((name) => (RFM_SEGMENT_NAMES as readonly string[]).includes(name))).toBe(true);
    expect(run.k).toBeGreaterThanOrEqual(6);
    const png = readFileSync(reply.charts![0].path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(reply.text).toContain(`${run.k} segments`);
    expect(reply.text).toMatch(/RFM scores/);
    expect(reply.tables![0].rows.map((row) => row[0])).toEqual(names);
    expect(updates.some((u) => u.jobId === ack.job!.id && u.status === 'progress')).toBe(true);
  }, 60_000);

  it('gives every customer the same name on a second run of the same data', async () => {
    const first = (await handle.app.repos.segments.latest())!;
    const ack = await say(handle, 'segment');
    completed(updates, ack.job!.id);
    const second = (await handle.app.repos.segments.latest())!;
    expect(second.id).toBeGreaterThan(first.id);
    const byCustomer = (rows: Array<{ customerId: string; segment: string }>) => new Map(rows.map((r) => [r.customerId, r.segment]));
    expect(byCustomer(await handle.app.repos.segments.assignments(second.id))).toEqual(byCustomer(await handle.app.repos.segments.assignments(first.id)));
  }, 60_000);

  it('shows who is in a segment, with figures equal to an independent SQL reference', async () => {
    const run = (await handle.app.repos.segments.latest())!;
    const ack = await say(handle, 'segment show at risk top=5');
    const reply = completed(updates, ack.job!.id);
    const db = handle.app.database.db;
    const reference = await db.all<{ id: string; monetary: number }>(
      "SELECT customer_id AS id, monetary FROM segment_assignments WHERE run_id = ? AND segment = 'At risk' ORDER BY monetary DESC, customer_id LIMIT 5",
      [run.id],
    );
    expect(reply.tables![0].rows.map((row) => row[0])).toEqual(reference.map((r) => r.id));
    const count = (await db.get<{ n: number }>("SELECT count(*) AS n FROM segment_assignments WHERE run_id = ? AND segment = 'At risk'", [run.id]))!;
    expect(reply.text).toContain(`*At risk*: ${count.n.toLocaleString('en')} customers`);
    const stake = (await db.get<{ s: number }>(
      `SELECT sum(o.amount) AS s FROM orders o JOIN segment_assignments a ON a.customer_id = o.customer_id
       WHERE a.run_id = ? AND a.segment = 'At risk' AND o.ordered_at >= ? AND o.ordered_at <= ?`,
      [run.id, run.asOf - 365 * 86_400_000, run.asOf],
    ))!;
    expect(reply.text).toContain(`Revenue at stake:* ${Math.round(stake.s).toLocaleString('en')}`);
  });

  it("names each segment's best sellers of the last 12 months (or before, for segments that bought nothing since) in its action, equal to an SQL reference", async () => {
    const run = (await handle.app.repos.segments.latest())!;
    const reference = (since: number) =>
      handle.app.database.db.all<{ segment: string; name: string; revenue: number }>(
        `SELECT a.segment, p.name, sum(o.amount) AS revenue FROM segment_assignments a
         JOIN orders o ON o.customer_id = a.customer_id JOIN products p ON p.code = o.product_code
         WHERE a.run_id = ? AND o.ordered_at >= ? AND o.ordered_at <= ?
         GROUP BY a.segment, p.code, p.name HAVING sum(o.amount) > 0 ORDER BY a.segment, revenue DESC, p.code`,
        [run.id, since, run.asOf],
      );
    const lastYear = await reference(run.asOf - 365 * 86_400_000);
    const allTime = await reference(0);
    const segments = run.segments as Array<{ name: string; action: string; topProductsSince: string; topProducts: Array<{ name: string; revenue: number }> }>;
    for (const segment of segments) {
      const inYear = lastYear.filter((r) => r.segment === segment.name);
      expect(segment.topProductsSince, segment.name).toBe(inYear.length ? 'year' : 'all');
      const expected = (inYear.length ? inYear : allTime.filter((r) => r.segment === segment.name)).slice(0, 3);
      expect(segment.topProducts.map((p) => p.name), segment.name).toEqual(expected.map((r) => r.name));
      segment.topProducts.forEach((p, i) => expect(p.revenue).toBeCloseTo(expected[i].revenue, 2));
      expect(segment.action).toContain(`Feature what they buy most: ${expected[0].name}, ${expected[1].name} and ${expected[2].name}.`);
    }
    expect(segments.some((s) => s.topProductsSince === 'all'), 'the lost bought nothing in the last year').toBe(true);
    const reply = completed(updates, (await say(handle, 'segment show champions')).job!.id);
    expect(reply.text).toContain('*What they buy most* (the 12 months to');
    expect(reply.text).toContain(segments.find((s) => s.name === 'Champions')!.topProducts[0].name);
  });

  it('refuses an unknown segment name, listing the valid ones, and queues nothing', async () => {
    const reply = await say(handle, 'segment show big spenders');
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain('there is no segment called "big spenders"');
    expect(reply.text).toContain("Can't lose them");
    expect((await say(handle, 'segment show at risk top=0')).isError).toBe(true);
  });

  it('exports one segment of the latest run without running again', async () => {
    const runs = (await handle.app.repos.segments.latest())!.id;
    const ack = await say(handle, 'segment export champions');
    const reply = completed(updates, ack.job!.id);
    const lines = readFileSync(reply.files![0].path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer,segment,recency_days,frequency,monetary');
    expect(lines.slice(1).every((line) => line.split(',')[1] === 'Champions')).toBe(true);
    expect((await handle.app.repos.segments.latest())!.id).toBe(runs);
  });

  it('adds each segment\'s churn risk and expected revenue once a clv run exists', async () => {
    const before = completed(updates, (await say(handle, 'segment')).job!.id);
    expect(before.text).toContain('Run `clv` to add');
    completed(updates, (await say(handle, 'clv')).job!.id);
    const after = completed(updates, (await say(handle, 'segment')).job!.id);
    const table = after.tables!.find((t) => t.title?.startsWith('Churn risk and expected revenue'))!;
    expect(table.rows.map((row) => row[0])).toEqual(after.tables![0].rows.map((row) => row[0]));
    const scored = table.rows.reduce((sum, row) => sum + Number(String(row[1]).replace(/,/g, '')), 0);
    expect(scored).toBe(await segmentable(handle));
    expect(table.rows.every((row) => /^\d+\.\d %$/.test(String(row[2])))).toBe(true);
  }, 120_000);

  it('reports what changed since the previous comparable run', async () => {
    const reference = (await handle.app.repos.segments.latest())!.asOf;
    await say(handle, `segment as_of=${new Date(reference - 120 * 86_400_000).toISOString().slice(0, 10)}`);
    const ack = await say(handle, 'segment');
    const reply = completed(updates, ack.job!.id);
    expect(reply.text).toContain('Since the last comparable run');
    expect(reply.text).toMatch(/customers? moved .+ → .+|grew|shrank|appeared|disappeared/);
  }, 60_000);

  it('exports the latest run as CSV', async () => {
    const ack = await say(handle, 'segment export');
    const reply = completed(updates, ack.job!.id);
    const file = reply.files![0];
    expect(file.mimeType).toBe('text/csv');
    const lines = readFileSync(file.path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer,segment,recency_days,frequency,monetary');
    expect(lines).toHaveLength((await segmentable(handle)) + 1);
  });

  it.each([
    ['segment k=1', /k must be a whole number from 2 to 8/],
    ['segment k=abc', /k must be a whole number from 2 to 8/],
    ['segment country=Atlantis', /no orders from "Atlantis".+include/],
    ['segment since=yesterday', /since must be a date/],
    ['segment colour=red', /unknown option "colour"/],
  ])('%s is refused with usage and nothing is queued', async (text, message) => {
    const before = (await handle.app.repos.jobRuns.latest({ kind: 'segment' })).length;
    const reply = await say(handle, text);
    expect(reply).toMatchObject({ isError: true });
    expect(reply.text).toMatch(message);
    expect(reply.text).toContain('Usage: segment');
    expect((await handle.app.repos.jobRuns.latest({ kind: 'segment' }))).toHaveLength(before);
  });
});

describe('segment value is net of returns, and the reply explains who is counted', () => {
  let handle: TestAppHandle;
  let updates: JobUpdate[];
  beforeAll(async () => {
    ({ handle, updates } = await startApp());
    const lines: CraftedOrderLine[] = [];
    for (let i = 0; i < 24; i++) {
      for (let n = 0; n <= i % 4; n++) lines.push({ invoice: `I${i}-${n}`, customerId: `c${i}`, at: `2024-0${1 + n}-1${i % 9}`, amount: 10 + i, product: i % 2 ? 'MUG' : 'POSTAGE' });
    }
    // Bought £5,000 and sent it all back; and a customer with nothing but a return.
    lines.push({ invoice: 'B1', customerId: 'big-returner', at: '2024-03-01', amount: 5_000, product: 'MUG' });
    lines.push({ invoice: 'CB1', customerId: 'big-returner', at: '2024-03-02', amount: -5_000, isReturn: true, product: 'MUG' });
    lines.push({ invoice: 'C9', customerId: 'only-returns', at: '2024-03-03', amount: -20, isReturn: true });
    await insertOrders(handle.app.database.db, lines);
  }, 60_000);
  afterAll(async () => handle?.cleanup());

  it('leaves out customers whose returns cancel their purchases, names them, and says why counts differ', async () => {
    const reply = completed(updates, (await say(handle, 'segment')).job!.id);
    const run = (await handle.app.repos.segments.latest())!;
    const assigned = await handle.app.repos.segments.assignments(run.id);
    expect(assigned).toHaveLength(24);
    expect(assigned.some((a) => a.customerId === 'big-returner')).toBe(false);
    expect(reply.text).toContain('Of the 26 customers imported, 25 bought something; the other 1 have only returns or zero-value lines.');
    expect(reply.text).toContain('1 customer whose returns cancel their purchases (net zero or less) is left out of the segments, e.g. big-returner (bought 5,000, net 0.00).');
    expect(reply.text).toContain('24 customers are segmented.');
    // Postage is billed as a product here, but never offered.
    const segments = run.segments as Array<{ action: string; topProducts: Array<{ name: string }> }>;
    expect(segments.flatMap((s) => s.topProducts.map((p) => p.name))).toContain('Mug');
    expect(segments.every((s) => s.topProducts.every((p) => p.name === 'Mug'))).toBe(true);
  }, 60_000);
});

describe('segment without order data', () => {
  let handle: TestAppHandle;
  beforeAll(async () => ({ handle } = await startApp()));
  afterAll(async () => handle?.cleanup());

  it.each(['segment', 'segment k=4', 'segment export'])('%s says to import orders first and queues nothing', async (text) => {
    const reply = await say(handle, text);
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain('import orders first: pulse import orders FILE, or pulse seed --demo');
    expect((await handle.app.repos.jobRuns.latest())).toEqual([]);
  });

  it('accepts UK for United Kingdom once there is data, and segments that country only', async () => {
    await seedDemo(handle.app.database.db, { seed: 7 });
    const ack = await say(handle, 'segment country=uk k=2');
    expect(ack.job?.name).toBe('segment');
    const run = (await handle.app.repos.segments.latest())!;
    expect(run.params).toEqual({ method: 'kmeans', k: 2, country: 'United Kingdom' });
    const ukCustomers = await segmentable(handle, { country: 'United Kingdom' });
    expect(ukCustomers).toBeLessThan(await segmentable(handle));
    expect((await handle.app.repos.segments.assignments(run.id))).toHaveLength(ukCustomers);
  }, 60_000);
});
