import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgClient } from './client.ts';
import type { SqlClient } from '../sql-client.ts';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any fixed number: the advisory lock that lets one starting process migrate while the others wait. */
const MIGRATION_LOCK = 7_352_201;

export interface PgHandle {
  db: SqlClient;
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL (`postgres://…`) and applies pending migrations under an advisory lock, so
 * N bots and workers starting together migrate once. The tables live in the `public` schema.
 */
export async function openPostgres(url: string, options: { migrate?: boolean; maxConnections?: number } = {}): Promise<PgHandle> {
  const pool = PgClient.pool(url, { max: options.maxConnections });
  try {
    if (options.migrate !== false) {
      const connection = await pool.connect();
      try {
        await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(drizzle({ client: connection }), { migrationsFolder });
      } finally {
        await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        connection.release();
      }
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return { db: new PgClient(pool, pool), close: () => pool.end() };
}
