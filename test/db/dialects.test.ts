import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { openPostgres, type PgHandle } from '../../src/db/pg/open.ts';
import { createEmptyPostgresDatabase } from '../support/database.ts';

/** Both dialects' committed migrations make the same tables, columns, nullability and indexes. */
describe('SQLite and PostgreSQL schemas', () => {
  let target: { url: string; drop(): Promise<void> };
  let pgHandles: PgHandle[] = [];

  beforeAll(async () => {
    target = await createEmptyPostgresDatabase();
    // Three processes starting at once on an empty database: the advisory lock lets one migrate.
    pgHandles = await Promise.all([openPostgres(target.url), openPostgres(target.url), openPostgres(target.url)]);
  }, 60_000);
  afterAll(async () => {
    for (const handle of pgHandles) await handle.close();
    await target?.drop();
  });

  it('have the same columns, nullability and indexes', async () => {
    const sqlite = openDatabase(':memory:');
    try {
      const sqliteColumns = await sqlite.db.all<{ col: string }>(
        `SELECT m.name || '.' || p.name || (CASE WHEN p."notnull" = 1 OR p.pk = 1 THEN ' not null' ELSE '' END) AS col
         FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__drizzle%' ORDER BY 1`,
      );
      const pgColumns = await pgHandles[0]!.db.all<{ col: string }>(
        `SELECT table_name || '.' || column_name || (CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END) AS col
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(pgColumns.map((r) => r.col)).toEqual(sqliteColumns.map((r) => r.col));
      const sqliteIndexes = await sqlite.db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1");
      const pgIndexes = await pgHandles[0]!.db.all<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_pk' ORDER BY 1");
      expect(pgIndexes.map((r) => r.name)).toEqual(sqliteIndexes.map((r) => r.name));
    } finally {
      sqlite.close();
    }
  });

  it('were applied once, however many processes started together', async () => {
    const applied = await pgHandles[0]!.db.all<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id');
    expect(applied.length).toBe(2);
    expect(new Set(applied.map((r) => r.hash)).size).toBe(applied.length);
  });
});
