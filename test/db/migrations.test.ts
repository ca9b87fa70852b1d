import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { testConfig } from '../support/app.ts';

describe('migrations', () => {
  it('create every table on a fresh database, in WAL mode with foreign keys on', () => {
    const { config, dir } = testConfig();
    const handle = openDatabase(config.databasePath);
    try {
      const tables = handle.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual([
        'audit_log', 'channel_spend', 'customers', 'imports', 'intent_examples', 'job_runs', 'kpi', 'models',
        'orders', 'processed_events', 'schedules', 'segment_assignments', 'segment_runs',
      ]);
      expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() =>
        handle.sqlite.prepare("INSERT INTO orders (invoice, customer_id, ordered_at, amount, quantity) VALUES ('1', 'nobody', 0, 1, 1)").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      handle.close();
    }
    const again = openDatabase(config.databasePath); // re-applying is a no-op
    again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
