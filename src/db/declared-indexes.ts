import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.ts';
import { isBusy } from './busy.ts';

/** An index as `src/db/schema.ts` declares it, with the statement its migration ran. */
export interface DeclaredIndex {
  name: string;
  sql: string;
}

const declared = new Map<string, DeclaredIndex[]>();

/**
 * The indexes of `table` that the schema declares, each with its CREATE statement written as drizzle-kit
 * writes it in a migration (so that SQLite stores the same text: test/db/declared-indexes.test.ts).
 */
export function declaredIndexes(table: string): readonly DeclaredIndex[] {
  let found = declared.get(table);
  if (!found) {
    const definition = Object.values(schema).find((value) => tableName(value) === table);
    if (!definition) throw new Error(`declaredIndexes: no table "${table}" in the schema`);
    const quote = (name: string) => `\`${name}\``;
    found = getTableConfig(definition as SQLiteTable).indexes.map(({ config }) => ({
      name: config.name,
      sql: `CREATE ${config.unique ? 'UNIQUE ' : ''}INDEX ${quote(config.name)} ON ${quote(table)} (${config.columns.map((c) => quote((c as { name: string }).name)).join(',')})`,
    }));
    declared.set(table, found);
  }
  return found;
}

function tableName(value: unknown): string | null {
  try {
    return getTableConfig(value as SQLiteTable).name;
  } catch {
    return null;
  }
}

/** The declared indexes of `table` that the database lacks (an import left them to be built after its commit). */
export function missingIndexes(sqlite: Database.Database, table: string): DeclaredIndex[] {
  const present = new Set(sqlite.prepare("SELECT name FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ?").pluck().all(table) as string[]);
  return declaredIndexes(table).filter((index) => !present.has(index.name));
}

/** Builds the missing indexes of `table` on this connection, inside the caller's transaction if there is one. */
export function buildMissingIndexes(sqlite: Database.Database, table: string): void {
  for (const index of missingIndexes(sqlite, table)) sqlite.exec(index.sql);
}

/** Tables whose indexes an import may leave to be built after its commit. */
export const TABLES_WITH_DEFERRED_INDEXES = ['orders'] as const;

const PAUSE_WHEN_BUSY_MS = 100;

/**
 * Waits until every declared index of the tables an import writes exists, building the missing ones on
 * this connection when it can take the write lock (one per transaction), or letting the connection that
 * holds it (the background build) finish. Jobs call it before they read: without `orders_customer`,
 * a per-customer query would scan every order once per customer. Costs one catalogue query when
 * nothing is missing, the usual case.
 */
export async function whenIndexesBuilt(sqlite: Database.Database): Promise<void> {
  for (const table of TABLES_WITH_DEFERRED_INDEXES) {
    for (;;) {
      const [index] = missingIndexes(sqlite, table);
      if (!index) break;
      if (sqlite.inTransaction) {
        // Another request holds this connection's transaction across an await: not ours to join.
        await pause();
        continue;
      }
      try {
        sqlite.transaction(() => buildMissingIndex(sqlite, table, index.name)).immediate();
      } catch (err) {
        if (!isBusy(err)) throw err;
        await pause();
      }
    }
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_WHEN_BUSY_MS));

/** Builds `name` unless another connection built it meanwhile (call inside a write transaction). */
function buildMissingIndex(sqlite: Database.Database, table: string, name: string): void {
  const index = missingIndexes(sqlite, table).find((i) => i.name === name);
  if (index) sqlite.exec(index.sql);
}

const runningBuilds = new Set<Promise<void>>();

/** Resolves once the index builds started in the background so far are done (or failed). */
export async function backgroundIndexBuildsDone(): Promise<void> {
  await Promise.all([...runningBuilds]);
}

/**
 * Builds the missing indexes of `table` in a thread of its own, on its own connection to `file`, one
 * index per transaction: the rows are committed and readable meanwhile, and the event loop stays free
 * (a rebuild sorts every row: about a second per 500,000 order lines). If the process stops first, the
 * next job (whenIndexesBuilt) or the next import of the table builds what is still missing.
 */
export function buildMissingIndexesInBackground(file: string, table: string): Promise<void> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./index-build-thread.mjs', import.meta.url), { workerData: { file, indexes: declaredIndexes(table), table }, execArgv: [] });
  } catch {
    // No thread to be had (the rows are committed all the same): the next job or import builds them.
    return Promise.resolve();
  }
  const done = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
  }).then(() => {
    runningBuilds.delete(done);
  });
  runningBuilds.add(done);
  return done;
}
