import type { SqlClient } from '../db/sql-client.ts';
import type { SqlStatement } from '../db/sqlite-writer.ts';

/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters for the widest table here. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts many rows with multi-row INSERT statements (a few texts, each prepared once): one round
 * trip per 500 rows on PostgreSQL, and on SQLite tens of thousands of rows in well under a second.
 * Run it inside a transaction when the rows belong together.
 */
export async function insertRows(db: SqlClient, table: string, columns: readonly string[], rowCount: number, row: (i: number) => readonly unknown[]): Promise<void> {
  for (const { text, params } of insertStatements(table, columns, rowCount, row)) await db.run(text, params);
}

/** The multi-row INSERT statements of `insertRows`, to run elsewhere; `onConflict` is appended to each (`ON CONFLICT (id) DO NOTHING`). */
export function insertStatements(table: string, columns: readonly string[], rowCount: number, row: (i: number) => readonly unknown[], onConflict = ''): SqlStatement[] {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statement = (rows: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}${onConflict ? ` ${onConflict}` : ''}`;
  const statements: SqlStatement[] = [];
  for (let at = 0; at < rowCount; at += ROWS_PER_STATEMENT) {
    const rows = Math.min(ROWS_PER_STATEMENT, rowCount - at);
    const params: unknown[] = [];
    for (let i = at; i < at + rows; i++) params.push(...row(i));
    statements.push({ text: statement(rows), params });
  }
  return statements;
}
