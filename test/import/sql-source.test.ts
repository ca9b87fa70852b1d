import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { formatImportReport } from '../../src/import/index.ts';
import { importFromSql } from '../../src/import/sql-source.ts';
import type { OrdersImportReport, SpendImportReport } from '../../src/import/types.ts';
import { startBotApp, say, completed } from '../support/bot.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';

// The PostgreSQL every developer and CI machine runs (user postgres, trust auth). Each run works in
// a database of its own, dropped afterwards.
const SERVER = process.env.PULSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `pulse_sql_source_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const u = new URL(SERVER);
  u.pathname = `/${database}`;
  return u.toString();
})();

async function onServer<T>(connection: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Order lines written to PostgreSQL, and the totals they must import to (computed here, from these values). */
const lines = Array.from({ length: 240 }, (_, i) => ({
  invoice: i % 40 === 39 ? `C${5000 + Math.floor(i / 3)}` : String(5000 + Math.floor(i / 3)),
  customer: i % 17 === 0 ? null : `cust-${(i * 7) % 31}`,
  at: new Date(Date.UTC(2025, 0, 1 + (i % 60), 9 + (i % 8), 30)),
  quantity: i % 40 === 39 ? -1 : 1 + (i % 4),
  price: Math.round((2.5 + (i % 9) * 1.25) * 100) / 100,
  country: i % 5 === 0 ? 'France' : 'United Kingdom',
}));
const kept = lines.filter((l) => l.customer !== null);
const cents = (x: number) => Math.round(x * 100) / 100;
const expectedRevenue = cents(kept.reduce((s, l) => s + l.quantity * l.price, 0));

describe('import from a PostgreSQL query', () => {
  let handle: SqliteHandle;
  beforeAll(async () => {
    await onServer(SERVER, (c) => c.query(`CREATE DATABASE ${database}`));
    await onServer(url, async (c) => {
      await c.query('CREATE TABLE shop_orders (invoice_no text, customer text, ordered timestamptz, qty integer, unit_price numeric(10,2), country text)');
      await c.query('CREATE TABLE ad_spend (week date, channel text, cost numeric(12,2), impressions bigint)');
      for (const l of lines) await c.query('INSERT INTO shop_orders VALUES ($1, $2, $3, $4, $5, $6)', [l.invoice, l.customer, l.at, l.quantity, l.price, l.country]);
      await c.query("INSERT INTO ad_spend VALUES ('2025-01-06', 'search', 1200.50, 50000), ('2025-01-06', 'tv', 3000, NULL), ('2025-01-13', 'search', 999.99, 42000)");
    });
  });
  afterAll(async () => {
    await onServer(SERVER, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });
  beforeEach(() => {
    handle = openDatabase(':memory:');
  });
  afterEach(() => handle.close());

  const ORDERS_QUERY = 'SELECT invoice_no AS "InvoiceNo", customer AS "CustomerID", ordered AS "InvoiceDate", qty AS "Quantity", unit_price AS "UnitPrice", country AS "Country" FROM shop_orders ORDER BY ordered, invoice_no';
  const totals = () =>
    handle.sqlite.prepare('SELECT count(*) AS lines, round(sum(amount), 2) AS revenue, sum(is_return) AS returns, count(DISTINCT customer_id) AS customers FROM orders').get();

  it('maps the columns of the result like a CSV file\'s, and times with their zone to UTC', async () => {
    const report = (await importFromSql(handle.db, 'orders', { url, query: ORDERS_QUERY })) as OrdersImportReport;
    expect(report).toMatchObject({ fileName: 'postgres query', linesRead: lines.length, imported: kept.length, returns: kept.filter((l) => l.quantity < 0).length });
    expect(report.skipped['no customer']?.count).toBe(lines.length - kept.length);
    expect(totals()).toEqual({ lines: kept.length, revenue: expectedRevenue, returns: kept.filter((l) => l.quantity < 0).length, customers: new Set(kept.map((l) => l.customer)).size });
    const first = handle.sqlite.prepare('SELECT min(ordered_at) AS t FROM orders').get() as { t: number };
    expect(first.t).toBe(Math.min(...kept.map((l) => l.at.getTime())));
  });

  it('imports spend with --map, keeping dates as written', async () => {
    const report = (await importFromSql(handle.db, 'spend', { url, query: 'SELECT week, channel, cost, impressions FROM ad_spend ORDER BY week, channel' }, { map: { spend: 'cost' } })) as SpendImportReport;
    expect(report).toMatchObject({ layout: 'long', imported: 3, channels: ['search', 'tv'], firstPeriod: '2025-01-06', lastPeriod: '2025-01-13' });
    expect(handle.sqlite.prepare('SELECT round(sum(spend), 2) AS s FROM channel_spend').get()).toEqual({ s: 5200.49 });
  });

  it('runs read-only and one statement only: a write or a second statement is refused, nothing changes', async () => {
    await expect(importFromSql(handle.db, 'orders', { url, query: 'DELETE FROM shop_orders RETURNING *' })).rejects.toThrow(/read-only transaction.*nothing was imported/);
    await expect(importFromSql(handle.db, 'orders', { url, query: `${ORDERS_QUERY}; COMMIT; DELETE FROM shop_orders` })).rejects.toThrow(/cannot insert multiple commands into a prepared statement/);
    await expect(importFromSql(handle.db, 'orders', { url, query: 'SELECT nothing FROM nowhere' })).rejects.toThrow(/relation "nowhere" does not exist/);
    const left = await onServer(url, (c) => c.query('SELECT count(*)::int AS n FROM shop_orders'));
    expect(left.rows[0].n).toBe(lines.length);
    expect(handle.sqlite.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
  });

  it('says what is wrong with a URL that does not connect, without its password', async () => {
    const bad = SERVER.replace(/\/\/[^@]*@/, '//postgres:secret@').replace(/:\d+\//, ':1/');
    const error = await importFromSql(handle.db, 'orders', { url: bad, query: 'SELECT 1' }).catch((err: Error) => err);
    expect(String(error)).toMatch(/Cannot connect to .*Check the URL/);
    expect(String(error)).not.toContain('secret');
  });

  it('a named source replaces what its previous run imported; an unchanged result changes nothing', async () => {
    const source = { name: 'shop', url, query: ORDERS_QUERY };
    const first = await importFromSql(handle.db, 'orders', source);
    expect(first.fileName).toBe('shop (postgres)');
    const again = await importFromSql(handle.db, 'orders', source);
    expect(again.alreadyImportedAt).not.toBeNull();
    await onServer(url, (c) => c.query("INSERT INTO shop_orders VALUES ('9999', 'cust-new', '2025-03-10 10:00+00', 2, 10.00, 'Germany')"));
    try {
      const third = await importFromSql(handle.db, 'orders', source);
      expect(third.imported).toBe(kept.length + 1);
      expect(formatImportReport(third)).toContain(`Replaces what this source imported before (import #${first.importId})`);
      expect(totals()).toMatchObject({ lines: kept.length + 1, revenue: cents(expectedRevenue + 20) });
      expect(handle.sqlite.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 1 });
    } finally {
      await onServer(url, (c) => c.query("DELETE FROM shop_orders WHERE invoice_no = '9999'"));
    }
  });
});

