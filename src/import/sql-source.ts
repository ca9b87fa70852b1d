import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ClientConfig, QueryArrayConfig } from 'pg';
import type { Db } from '../db/client.ts';
import { ImportRejectedError, errorMessage } from '../errors.ts';
import type { ImportKind } from '../repos/imports.ts';
import { importOrdersFile } from './orders.ts';
import { importSpendFile } from './spend.ts';
import type { ImportOptions, ImportReport } from './types.ts';

/** A query on a PostgreSQL database whose result is imported like a CSV file with the same columns. */
export interface SqlSource {
  /** A named source (IMPORT_SOURCES): each run replaces what the previous run of that name imported. */
  name?: string;
  url: string;
  query: string;
}

/** How long the query may run before PostgreSQL cancels it. */
const STATEMENT_TIMEOUT_MS = 5 * 60_000;
const CONNECT_TIMEOUT_MS = 15_000;
/** PostgreSQL type ids whose text is kept as written (no conversion to a JS Date in the local zone). */
const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

/**
 * Runs `source.query` in a read-only transaction (the session is read-only too, and the query goes
 * through the extended protocol, which takes one statement only: `SELECT 1; COMMIT; DELETE …` is
 * refused), writes the rows to a temporary CSV named after the source, and imports that file: the
 * columns map like a CSV's (`--map`, aliases, exports recognised by their headers), with the same
 * report, rejection and all-or-nothing commit, and an unchanged result is recognised by its hash.
 * A named source replaces its previous import in the same transaction, so a scheduled
 * `SELECT * FROM orders` does not count yesterday's orders twice.
 */
export async function importFromSql(db: Db, kind: ImportKind, source: SqlSource, options: ImportOptions = {}): Promise<ImportReport> {
  const { columns, rows } = await runReadOnlyQuery(source);
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-sql-'));
  try {
    const label = source.name ? `${source.name} (postgres)` : 'postgres query';
    const file = path.join(dir, label);
    writeFileSync(file, stringify([columns, ...rows]));
    const sourceOptions: ImportOptions = { ...options, replaceSource: source.name ? label : undefined };
    return kind === 'orders' ? await importOrdersFile(db, file, sourceOptions) : await importSpendFile(db, file, sourceOptions);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runReadOnlyQuery(source: SqlSource): Promise<{ columns: string[]; rows: unknown[][] }> {
  // Loaded here: only imports from a database need the driver, so start-up stays cheap.
  const { default: pg } = await import('pg');
  const where = describe(source);
  const config: ClientConfig = {
    connectionString: source.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'pulse-import',
    options: '-c default_transaction_read_only=on',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID || oid === TIMESTAMP_OID) return (text: string) => text;
        if (oid === TIMESTAMPTZ_OID) return (text: string) => new Date(pg.types.getTypeParser(TIMESTAMPTZ_OID)(text) as unknown as string).toISOString();
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  };
  const client = new pg.Client(config);
  client.on('error', () => {}); // A dropped connection surfaces as the failed query below.
  try {
    await client.connect();
  } catch (err) {
    throw new ImportRejectedError(`Cannot connect to ${where}: ${errorMessage(err)}. Check the URL (host, port, database, user) and that the server accepts connections.`);
  }
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    // pg's types lack queryMode: 'extended' sends the text as one prepared statement, never several.
    const query: QueryArrayConfig & { queryMode: 'extended' } = { text: source.query, rowMode: 'array', queryMode: 'extended' };
    const result = await client.query(query);
    await client.query('ROLLBACK');
    const columns = result.fields.map((f) => f.name);
    if (!columns.length) throw new ImportRejectedError(`The query on ${where} returned no columns: give a SELECT that returns the columns of an orders or spend file.`);
    return { columns, rows: result.rows.map((row) => row.map(cellText)) };
  } catch (err) {
    if (err instanceof ImportRejectedError) throw err;
    throw new ImportRejectedError(`The query on ${where} failed: ${errorMessage(err)}. It runs read-only, as one SELECT statement; nothing was imported.`);
  } finally {
    await client.end().catch(() => {});
  }
}

function cellText(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The source for messages, without its password. */
function describe(source: SqlSource): string {
  let url = source.url;
  try {
    const parsed = new URL(source.url);
    if (parsed.password) parsed.password = '***';
    url = parsed.toString();
  } catch {
    url = 'the database';
  }
  return source.name ? `source "${source.name}" (${url})` : url;
}
