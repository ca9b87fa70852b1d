import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { RFM_SEGMENT_NAMES } from '../../src/ml/rfm-scores.ts';
import { type TestAppHandle } from '../support/app.ts';
import { completed, say, startBotApp } from '../support/bot.ts';

const startApp = () => startBotApp();

describe('segment command and job on demo data', () => {
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
    const customers = (await handle.app.repos.customerFeatures.customerCount());
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
    const sqlite = handle.app.database.sqlite;
    const reference = sqlite
      .prepare("SELECT customer_id AS id, monetary FROM segment_assignments WHERE run_id = ? AND segment = 'At risk' ORDER BY monetary DESC, customer_id LIMIT 5")
      .all(run.id) as Array<{ id: string; monetary: number }>;
    expect(reply.tables![0].rows.map((row) => row[0])).toEqual(reference.map((r) => r.id));
    const count = sqlite.prepare("SELECT count(*) AS n FROM segment_assignments WHERE run_id = ? AND segment = 'At risk'").get(run.id) as { n: number };
    expect(reply.text).toContain(`*At risk*: ${count.n.toLocaleString('en')} customers`);
    const stake = sqlite
      .prepare(
        `SELECT sum(o.amount) AS s FROM orders o JOIN segment_assignments a ON a.customer_id = o.customer_id
         WHERE a.run_id = ? AND a.segment = 'At risk' AND o.ordered_at >= ? AND o.ordered_at <= ?`,
      )
      .get(run.id, run.asOf - 365 * 86_400_000, run.asOf) as { s: number };
    expect(reply.text).toContain(`Revenue at stake:* ${Math.round(stake.s).toLocaleString('en')}`);
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
    expect(scored).toBe(await handle.app.repos.customerFeatures.customerCount());
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
    expect(lines).toHaveLength((await handle.app.repos.customerFeatures.customerCount()) + 1);
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
    const ukCustomers = (await handle.app.repos.customerFeatures.customerCount({ country: 'United Kingdom' }));
    expect(ukCustomers).toBeLessThan((await handle.app.repos.customerFeatures.customerCount()));
    expect((await handle.app.repos.segments.assignments(run.id))).toHaveLength(ukCustomers);
  }, 60_000);
});