describe('a named source through the import command, the job and a schedule', () => {
  let app: Awaited<ReturnType<typeof startBotApp>>;
  const admin = { adapter: 'test', channelId: 'C1', userId: 'UADMIN' };
  beforeAll(async () => {
    await onServer(SERVER, (c) => c.query(`CREATE DATABASE ${database}_bot`));
    await onServer(url.replace(database, `${database}_bot`), async (c) => {
      await c.query('CREATE TABLE payments (id text, "Created date (UTC)" timestamp, "Amount" text, "Status" text, "Customer Email" text)');
      await c.query("INSERT INTO payments VALUES ('ch_1', '2025-05-01 10:00', '10.50', 'Paid', 'a@x.org'), ('ch_2', '2025-05-02 11:00', '99.00', 'Failed', 'b@x.org'), ('ch_3', '2025-05-03 12:00', '20.00', 'Paid', 'B@x.org')");
    });
    const sources = { payments: { url: url.replace(database, `${database}_bot`), query: 'SELECT * FROM payments ORDER BY id' } };
    app = await startBotApp({ ADMIN_USER_IDS: 'UADMIN', IMPORT_SOURCES: JSON.stringify(sources) });
  });
  afterAll(async () => {
    await app?.handle.cleanup();
    await onServer(SERVER, (c) => c.query(`DROP DATABASE IF EXISTS ${database}_bot WITH (FORCE)`));
  });

  it('imports a source by name (a Stripe-like result is recognised by its columns), and an admin can schedule it', async () => {
    const reply = await say(app.handle, 'import orders source=payments', admin);
    expect(reply.text).toContain('Importing orders from source payments');
    const result = completed(app.updates, reply.job!.id);
    expect(result.text).toContain('Stripe payments export');
    expect(result.text).toMatch(/lines read: 3, imported: 2/);
    expect(app.handle.app.database.sqlite!.prepare('SELECT round(sum(amount), 2) AS s FROM orders').get()).toEqual({ s: 30.5 });

    expect((await say(app.handle, 'import orders source=nope', admin)).text).toMatch(/There is no import source "nope". Sources: payments/);
    expect((await say(app.handle, 'schedule create "every day at 6" import orders source=payments', { ...admin, userId: 'U2' })).text).toMatch(/admins only and cannot be scheduled/);
    const created = await say(app.handle, 'schedule create "every day at 6" import orders source=payments', admin);
    expect(created.isError).toBeUndefined();
    expect((await say(app.handle, 'schedule create "every day at 6" import orders', admin)).text).toMatch(/admins only and cannot be scheduled like this/);

    const [schedule] = await app.handle.app.repos.schedules.listActive();
    const scheduler = new Scheduler({ repos: app.handle.app.repos, bot: app.handle.app.bot, logger: app.handle.app.logger });
    const [queued] = await scheduler.fire(schedule.id, new Date('2026-12-03T06:00:00Z'));
    await app.handle.app.queue.whenIdle();
    expect(completed(app.updates, queued.job!.id).text).toContain('was already imported');
  });
});

describe('IMPORT_SOURCES', () => {
  it('reads named sources from JSON, and reports every problem with them at once', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    const config = loadConfig({ IMPORT_SOURCES: JSON.stringify({ shop: { url: 'postgres://r@db/shop', query: 'SELECT 1', map: { customer: 'email' } } }) }, { ignoreDotenv: true });
    expect(config.importSources.shop).toEqual({ url: 'postgres://r@db/shop', query: 'SELECT 1', map: { customer: 'email' } });
    expect(() => loadConfig({ IMPORT_SOURCES: JSON.stringify({ 'bad name': { url: 'mysql://x', query: '' } }) }, { ignoreDotenv: true })).toThrow(
      /bad name: letters, digits[\s\S]*IMPORT_SOURCES.bad name.url: must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*IMPORT_SOURCES.bad name.query: must be a SELECT/,
    );
    expect(() => loadConfig({ IMPORT_SOURCES: '{not json' }, { ignoreDotenv: true })).toThrow(/IMPORT_SOURCES: must be JSON or the path of a JSON file/);
  });
});
