import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMetricPayload, metricCommand } from '../../commands/metric.ts';
import { metricJob } from '../../jobs/metric.ts';
import { loadConfig } from '../../src/config.ts';
import { parseArgs } from '../../src/core/args.ts';
import { waitBrieflyWhenBusy } from '../../src/db/busy.ts';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { backgroundIndexBuildsDone, declaredIndexes, missingIndexes } from '../../src/db/declared-indexes.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories } from '../../src/repos/index.ts';

/**
 * A large import into SQLite commits its rows without the orders indexes it dropped, and builds them
 * afterwards in a thread of its own. Whatever stops that build (a crash, a kill), what is missing is
 * known from the schema, and jobs and later imports build it before they need it.
 */

function ordersCsv(lines: number, firstInvoice: number, month = 1): string {
  const rows = ['InvoiceNo,StockCode,Description,CustomerID,InvoiceDate,Quantity,UnitPrice,Country'];
  for (let i = 0; i < lines; i++) {
    const country = i % 3 === 0 ? 'France' : 'United Kingdom';
    rows.push(`${firstInvoice + (i >> 3)},P${i % 101},Product ${i % 101},${12000 + (i % 997)},2011-0${month}-1${i % 10} 10:${10 + (i % 50)}:00,${1 + (i % 12)},2.55,${country}`);
  }
  return `${rows.join('\n')}\n`;
}

const indexSql = (handle: SqliteHandle) =>
  handle.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];

const planOf = (handle: SqliteHandle, sql: string) =>
  (handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

describe('declared indexes', () => {
  let dir: string;
  const handles: SqliteHandle[] = [];
  const open = (file: string) => {
    const handle = openDatabase(file);
    handles.push(handle);
    return handle;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-declared-indexes-'));
  });
  afterEach(async () => {
    await backgroundIndexBuildsDone();
    handles.splice(0).forEach((h) => h.close());
    rmSync(dir, { recursive: true, force: true });
  });

  it('are written as the migrations wrote them, so a rebuilt index is stored as a migrated one', () => {
    const handle = open(':memory:');
    const tables = handle.sqlite.prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1").pluck().all() as string[];
    expect(tables).toContain('orders');
    for (const table of tables) {
      const migrated = handle.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ? ORDER BY name").all(table);
      expect([...declaredIndexes(table)].sort((a, b) => a.name.localeCompare(b.name)), table).toEqual(migrated);
      expect(missingIndexes(handle.sqlite, table)).toEqual([]);
    }
  });

  it('a large import into an empty table: every row committed, its indexes built after the commit, stored as migrated', async () => {
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, ordersCsv(40_000, 500000));
    const handle = open(path.join(dir, 'pulse.db'));
    const fresh = indexSql(open(':memory:'));
    const report = await importOrdersFile(handle.db, file, { staging: { memoryRows: 1000 } });
    expect(handle.sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(report.imported);
    await backgroundIndexBuildsDone();
    expect(missingIndexes(handle.sqlite, 'orders')).toEqual([]);
    expect(indexSql(handle)).toEqual(fresh);
    expect(planOf(handle, "SELECT sum(amount) FROM orders WHERE customer_id = '12001' AND ordered_at >= 0")).toContain('orders_customer');
  });

  it('a job first builds what a stopped build left missing, then answers from the same figures', async () => {
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, ordersCsv(20_000, 500000));
    const handle = open(path.join(dir, 'pulse.db'));
    await importOrdersFile(handle.db, file);
    await backgroundIndexBuildsDone();
    const repos = createRepositories(handle.db);
    await repos.dataSummary.refresh();
    const config = loadConfig({ CHART_DIR: path.join(dir, 'charts'), LOG_LEVEL: 'silent', SEED_DEMO: 'false', CURRENCY: 'GBP' }, { ignoreDotenv: true });
    const executor = new InProcessExecutor(createJobRegistry([metricJob]), { db: handle.db, repos, config });
    const ask = async (jobId: string) => {
      const summary = await repos.dataSummary.get();
      const built = buildMetricPayload(summary, metricCommand.args.parse(parseArgs('new_customers 2011-01 by=country')), Date.UTC(2011, 1, 2, 12), 'UTC');
      const { timings: _timings, ...figures } = (await executor.execute({ jobId, name: 'metric', payload: built }, () => {})).data as { timings: unknown };
      return figures;
    };
    const before = await ask('with-indexes');

    // What a process killed during the background build leaves: the rows, two indexes short.
    handle.sqlite.exec('DROP INDEX orders_customer; DROP INDEX orders_product');
    expect(missingIndexes(handle.sqlite, 'orders').map((i) => i.name).sort()).toEqual(['orders_customer', 'orders_product']);
    const after = await ask('after-a-stopped-build');
    expect(missingIndexes(handle.sqlite, 'orders')).toEqual([]);
    expect(after).toEqual(before);
    expect(indexSql(handle)).toEqual(indexSql(open(':memory:')));
  });

  it("while another connection holds the write lock (an index build), a commit waits for it off the event loop", async () => {
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, ordersCsv(2_000, 500000));
    const handle = open(path.join(dir, 'pulse.db'));
    waitBrieflyWhenBusy(handle.sqlite);
    const other = new Database(path.join(dir, 'pulse.db'));
    other.exec('BEGIN IMMEDIATE');
    const held = 700;
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
    }, held);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = performance.now();
    try {
      const report = await importOrdersFile(handle.db, file);
      expect(performance.now() - started).toBeGreaterThanOrEqual(held - 50);
      expect(handle.sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(report.imported);
      // The event loop ran between tries (with one synchronous wait it would not tick at all).
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(ticker);
    }
  });

  it('after a process was killed as its import returned, the next import builds what is missing and still leaves out lines already stored', async () => {
    const first = path.join(dir, 'first.csv');
    const overlap = path.join(dir, 'overlap.csv');
    writeFileSync(first, ordersCsv(60_000, 500000));
    // The same first 8,000 lines (the same invoices), then 4,000 of a later month.
    writeFileSync(overlap, `${ordersCsv(8_000, 500000).trimEnd()}\n${ordersCsv(4_000, 900000, 3).split('\n').slice(1).join('\n')}`);
    const database = path.join(dir, 'pulse.db');
    const script = `
      import { openDatabase } from './src/db/client.ts';
      import { importOrdersFile } from './src/import/index.ts';
      const handle = openDatabase(${JSON.stringify(database)});
      const report = await importOrdersFile(handle.db, ${JSON.stringify(first)}, { staging: { memoryRows: 1000 } });
      process.stdout.write(JSON.stringify({ imported: report.imported }) + '\\n');
      process.kill(process.pid, 'SIGKILL');`;
    let output = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (err) {
      expect((err as { signal?: string }).signal).toBe('SIGKILL');
      output = (err as { stdout: string }).stdout;
    }
    const { imported } = JSON.parse(output.trim()) as { imported: number };
    const handle = open(database);
    expect(handle.sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(imported);
    // Killed before its build thread started: the commit dropped the orders indexes.
    expect(missingIndexes(handle.sqlite, 'orders').length).toBeGreaterThan(0);

    const second = await importOrdersFile(handle.db, overlap);
    expect(second.imported).toBe(4_000);
    expect(handle.sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(imported + 4_000);
    expect(missingIndexes(handle.sqlite, 'orders')).toEqual([]);
  }, 60_000);
});
