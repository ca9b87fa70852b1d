import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { openPostgres, type PgHandle } from '../../src/db/pg/open.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import type { OrdersImportReport } from '../../src/import/types.ts';
import { createMigratedPostgresDatabase } from '../support/database.ts';

/**
 * PostgreSQL imports order lines either row by row into the indexed table (`maintain`) or with the
 * secondary indexes and foreign keys dropped and rebuilt around the insert (`rebuild`, when the file
 * is large next to the table; src/repos/pg/orders-load.ts). Whichever it takes, the rows, their ids
 * and the report are those SQLite stores, and the table keeps its indexes and foreign keys.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'pulse-pg-import-strategy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n';

/** Line `i` of the made-up export: 13 customers, 7 products, a return every 17th line. */
function line(i: number): string {
  const invoice = i % 17 === 5 ? `C${9000 + i}` : `${1000 + Math.floor(i / 3)}`;
  const quantity = i % 17 === 5 ? -1 : 1 + (i % 4);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
  const country = i % 13 === 4 ? 'Germany' : 'United Kingdom';
  return `${invoice},P${i % 7},Product ${i % 7},${quantity},2024-${month}-${day} ${String(8 + (i % 10)).padStart(2, '0')}:15,${(1.25 + (i % 9)).toFixed(2)},c${i % 13},${country}\n`;
}

function writeOrders(name: string, lineNumbers: number[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, HEADER + lineNumbers.map(line).join(''));
  return file;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
/** 12 lines. */
const small = () => writeOrders('small.csv', range(0, 12));
/** 300 lines, holding the small file's first 8 (stored already when it comes second) and one line twice. */
const large = () => writeOrders('large.csv', [...range(0, 8), ...range(100, 391), 150]);

const storedRows = (db: SqlClient) =>
  db.all(
    `SELECT id, invoice, customer_id AS "customerId", ordered_at AS "orderedAt", amount, quantity, country, is_return AS "isReturn",
            product_code AS "productCode", import_id AS "importId" FROM orders ORDER BY id`,
  );
const storedCustomers = (db: SqlClient) => db.all('SELECT id, country, first_seen_at AS "firstSeenAt" FROM customers ORDER BY id');

/** The report with what depends on the clock left out. */
const comparable = (report: OrdersImportReport) => ({ ...report, durationMs: 0 });

interface IndexState {
  name: string;
  oid: number;
  definition: string;
}

/** The secondary indexes of orders (an oid changes when the index is built again) and its foreign keys. */
async function ordersStructure(db: SqlClient): Promise<{ indexes: IndexState[]; foreignKeys: string[] }> {
  const indexes = await db.all<IndexState>(
    `SELECT c.relname AS name, c.oid::bigint AS oid, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'orders'::regclass AND NOT i.indisprimary ORDER BY c.relname`,
  );
  const foreignKeys = await db.all<{ definition: string }>(
    "SELECT conname || ' ' || pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f' ORDER BY conname",
  );
  return { indexes, foreignKeys: foreignKeys.map((k) => k.definition) };
}

const withoutOids = (indexes: IndexState[]) => indexes.map(({ name, definition }) => ({ name, definition }));

describe('PostgreSQL order imports, indexes maintained or rebuilt, store what SQLite stores', () => {
  let database: { url: string; drop(): Promise<void> };
  let postgres: PgHandle;
  beforeEach(async () => {
    database = await createMigratedPostgresDatabase();
    postgres = await openPostgres(database.url, { migrate: false, maxConnections: 4 });
  });
  afterEach(async () => {
    await postgres?.close();
    await database?.drop();
  });

  /** Imports the files in turn into SQLite and PostgreSQL; per PostgreSQL import, whether the indexes were built again. */
  async function importBoth(files: string[]): Promise<{ rebuilt: boolean[]; reports: OrdersImportReport[] }> {
    const sqlite = openDatabase(':memory:');
    const rebuilt: boolean[] = [];
    const reports: OrdersImportReport[] = [];
    const original = await ordersStructure(postgres.db);
    try {
      for (const file of files) {
        const expected = await importOrdersFile(sqlite.db, file);
        const before = await ordersStructure(postgres.db);
        const report = await importOrdersFile(postgres.db, file);
        const after = await ordersStructure(postgres.db);
        expect(comparable(report)).toEqual(comparable(expected));
        reports.push(report);
        expect(await storedRows(postgres.db)).toEqual(await storedRows(sqlite.db));
        expect(await storedCustomers(postgres.db)).toEqual(await storedCustomers(sqlite.db));
        expect(await postgres.db.all('SELECT code, name FROM products ORDER BY code')).toEqual(await sqlite.db.all('SELECT code, name FROM products ORDER BY code'));
        // The same indexes and foreign keys as the migrations made, whichever way.
        expect(withoutOids(after.indexes)).toEqual(withoutOids(original.indexes));
        expect(after.foreignKeys).toEqual(original.foreignKeys);
        rebuilt.push(after.indexes.every((index, k) => index.oid !== before.indexes[k]!.oid));
        const untouched = after.indexes.every((index, k) => index.oid === before.indexes[k]!.oid);
        expect(rebuilt.at(-1) || untouched).toBe(true);
      }
    } finally {
      sqlite.close();
    }
    return { rebuilt, reports };
  }

  it('a large file after a small one: both rebuild (the second into a non-empty table, its overlap left out)', async () => {
    const { rebuilt, reports } = await importBoth([small(), large()]);
    expect(rebuilt).toEqual([true, true]);
    expect(reports[1]!.alreadyStored).toBe(8);
  });

  it('a small file after a large one: maintained row by row (its overlap left out too)', async () => {
    const { rebuilt, reports } = await importBoth([large(), small()]);
    expect(rebuilt).toEqual([true, false]);
    expect(reports[1]!.alreadyStored).toBe(8);
    expect((await storedRows(postgres.db)).length).toBe(300 + 12 - 8);
  });

  it('the foreign keys still hold after a rebuild', async () => {
    expect((await importBoth([small()])).rebuilt).toEqual([true]);
    await expect(
      postgres.db.run("INSERT INTO orders (invoice, customer_id, ordered_at, amount, quantity) VALUES ('X', 'nobody', 0, 1, 1)"),
    ).rejects.toThrow(/foreign key/);
  });

  it('when another transaction holds orders, it waits a moment, then maintains the indexes instead of queueing readers behind it', async () => {
    const reader = new pg.Client({ connectionString: database.url });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM orders');
      const { rebuilt } = await importBoth([small()]);
      expect(rebuilt).toEqual([false]);
    } finally {
      await reader.query('ROLLBACK').catch(() => {});
      await reader.end();
    }
  });
});
