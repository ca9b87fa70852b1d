import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { copySqliteToPostgres } from '../../src/db/copy.ts';
import { openPostgres, type PgHandle } from '../../src/db/pg/open.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { createEmptyPostgresDatabase } from '../support/database.ts';

/** `pulse db copy`: a SQLite database moved to PostgreSQL holds the same rows and answers the same. */
describe('copying the SQLite database to PostgreSQL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-copy-'));
  let source: SqliteHandle;
  let target: { url: string; drop(): Promise<void> };
  let copied: PgHandle;

  beforeAll(async () => {
    source = openDatabase(path.join(dir, 'pulse.db'));
    await seedDemo(source.db, { seed: 7 });
    const repos = createRepositories(source.db);
    await repos.schedules.create({ commandText: 'forecast revenue', cron: '0 9 * * 1', timezone: 'Europe/Berlin', channelId: 'C1', adapter: 'slack', createdBy: 'U1' });
    await repos.models.add({ kind: 'intent', metrics: { accuracy: 0.97 }, payload: 'tab\\tand\nnewline', activate: true });
    await repos.alerts.create({ channelId: 'C1', adapter: 'slack', createdBy: 'U1', metric: 'revenue', grain: 'week', condition: { kind: 'anomaly', level: 95 }, timezone: 'UTC' });
    target = await createEmptyPostgresDatabase();
    await copySqliteToPostgres(source.sqlite, target.url);
    copied = await openPostgres(target.url);
  }, 120_000);

  afterAll(async () => {
    await copied?.close();
    await target?.drop();
    source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const figures = (db: SqlClient) =>
    db.get(
      `SELECT (SELECT count(*) FROM orders) AS lines, (SELECT round(sum(amount) * 100) FROM orders) AS cents,
              (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM products) AS products,
              (SELECT count(*) FROM channel_spend) AS spend, (SELECT count(*) FROM kpi) AS kpi, (SELECT count(*) FROM imports) AS imports`,
    );

  it('copies every row', async () => {
    const before = await figures(source.db);
    expect(before).toMatchObject({ lines: expect.any(Number) });
    expect((before as { lines: number }).lines).toBeGreaterThan(10_000);
    expect(await figures(copied.db)).toEqual(before);
  });

  it('keeps flags, JSON and text as they were, and new rows get new ids', async () => {
    const from = createRepositories(source.db);
    const to = createRepositories(copied.db);
    expect(await to.schedules.listActive()).toEqual(await from.schedules.listActive());
    expect(await to.models.active('intent')).toEqual(await from.models.active('intent'));
    expect(await to.alerts.listForChannel('C1')).toEqual(await from.alerts.listForChannel('C1'));
    expect((await to.imports.listRecent()).map((i) => i.report)).toEqual((await from.imports.listRecent()).map((i) => i.report));
    const next = await to.schedules.create({ commandText: 'segment', cron: '0 8 * * *', timezone: 'UTC', channelId: 'C2', adapter: 'slack', createdBy: 'U2' });
    expect(next.id).toBe(2);
  });

  it('refuses a database that already holds Pulse data, and changes nothing', async () => {
    await expect(copySqliteToPostgres(source.sqlite, target.url)).rejects.toThrow(/already holds Pulse data/);
    expect(await figures(copied.db)).toEqual(await figures(source.db));
  });
});
