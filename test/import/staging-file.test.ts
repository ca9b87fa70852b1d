import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { backgroundIndexBuildsDone } from '../../src/db/declared-indexes.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { backgroundCheckpointsDone, ImportStagingRepository } from '../../src/repos/import-staging.ts';

/**
 * Past its memory budget, an import's rows go to a staging file written by a thread of its own, which
 * holds them as the real tables will (ids, import id); the commit copies them as stored, or inserts
 * them afresh when another import took those ids meanwhile. Either way the result is the same as
 * from memory.
 */

const LINES = 60_000;
let dir: string;
let ordersFile: string;

function ordersCsv(lines: number, firstInvoice: number): string {
  const rows = ['InvoiceNo,StockCode,Description,CustomerID,InvoiceDate,Quantity,UnitPrice,Country'];
  for (let i = 0; i < lines; i++) {
    const country = i % 7 === 0 ? '' : i % 3 === 0 ? 'France' : 'United Kingdom';
    rows.push(`${firstInvoice + (i >> 3)},P${i % 101},Product ${i % 101},${12000 + (i % 997)}.0,2011-0${1 + (i % 9)}-1${i % 10} 10:${10 + (i % 50)}:00,${(i % 12) - 1},2.55,${country}`);
  }
  return `${rows.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pulse-staging-file-'));
  ordersFile = path.join(dir, 'orders.csv');
  writeFileSync(ordersFile, ordersCsv(LINES, 500000));
});
afterAll(async () => {
  // The file import's indexes and checkpoint go on in threads of their own, writing next to the database.
  await backgroundIndexBuildsDone();
  await backgroundCheckpointsDone();
  rmSync(dir, { recursive: true, force: true });
});

const dump = (handle: SqliteHandle) => ({
  orders: handle.sqlite.prepare('SELECT * FROM orders ORDER BY id').all(),
  customers: handle.sqlite.prepare('SELECT id, country, first_seen_at FROM customers ORDER BY id').all(),
  products: handle.sqlite.prepare('SELECT * FROM products ORDER BY code').all(),
});

describe('an import staged in a file', () => {
  const handles: SqliteHandle[] = [];
  const open = (file = ':memory:') => {
    const handle = openDatabase(file);
    handles.push(handle);
    return handle;
  };
  beforeEach(() => (handles.length = 0));
  afterEach(() => handles.forEach((h) => h.close()));

  it('stores what the same import from memory stores, ids in file order', async () => {
    const fromMemory = open();
    const fromFile = open();
    const a = await importOrdersFile(fromMemory.db, ordersFile, { staging: { memoryRows: 10 * LINES } });
    const b = await importOrdersFile(fromFile.db, ordersFile, { staging: { memoryRows: 1000 } });
    expect({ ...b, durationMs: 0 }).toEqual({ ...a, durationMs: 0 });
    const stored = dump(fromFile);
    expect(stored).toEqual(dump(fromMemory));
    expect(stored.orders).toHaveLength(a.imported);
    expect(stored.orders.at(-1)).toMatchObject({ id: a.imported, import_id: a.importId });
  });

  it('inserts its rows afresh, after the other import\'s, when another import committed while it was staged', async () => {
    const handle = open();
    const stage = await new ImportStagingRepository(handle.db, { memoryRows: 100 }).open();
    const lines = Array.from({ length: 500 }, (_, i) => ({
      invoice: `S${i >> 2}`, customerId: `c${i % 10}`, orderedAt: Date.UTC(2012, 0, 1 + (i % 28)), amount: i, quantity: 1, country: null, isReturn: false, productCode: null,
    }));
    await stage.addCustomers(Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, country: 'France', firstSeenAt: Date.UTC(2012, 0, 1) })));
    await stage.addOrderLines(lines);
    expect(stage.counts.inFile).toBe(true);
    // Takes the ids and the import id the staged rows were numbered with.
    const other = await importOrdersFile(handle.db, ordersFile);
    const result = await stage.commit([{ kind: 'orders', fileName: 'staged.csv', contentHash: 'x', linesRead: 500, imported: 500, report: () => ({}) }]);
    await stage.discard();
    expect(result).toEqual({ status: 'committed', importIds: [other.importId + 1] });
    const staged = handle.sqlite.prepare('SELECT id, invoice, amount, import_id AS importId FROM orders WHERE id > ? ORDER BY id').all(other.imported) as {
      id: number; invoice: string; amount: number; importId: number;
    }[];
    expect(staged).toHaveLength(500);
    expect(staged.map((r) => r.amount)).toEqual(lines.map((l) => l.amount));
    expect(staged[0]).toEqual({ id: other.imported + 1, invoice: 'S0', amount: 0, importId: other.importId + 1 });
    expect(new Set(staged.map((r) => r.importId))).toEqual(new Set([other.importId + 1]));
  });

  it('stages spend past the memory budget as well', async () => {
    const handle = open();
    const stage = await new ImportStagingRepository(handle.db, { memoryRows: 50 }).open();
    const weeks = Array.from({ length: 200 }, (_, i) => ({ periodStart: new Date(Date.UTC(2020, 0, 6 + 7 * i)).toISOString().slice(0, 10), channel: i % 2 ? 'tv' : 'search', spend: i, impressions: i % 3 ? null : 10 * i }));
    await stage.addChannelSpend(weeks);
    await stage.addKpiValues([{ periodStart: '2020-01-06', metric: 'signups', value: 3 }]);
    const result = await stage.commit([{ kind: 'spend', fileName: 'spend.csv', contentHash: 'y', linesRead: 200, imported: 200, report: () => ({}) }]);
    await stage.discard();
    expect(result).toEqual({ status: 'committed', importIds: [1] });
    const rows = handle.sqlite.prepare('SELECT id, period_start AS periodStart, channel, spend, impressions, import_id AS importId FROM channel_spend ORDER BY id').all();
    expect(rows).toEqual(weeks.map((w, i) => ({ id: i + 1, ...w, importId: 1 })));
    expect(handle.sqlite.prepare('SELECT metric, value, import_id AS importId FROM kpi').all()).toEqual([{ metric: 'signups', value: 3, importId: 1 }]);
  });

  it('copies a large import into the database file in the background, then lets SQLite checkpoint again', async () => {
    const file = path.join(dir, 'pulse.db');
    const handle = open(file);
    const report = await importOrdersFile(handle.db, ordersFile);
    await backgroundIndexBuildsDone();
    await backgroundCheckpointsDone();
    const pages = (handle.sqlite.pragma('page_count', { simple: true }) as number) * (handle.sqlite.pragma('page_size', { simple: true }) as number);
    expect(statSync(file).size).toBe(pages); // every page of the import is in the database file, not only in the log
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(handle.sqlite.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: report.imported });
  });
});
