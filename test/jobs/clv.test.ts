import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clvCommand } from '../../commands/clv.ts';
import { helpCommand } from '../../commands/help.ts';
import { clvExportJob } from '../../jobs/clv-export.ts';
import { clvJob, type ClvJobData } from '../../jobs/clv.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { type TestAppHandle } from '../support/app.ts';
import { completed, finalUpdate, say, startBotApp } from '../support/bot.ts';
import { testDialect } from '../support/database.ts';
import { DAY, fixtureCustomers, START, type FixtureCustomer } from '../answers/clv/fixture.ts';

function startApp(env: Record<string, string> = {}) {
  return startBotApp(env, { intents: false, commands: new CommandRegistry([clvCommand, helpCommand]), jobs: createJobRegistry([clvJob, clvExportJob]) });
}

const final = finalUpdate;

async function latestTotals(handle: TestAppHandle): Promise<ClvJobData['totals']> {
  return (await handle.app.repos.clvRuns.latest())!.totals as ClvJobData['totals'];
}

function readCsv(file: string): string[][] {
  return parse(readFileSync(file, 'utf8'));
}

/** Orders in Online Retail's layout, one line per purchase day, written to a CSV file in the test's folder and imported. */
async function importCustomers(handle: TestAppHandle, customers: FixtureCustomer[], country = (c: FixtureCustomer) => (c.id.endsWith('7') ? 'France' : 'United Kingdom')): Promise<void> {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ['InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country'];
  let invoice = 1;
  for (const c of customers) {
    c.days.forEach((d, k) => lines.push([`${invoice++}`, quote(c.id), new Date(START + d * DAY + 10 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '), '1', c.amounts[k].toFixed(2), country(c)].join(',')));
  }
  const file = path.join(handle.dir, `orders-${Date.now()}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await importOrdersFile(handle.app.database.db, file);
}

describe(`clv command and job on demo data (${testDialect})`, () => {
  let handle: TestAppHandle;
  let updates: JobUpdate[];
  let reply: Reply;
  let ackText: string;
  /** Customers with a purchase: every customer the demo stores. */
  let buyers: number;
  beforeAll(async () => {
    ({ handle, updates } = await startApp({ CURRENCY: 'GBP' }));
    await seedDemo(handle.app.database.db, { seed: 42 });
    buyers = (await handle.app.database.db.get<{ n: number }>('SELECT count(DISTINCT customer_id) AS n FROM orders WHERE is_return = 0'))!.n;
    const ack = await say(handle, 'clv');
    ackText = ack.text;
    reply = completed(updates, ack.job!.id);
  }, 120_000);
  afterAll(async () => handle?.cleanup());

  it('acknowledges at once with what it will do', () => {
    expect(ackText).toMatch(/^Estimating churn risk and lifetime value of all customers for the next 90 days, as of the latest data \(28 Dec 2025\)/);
  });

  it('replies with the expected sections for a marketing manager', async () => {
    const text = reply.text;
    expect(text).toMatch(/^\*Churn risk and customer lifetime value\*: the next 90 days, as of 28 Dec 2025 \(the last purchase in the data\)/);
    expect(text).toContain(`Expected from today's ${buyers.toLocaleString('en-GB')} customers in the next 90 days`);
    expect(text).toMatch(/Expected from today's [\d,]+ customers in the next 90 days: \*[\d,]+ purchases\* and \*£[\d,]+\* of revenue\./);
    expect(text).toMatch(/Probably lost \(chance of still being active below 50 %\): \*[\d,]+ customers\* \([\d.]+ %\), who spent £[\d,]+ in the 12 months to 28 Dec 2025\./);
    expect(text).toMatch(/Bought only once: [\d,]+ customers\./);
    expect(text).toMatch(/How customers behave, per the model: while active, a typical customer buys about every \d+ days, and after each purchase about [\d.]+ % of them stop buying for good\./);
    expect(text).toMatch(/Seasonal adjustment: (applied|not applied)[,.]/);
    expect(text).toContain('`clv export`');
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    const table = reply.tables![0];
    expect(table.title).toMatch(/^Valuable customers at risk \(top 10 of [\d,]+ probably lost/);
    expect(table.columns).toEqual(['Customer', 'Country', 'Last purchase', 'Orders', 'Spend (GBP)', 'P(alive)', 'Expected revenue (GBP)']);
    expect(table.rows).toHaveLength(10);
    for (const row of table.rows) {
      expect(row[1]).not.toBe('–');
      expect(String(row[2])).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number(String(row[5]).replace(/[<>%\s]/g, ''))).toBeLessThan(50);
    }
    const chart = reply.charts![0];
    const png = readFileSync(chart.path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(chart.path).size).toBeLessThan(300_000);
    expect(updates.some((u) => u.status === 'progress' && /churn model/.test(u.note ?? ''))).toBe(true);
  });

  it('stores every customer of the run, and the totals are their sums', async () => {
    const run = (await handle.app.repos.clvRuns.latest())!;
    expect(run.customers).toBe(buyers);
    expect(run.horizonDays).toBe(90);
    let rows = 0;
    let clv = 0;
    let purchases = 0;
    for await (const page of handle.app.repos.clvRuns.customers(run.id, 1_000)) {
      rows += page.length;
      for (const row of page) {
        clv += row.clv;
        purchases += row.expectedPurchases;
      }
    }
    expect(rows).toBe(buyers);
    const totals = run.totals as ClvJobData['totals'];
    expect(clv).toBeCloseTo(totals.expectedRevenue, 4);
    expect(purchases).toBeCloseTo(totals.expectedPurchases, 6);
  });

  it('exports every customer of the latest run as CSV', async () => {
    const ack = await say(handle, 'clv export');
    expect(ack.text).toMatch(/^Exporting every customer's lifetime value from clv run \d+/);
    const exported = completed(updates, ack.job!.id);
    const file = exported.files![0];
    expect(file.mimeType).toBe('text/csv');
    const [header, ...rows] = readCsv(file.path);
    expect(header).toEqual(['customer_id', 'p_alive', 'expected_purchases', 'expected_order_value', 'clv']);
    expect(rows).toHaveLength(buyers);
    for (const row of rows) {
      const [p, purchases, value, clv] = row.slice(1).map(Number);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Number.isFinite(purchases) && Number.isFinite(value) && Number.isFinite(clv)).toBe(true);
    }
    const totals = await latestTotals(handle);
    const sum = rows.reduce((total, row) => total + Number(row[4]), 0);
    expect(Math.abs(sum - totals.expectedRevenue)).toBeLessThan(buyers * 0.005 + 1e-6); // cents rounding
  });

  it('churn (the alias) with country, top, horizon, as_of and discount', async () => {
    const ack = await say(handle, 'churn top=3 country=uk horizon=6m as_of=2025-06-30 discount=1%');
    expect(ack.job?.name).toBe('clv');
    expect(ack.text).toContain('customers in United Kingdom for the next 183 days, as of 30 Jun 2025');
    const result = completed(updates, ack.job!.id);
    expect(result.text).toMatch(/^\*Churn risk and customer lifetime value, United Kingdom\*: the next 183 days, as of 30 Jun 2025\n/);
    expect(result.text).toContain('(discounted at 1 % a month)');
    expect(result.text).toMatch(/Left out: [\d,]+ customers whose first purchase came after 30 Jun 2025/);
    expect(result.tables![0].rows).toHaveLength(3);
    expect(result.tables![0].rows.every((row) => row[1] === 'United Kingdom')).toBe(true);
    const run = (await handle.app.repos.clvRuns.latest())!;
    expect(run.params).toEqual({ horizonDays: 183, top: 3, country: 'United Kingdom', asOf: Date.parse('2025-06-30T00:00:00Z'), monthlyDiscountRate: 0.01 });
  }, 60_000);

  it.each([
    ['clv country=Atlantis', /no orders from "Atlantis".+include/],
    ['clv top=0', /top must be a whole number from 1 to 50, got "0"/],
    ['clv top=many', /top must be a whole number from 1 to 50/],
    ['clv horizon=abc', /horizon must be a number of days, weeks, months or years such as 90d, 12w, 6m, 1y, got "abc"/],
    ['clv horizon=5y', /horizon can be at most 3 years/],
    ['clv as_of=2020-01-01', /as_of 2020-01-01 is before the first order \(2024-01-01\): choose a date from 2024-01-01 to 2025-12-28/],
    ['clv as_of=2030-01-01', /as_of 2030-01-01 is after the last order \(2025-12-28\): the model would read the days without data as days without purchases/],
    ['clv as_of=yesterday', /as_of must be a date like 2011-06-30/],
    ['clv discount=5', /discount is a monthly rate written as a percentage, e.g. discount=1%/],
    ['clv discount=50%', /discount can be at most 20% a month/],
    ['clv colour=red', /unknown option "colour"/],
    ['clv everything', /the only word clv takes is "export"/],
    ['clv export top=3', /clv export takes no options/],
  ])('%s is refused with usage and nothing is queued', async (text, message) => {
    const before = (await handle.app.repos.jobRuns.latest({ kind: 'clv' })).length;
    const refused = await say(handle, text);
    expect(refused).toMatchObject({ isError: true });
    expect(refused.text).toMatch(message);
    expect(refused.text).toContain('Usage: clv');
    expect(await handle.app.repos.jobRuns.latest({ kind: 'clv' })).toHaveLength(before);
  });

  it('keeps every customer of the newest 3 runs only', async () => {
    const first = (await handle.app.repos.clvRuns.get(1))!;
    for (const text of ['clv horizon=7d top=1', 'clv horizon=14d top=1']) completed(updates, (await say(handle, text)).job!.id);
    const latest = (await handle.app.repos.clvRuns.latest())!;
    expect(latest.id).toBe(first.id + 3);
    expect(await handle.app.repos.clvRuns.hasCustomers(first.id)).toBe(false);
    expect(await handle.app.repos.clvRuns.get(first.id)).toBeDefined(); // the headline figures stay
    for (const id of [latest.id - 2, latest.id - 1, latest.id]) expect(await handle.app.repos.clvRuns.hasCustomers(id)).toBe(true);
    const count = (await handle.app.database.db.get<{ n: number }>('SELECT count(*) AS n FROM clv_customers'))!;
    const ukRun = (await handle.app.repos.clvRuns.get(first.id + 1))!; // churn … country=uk as_of=2025-06-30
    expect(count.n).toBe(ukRun.customers + 2 * buyers);
  }, 60_000);

  it('help lists clv with its examples', async () => {
    const help = await say(handle, 'help clv');
    expect(help.text).toContain('Churn risk and customer lifetime value');
    const examples = (help.tables ?? []).flatMap((table) => table.rows.flat().map(String));
    expect(examples).toContain('clv horizon=6m top=20');
  });
});

describe('clv on crafted and odd data', () => {
  let handle: TestAppHandle;
  let updates: JobUpdate[];
  beforeAll(async () => ({ handle, updates } = await startApp()));
  afterAll(async () => handle?.cleanup());

  it('before any order: says to import orders, queues nothing', async () => {
    for (const text of ['clv', 'clv export']) {
      const refused = await say(handle, text);
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain('import orders first');
    }
    expect(await handle.app.repos.jobRuns.latest()).toEqual([]);
  });

  it('everyone bought once: the job says why there is no model, in plain words', async () => {
    await importCustomers(
      handle,
      Array.from({ length: 40 }, (_, c) => ({ id: `ONCE${c}`, days: [c * 5], amounts: [25] })),
      () => 'United Kingdom',
    );
    const refusedExport = await say(handle, 'clv export');
    expect(refusedExport.text).toContain('There is no clv run to export yet: run `clv` first.');
    const ack = await say(handle, 'clv');
    const update = final(updates, ack.job!.id);
    expect(update.status).toBe('failed');
    expect(update.status === 'failed' && update.error).toMatch(
      /None of the 40 customers bought more than once by 14 Jul 2024 \(on different days\)\. The model learns how often customers come back, and when they stop, from repeat purchases/,
    );
    expect(update.status === 'failed' && update.error).not.toMatch(/NaN/);
  });

  it('a clearly lost and a clearly active customer; customer ids that look like formulas are neutralised in the export', async () => {
    const customers = fixtureCustomers(300, 11);
    customers[0].id = '=HYPERLINK("http://evil.example","click me")';
    customers[1].id = '+1';
    customers[2].id = '-42';
    await importCustomers(handle, customers);
    // The fixture's customers keep buying after 30 Dec 2024 (day 364), ACTIVE does not: as of then, ACTIVE is active.
    const ack = await say(handle, 'clv top=5 as_of=2024-12-30');
    const result = completed(updates, ack.job!.id);
    expect(result.text).not.toContain('Left out'); // every first purchase is on or before day 250
    const table = result.tables![0];
    expect(table.rows[0][0]).toBe('LOST');
    expect(table.rows[0][1]).toBe('United Kingdom');
    expect(table.rows.map((row) => row[0])).not.toContain('ACTIVE');

    const exportAck = await say(handle, 'clv export');
    const file = completed(updates, exportAck.job!.id).files![0];
    const rows = readCsv(file.path).slice(1);
    const byId = new Map(rows.map((row) => [row[0], row]));
    expect(byId.has(`'=HYPERLINK("http://evil.example","click me")`)).toBe(true);
    expect(byId.has(`'+1`)).toBe(true);
    expect(byId.has(`'-42`)).toBe(true);
    expect([...byId.keys()].some((id) => /^[=+\-@\t\r]/.test(id))).toBe(false);
    expect(Number(byId.get('LOST')![1])).toBeLessThan(0.05);
    expect(Number(byId.get('ACTIVE')![1])).toBeGreaterThan(0.9);
    expect(rows.every((row) => row.slice(1).every((cell) => /^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell)))).toBe(true);
    expect(rows).toHaveLength(300 + 2 + 40);
  }, 60_000);
});
