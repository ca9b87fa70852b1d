import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * drizzle's query builder over the connection's own tables. It is typed with the SQLite schema, the
 * one source of row types; on PostgreSQL the same calls build PostgreSQL SQL over src/db/pg/schema.ts,
 * whose tables have the same keys and columns. Only `await` a query (never `.get()`, `.all()` or
 * `.run()`, which SQLite alone has).
 */
export type Orm = Pick<BetterSQLite3Database<typeof schema>, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete'>;
export type Tables = typeof schema;

/**
 * What repositories run SQL through, the same on both dialects: `?` placeholders, rows as plain
 * objects (quote camel-case aliases: `AS "customerId"`), 64-bit integers and numerics as JS numbers.
 * A transaction's body gets a client bound to it; nothing else runs on its connection meanwhile.
 */
export interface SqlClient {
  readonly dialect: Dialect;
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /**
   * The rows of a query handed to `visit` one at a time, never all held at once (a large scan at
   * constant memory): SQLite steps through the statement, PostgreSQL fetches from a server-side
   * cursor a batch at a time. `visit` is synchronous, so no other statement can slip in on the
   * connection meanwhile. Resolves to the number of rows.
   */
  each<T>(text: string, params: readonly unknown[], visit: (row: T) => void): Promise<number>;
  /** A statement without rows; resolves to the number of rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /** A drizzle query, built over this connection (or transaction) and its dialect's tables. */
  query<T>(build: (orm: Orm, tables: Tables) => PromiseLike<T>): Promise<T>;
  /** All of `body` or none of it. Nested calls join the outer transaction. */
  transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** The first row of a drizzle result. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}
