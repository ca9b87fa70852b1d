import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Orm, SqlClient, Tables } from '../sql-client.ts';
import * as pgSchema from './schema.ts';

/** 64-bit integers (counts, millisecond times) and numerics (averages) as JS numbers, as SQLite gives them. */
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** The SQLite-typed view of the PostgreSQL tables: same keys, same columns (see src/db/pg/schema.ts). */
const tables = pgSchema as unknown as Tables;

type Queryable = pg.Pool | pg.PoolClient;

/** SqlClient over a pg pool: each statement on any free connection, a transaction on one of its own. */
export class PgClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  private readonly orm: Orm;

  constructor(
    private readonly target: Queryable,
    /** The pool, for work that needs a connection of its own (an import's COPY stage). */
    readonly pool: pg.Pool,
  ) {
    this.orm = drizzle({ client: target as pg.Pool, schema: pgSchema }) as unknown as Orm;
  }

  static pool(connectionString: string, options: { max?: number } = {}): pg.Pool {
    // JIT off: PostgreSQL overestimates the recursive metric queries and spends ~1.3 s compiling each (12 ms without).
    const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types, allowExitOnIdle: true, options: '-c jit=off' });
    pool.on('error', () => {}); // an idle connection that dies is replaced at the next query
    return pool;
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.target.query(numbered(text), params as unknown[])).rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async each<T>(text: string, params: readonly unknown[], visit: (row: T) => void): Promise<number> {
    // A cursor lives in a transaction: the one this client is bound to, or a read-only one of its own.
    if (this.target !== this.pool) return readThroughCursor(this.target as pg.PoolClient, text, params, visit);
    return inTransaction(this.pool, 'BEGIN READ ONLY', (connection) => readThroughCursor(connection, text, params, visit));
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.target.query(numbered(text), params as unknown[])).rowCount ?? 0;
  }

  query<T>(build: (orm: Orm, tables: Tables) => PromiseLike<T>): Promise<T> {
    return Promise.resolve(build(this.orm, tables));
  }

  async transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.target !== this.pool) return body(this);
    return inTransaction(this.pool, 'BEGIN', (connection) => body(new PgClient(connection, this.pool)));
  }
}

/** `body` on a connection of its own, between `begin` and COMMIT (ROLLBACK if it throws). */
export async function inTransaction<T>(pool: pg.Pool, begin: string, body: (connection: pg.PoolClient) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  try {
    await connection.query(begin);
    const result = await body(connection);
    await connection.query('COMMIT');
    return result;
  } catch (err) {
    await connection.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    connection.release();
  }
}

export type PgDatabase = NodePgDatabase<typeof pgSchema>;

/** Rows fetched per round trip: few enough to keep memory flat, enough that the round trips cost little. */
const CURSOR_BATCH = 10_000;
let cursorSerial = 0;

/** `text`'s rows through a server-side cursor on `connection`, which must be in a transaction. */
async function readThroughCursor<T>(connection: pg.PoolClient, text: string, params: readonly unknown[], visit: (row: T) => void): Promise<number> {
  const cursor = `pulse_rows_${++cursorSerial}`;
  // Every row will be read: plan for all of them, as for a plain query, not for the first 10 %.
  await connection.query('SET LOCAL cursor_tuple_fraction = 1');
  await connection.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${numbered(text)}`, params as unknown[]);
  let count = 0;
  try {
    for (;;) {
      const { rows } = await connection.query(`FETCH FORWARD ${CURSOR_BATCH} FROM ${cursor}`);
      for (const row of rows) visit(row as T);
      count += rows.length;
      if (rows.length < CURSOR_BATCH) return count;
    }
  } finally {
    await connection.query(`CLOSE ${cursor}`).catch(() => {});
  }
}

const numberedCache = new Map<string, string>();

/**
 * `?` placeholders as PostgreSQL's `$1, $2, …`, outside string literals, quoted names and comments.
 * (`?` is not an operator Pulse's SQL uses.)
 */
export function numbered(text: string): string {
  const cached = numberedCache.get(text);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  if (numberedCache.size < 2000) numberedCache.set(text, out);
  return out;
}
