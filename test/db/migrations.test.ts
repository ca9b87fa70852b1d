import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { testConfig } from '../support/app.ts';

const schemaOf = (handle: SqliteHandle) =>
  handle.sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
const appliedMigrations = (handle: SqliteHandle) =>
  handle.sqlite.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id').all();

describe('migrations', () => {
  const { config, dir } = testConfig();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('create every table on a fresh database, in WAL mode with foreign keys on; re-applying changes nothing', async () => {
    const handle = openDatabase(config.databasePath);
    let schema: unknown[];
    let applied: unknown[];
    try {
      const tables = handle.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual([
        'alert_events', 'alerts', 'audit_log', 'channel_spend', 'clv_customers', 'clv_runs', 'conversation_state', 'customers', 'data_summary', 'forecast_runs', 'imports',
        'intent_examples', 'job_files', 'job_runs', 'kpi', 'models', 'orders', 'processed_events', 'products', 'schedules', 'segment_assignments', 'segment_runs',
      ]);
      expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() =>
        handle.sqlite.prepare("INSERT INTO orders (invoice, customer_id, ordered_at, amount, quantity) VALUES ('1', 'nobody', 0, 1, 1)").run(),
      ).toThrow(/FOREIGN KEY/);
      handle.sqlite.prepare("INSERT INTO audit_log (source, outcome) VALUES ('test', 'kept')").run();
      schema = schemaOf(handle);
      applied = appliedMigrations(handle);
      expect(applied.length).toBeGreaterThanOrEqual(2);
    } finally {
      handle.close();
    }

    // Opening again applies the migrations again: no new migration row, the same schema, the rows kept.
    const again = openDatabase(config.databasePath);
    try {
      expect(appliedMigrations(again)).toEqual(applied);
      expect(schemaOf(again)).toEqual(schema);
      expect(again.sqlite.prepare('SELECT outcome FROM audit_log').pluck().all()).toEqual(['kept']);
    } finally {
      again.close();
    }
  });
});
