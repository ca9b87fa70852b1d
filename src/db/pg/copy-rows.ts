import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Sends rows to `table` with one COPY … FROM STDIN (text format) on `connection`. */
export async function copyRows(connection: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const text = rows.map((row) => row.map(copyText).join('\t') + '\n').join('');
  await pipeline(Readable.from([text]), connection.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** A value in COPY's text format: \N for null (and NaN, a missing number), backslash, tab and line breaks escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
