import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import type { Dialect, SqlClient } from '../../src/db/sql-client.ts';
import { openPostgres } from '../../src/db/pg/open.ts';

/**
 * One suite, two back ends: PULSE_TEST_DB=postgres gives each caller a fresh PostgreSQL database
 * (cloned from a migrated template, dropped on close); otherwise a private SQLite `:memory:` database.
 * PULSE_TEST_PG_URL names the server (default: postgres@127.0.0.1:5432, trust auth).
 */
export const testDialect: Dialect = process.env.PULSE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const serverUrl = process.env.PULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEST_DATABASE_PREFIX = 'pulse_test_';
/**
 * Test databases carry the id of the vitest run that made them (the pid of its main process, set by
 * test/support/postgres-setup.ts), so that a run cleans up its own and those of dead runs, never
 * those of another run sharing the server at the same time.
 */
const runId = process.env.PULSE_TEST_RUN_ID ?? String(process.pid);
const newTestDatabaseName = () => `${TEST_DATABASE_PREFIX}${runId}_${randomBytes(6).toString('hex')}`;

export interface TestDatabase extends DatabaseHandle {
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Each test process keeps one PostgreSQL database and empties it for the next test (TRUNCATE is
 * far cheaper than creating a database); a test that holds two at once gets a second, dropped on close.
 * test/support/postgres-setup.ts drops what is left when the run ends.
 */
let kept: { db: SqlClient; close(): Promise<void>; inUse: boolean } | undefined;

export async function openTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'sqlite') {
    const handle = openDatabase(':memory:');
    return { ...handle, dialect: 'sqlite', close: async () => handle.close() };
  }
  if (kept && !kept.inUse) {
    const reused = kept;
    await emptyAllTables(reused.db);
    reused.inUse = true;
    return { db: reused.db, dialect: 'postgres', close: async () => void (reused.inUse = false) };
  }
  const created = await createTestDatabase();
  if (kept) return { db: created.db, dialect: 'postgres', close: created.close };
  const mine = (kept = { ...created, inUse: true as boolean });
  return { db: mine.db, dialect: 'postgres', close: async () => void (mine.inUse = false) };
}

async function createTestDatabase(): Promise<{ db: SqlClient; close(): Promise<void> }> {
  const database = await createMigratedPostgresDatabase();
  const handle = await openPostgres(database.url, { migrate: false, maxConnections: 4 });
  return {
    db: handle.db,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/** A new PostgreSQL database with the current migrations applied (for a test app's DATABASE_URL). */
export async function createMigratedPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = await migratedTemplate();
  const name = newTestDatabaseName();
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { url: urlOf(name), drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** A new, empty PostgreSQL database (no tables): its URL, and `drop` to remove it. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = newTestDatabaseName();
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return { url: urlOf(name), drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

async function emptyAllTables(db: SqlClient): Promise<void> {
  const tables = await db.all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  await db.run(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** Drops the databases this run left behind, and those of runs that are no longer running (interrupted ones). */
export async function dropTestDatabases(): Promise<void> {
  await admin(async (client) => {
    const left = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
    for (const { datname } of left.rows) {
      if (ownerRunIsAlive(datname)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
}

/** Whether a test database belongs to another vitest run that is still going (its process is alive). */
function ownerRunIsAlive(database: string): boolean {
  const owner = new RegExp(`^${TEST_DATABASE_PREFIX}(\\d+)_`).exec(database)?.[1];
  if (!owner || owner === runId) return false;
  try {
    process.kill(Number(owner), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The template database for the current migrations (named by their hash), created once by whichever test gets there first. */
async function migratedTemplate(): Promise<string> {
  const folder = path.resolve(import.meta.dirname, '../../src/db/pg/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) hash.update(readFileSync(path.join(folder, file)));
  const name = `pulse_template_${hash.digest('hex').slice(0, 12)}`;
  await admin(async (client) => {
    await client.query('SELECT pg_advisory_lock(7352202)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE ${name}`);
      const handle = await openPostgres(urlOf(name));
      await handle.close();
    } finally {
      await client.query('SELECT pg_advisory_unlock(7352202)');
    }
  });
  return name;
}

function urlOf(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The first column of the first row of a query (better-sqlite3's `.pluck().get()` on either back end). */
export async function scalar<T = unknown>(db: SqlClient, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const row = await db.get<Record<string, unknown>>(text, params);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

/** The first column of every row of a query (better-sqlite3's `.pluck().all()` on either back end). */
export async function column<T = unknown>(db: SqlClient, text: string, params: readonly unknown[] = []): Promise<T[]> {
  return (await db.all<Record<string, unknown>>(text, params)).map((row) => Object.values(row)[0] as T);
}
