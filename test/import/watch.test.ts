import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { ImportWatcher, importKind } from '../../src/import/watch.ts';
import { AlertScheduler } from '../../src/scheduler/alert-scheduler.ts';
import { days, importDays, ordersCsv } from '../support/alert-orders.ts';
import { say, startBotApp } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';
import { testDialect } from '../support/database.ts';

const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures', name);

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe(`IMPORT_WATCH_DIR (${testDialect})`, () => {
  let handle: TestAppHandle;
  let dir: string;
  let watcher: ImportWatcher;
  let alerts: AlertScheduler;
  let posts: Array<{ conversation: Conversation; reply: Reply }>;

  beforeEach(async () => {
    ({ handle } = await startBotApp({}, { intents: false }));
    dir = path.join(handle.dir, 'inbox');
    mkdirSync(dir);
    posts = [];
    alerts = new AlertScheduler({
      alerts: handle.app.repos.alerts,
      queue: handle.app.queue,
      logger: handle.app.logger,
      deliver: async (conversation, reply) => void posts.push({ conversation, reply }),
    });
    await alerts.start();
    watcher = new ImportWatcher({ dir, queue: handle.app.queue, logger: handle.app.logger, stableMs: 150 });
  });
  afterEach(async () => {
    await watcher.stop();
    alerts.stop();
    await handle.cleanup();
  });

  const listing = (sub: string) => (existsSync(path.join(dir, sub)) ? readdirSync(path.join(dir, sub)).sort() : []);
  const importsCount = async () => (await handle.app.database.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM imports'))!.n;

  it('imports dropped files through the import job, moves them to done/ or failed/ with their report, and checks the alerts', async () => {
    await importDays(handle.app.database.db, handle.app.repos, handle.dir, days('2026-01-01', 10, () => 9000));
    const reply = await say(handle, 'alert create revenue by=day below 5000', { adapter: 'test', channelId: 'CW', userId: 'U1' });
    expect(reply.isError, reply.text).toBeUndefined();
    writeFileSync(path.join(dir, 'notes.txt'), 'not a csv');
    copyFileSync(fixture('orders-missing-customer-column.csv'), path.join(dir, 'broken.csv'));
    await watcher.start();

    // A file present at start-up, one arriving while running, and the same content again.
    ordersCsv(dir, days('2026-01-11', 1, () => 120), 'orders-jan-11.csv');
    await until(() => listing('done').length === 2 && listing('failed').length === 2);
    expect(listing('failed')).toEqual(['broken.csv', 'broken.csv.report.txt']);
    expect(readFileSync(path.join(dir, 'failed', 'broken.csv.report.txt'), 'utf8')).toMatch(/^The import failed: .*customer/i);
    expect(listing('done')).toEqual(['orders-jan-11.csv', 'orders-jan-11.csv.report.txt']);
    expect(readFileSync(path.join(dir, 'done', 'orders-jan-11.csv.report.txt'), 'utf8')).toMatch(/^Imported orders-jan-11\.csv \(orders, import #2\)/);
    expect(readdirSync(dir).sort()).toEqual(['done', 'failed', 'notes.txt', 'processing']);
    expect(listing('processing')).toEqual([]);

    // The import's completion queued the alert check: 11 Jan is below 5,000.
    await until(() => posts.length === 1);
    expect(posts[0].reply.text).toContain('daily revenue was *120* in 11 Jan 2026');

    copyFileSync(path.join(dir, 'done', 'orders-jan-11.csv'), path.join(dir, 'orders-jan-11.csv'));
    await until(() => listing('done').length === 4);
    expect(readFileSync(path.join(dir, 'done', 'orders-jan-11-2.csv.report.txt'), 'utf8')).toMatch(/was already imported on .*: nothing changed/);
    expect(await importsCount()).toBe(2);
    await handle.app.queue.whenIdle();
    expect(posts).toHaveLength(1);
  }, 60_000);

  it('reads spend files by their name', () => {
    expect(importKind('spend-2026-w05.csv')).toBe('spend');
    expect(importKind('Spend.csv.gz')).toBe('spend');
    expect(importKind('orders.csv')).toBe('orders');
    expect(importKind('shop-export-spend.csv')).toBe('orders');
  });
});
