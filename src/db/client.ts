import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';
import type { SqlClient } from './sql-client.ts';
import { SqliteClient } from './sqlite-client.ts';

/** What repositories and imports are given: Pulse's SQL client, on SQLite or PostgreSQL. */
export type Db = SqlClient;
export type SqliteOrm = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DatabaseHandle {
  db: Db;
  /** The SQLite connection (busy settings, SQLite-only tools); absent on PostgreSQL. */
  sqlite?: Database.Database;
  close(): Promise<void> | void;
}

export interface SqliteHandle extends DatabaseHandle {
  sqlite: Database.Database;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite database, in WAL mode with foreign keys on,
 * and applies any pending migrations. `:memory:` gives a private in-memory database.
 */
export function openDatabase(databasePath: string, options: { migrate?: boolean } = {}): SqliteHandle {
  if (databasePath !== ':memory:') mkdirSync(path.dirname(databasePath), { recursive: true });
  const sqlite = new Database(databasePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const orm = drizzle(sqlite, { schema });
  if (options.migrate !== false) migrate(orm, { migrationsFolder });
  return {
    db: new SqliteClient(sqlite, orm),
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * The SQLite connection and drizzle instance behind a client, for code that is SQLite's own (the
 * import's staging file and its synchronous commit; PostgreSQL's stage is src/repos/pg/import-stage.ts).
 */
export function sqliteOnly(db: Db, what: string): SqliteOrm {
  if (!(db instanceof SqliteClient)) throw new Error(`${what}: this code path is SQLite's (DATABASE_URL points at PostgreSQL).`);
  return db.ormOf() as SqliteOrm;
}

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file
 * (migrated unless `migrate` is false). The PostgreSQL driver is loaded only when it is used.
 */
export async function connectDatabase(config: { databasePath: string; databaseUrl?: string }, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  if (!config.databaseUrl) return openDatabase(config.databasePath, options);
  const { openPostgres } = await import('./pg/open.ts');
  return openPostgres(config.databaseUrl, options);
}
