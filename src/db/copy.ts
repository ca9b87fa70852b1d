import type Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { PulseError } from '../errors.ts';
import { inTransaction, type PgClient } from './pg/client.ts';
import { copyRows } from './pg/copy-rows.ts';
import { openPostgres } from './pg/open.ts';
import * as schema from './schema.ts';

/** Rows read from SQLite and sent with one COPY at a time: bounded memory whatever the table's size. */
const ROWS_PER_BATCH = 20_000;

export interface CopyReport {
  tables: Array<{ table: string; rows: number }>;
}

/**
 * Copies every table of a SQLite database into an empty PostgreSQL database (migrated first), in
 * one transaction: all of it or nothing. Tables go parents first (imports and customers before
 * orders), rows in id order, then each id sequence moves past the largest id copied.
 */
export async function copySqliteToPostgres(sqlite: Database.Database, url: string, onTable?: (table: string, rows: number) => void): Promise<CopyReport> {
  const target = await openPostgres(url);
  try {
    return await inTransaction((target.db as PgClient).pool, 'BEGIN', async (connection) => {
      await refuseUnlessEmpty(connection);
      const report: CopyReport = { tables: [] };
      for (const table of tablesParentsFirst()) {
        const { name, columns } = getTableConfig(table);
        const names = columns.map((c) => c.name);
        const whole = columns.map((c) => c.columnType === 'SQLiteInteger' || c.columnType === 'SQLiteTimestamp');
        const rows = await copyTable(sqlite, connection, name, names, whole);
        if (names.includes('id') && columns.find((c) => c.name === 'id')?.columnType === 'SQLiteInteger') {
          await connection.query(`SELECT setval(pg_get_serial_sequence('${name}', 'id'), coalesce((SELECT max(id) FROM ${name}), 0) + 1, false)`);
        }
        report.tables.push({ table: name, rows });
        onTable?.(name, rows);
      }
      return report;
    });
  } finally {
    await target.close();
  }
}

/**
 * SQLite keeps a fraction in an INTEGER column (a time computed as 1.5 ms); PostgreSQL's integers
 * cannot hold one, so such values (`whole` columns) are rounded to the nearest integer.
 */
async function copyTable(sqlite: Database.Database, connection: import('pg').PoolClient, table: string, columns: string[], whole: boolean[]): Promise<number> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const select = sqlite.prepare(`SELECT ${list} FROM "${table}" ORDER BY rowid LIMIT ? OFFSET ?`).raw();
  let copied = 0;
  for (;;) {
    const rows = select.all(ROWS_PER_BATCH, copied) as unknown[][];
    if (rows.length === 0) return copied;
    for (const row of rows) for (let c = 0; c < row.length; c++) if (whole[c] && typeof row[c] === 'number') row[c] = Math.round(row[c] as number);
    await copyRows(connection, `"${table}"`, columns.map((c) => `"${c}"`), rows);
    copied += rows.length;
    if (rows.length < ROWS_PER_BATCH) return copied;
  }
}

/** Tables in an order where every table comes after the tables its foreign keys point to. */
function tablesParentsFirst(): SQLiteTable[] {
  const tables = Object.values(schema).filter(isTable);
  const byName = new Map(tables.map((t) => [getTableConfig(t).name, t]));
  const ordered: SQLiteTable[] = [];
  const visit = (table: SQLiteTable) => {
    if (ordered.includes(table)) return;
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = byName.get(getTableConfig(fk.reference().foreignTable).name);
      if (parent && parent !== table) visit(parent);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

function isTable(value: unknown): value is SQLiteTable {
  return is(value, SQLiteTable);
}

async function refuseUnlessEmpty(connection: import('pg').PoolClient): Promise<void> {
  const { rows } = await connection.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM schedules) + (SELECT count(*) FROM models) AS n',
  );
  if (Number(rows[0]!.n) > 0) {
    throw new PulseError('E_TARGET_NOT_EMPTY', 'The PostgreSQL database already holds Pulse data (imports, orders, schedules or models). Copy into a new, empty database, e.g. `createdb pulse` and DATABASE_URL=postgres://…/pulse.');
  }
}

