import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandRegistry } from '../../commands/index.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';

/** Tables that grow with the business: an ack may look rows up in them by key, never range over them. */
const DATA_TABLES = ['orders', 'customers', 'segment_assignments', 'channel_spend', 'kpi'];

interface Executed {
  source: string;
  args: unknown[];
}

/**
 * Every statement better-sqlite3 runs is recorded (the prototype is shared by all statements), so
 * whatever a command does before its ack, through drizzle or raw SQL, is seen.
 */
function recordStatements(): { executed: Executed[]; restore(): void } {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const executed: Executed[] = [];
  const originals = Object.fromEntries(['all', 'get', 'run', 'iterate'].map((name) => [name, proto[name]]));
  for (const [name, original] of Object.entries(originals)) {
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      executed.push({ source: this.source, args });
      return original.apply(this, args);
    };
  }
  return { executed, restore: () => Object.assign(proto, originals) };
}

/** Plan steps that read a data table in proportion to its size: full scans, and range searches. */
function proportionalSteps(sqlite: Database.Database, statement: Executed): string[] {
  if (/^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|INSERT|UPDATE|DELETE)/i.test(statement.source) && !/SELECT/i.test(statement.source)) return [];
  const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...statement.args) as Array<{ detail: string }>;
  return plan
    .map((step) => step.detail)
    .filter((detail) => {
      const table = /^(?:SCAN|SEARCH) (\w+)/.exec(detail)?.[1];
      if (!table || !DATA_TABLES.includes(table)) return false;
      if (detail.startsWith('SCAN')) return true;
      return /\((?:[^)]*[<>]|[^)]*BETWEEN)/.test(detail); // SEARCH … (ordered_at>?) ranges over the table
    });
}

const admin: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UADMIN' };

describe.skipIf(!hasRedis())('acknowledgements never read the data in proportion to its size', () => {
  let handle: TestAppHandle;
  let recording: ReturnType<typeof recordStatements>;
  beforeAll(async () => {
    // BullMQ without workers: every command is acknowledged and its job stays queued, so only the ack path runs.
    handle = await createTestApp({ QUEUE: 'bullmq', ADMIN_USER_IDS: 'UADMIN' }, { inProcessWorkers: false });
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
    recording = recordStatements();
  }, 120_000);
  afterAll(async () => {
    recording?.restore();
    await handle?.cleanup();
  });

  const examples = commandRegistry.commands.flatMap((command) => [
    ...command.examples.map((example) => ({ command: command.name, text: example })),
    { command: command.name, text: `${command.name} nonsense=1` },
  ]).concat(
    ['who are our at-risk customers?', 'how will revenue in Germany look next month', 'split 50k across our channels', 'what is the weather'].map((text) => ({ command: 'plain language', text })),
  );

  it.each(examples)('$text', async ({ text }) => {
    recording.executed.length = 0;
    const enqueue = vi.spyOn(handle.app.queue, 'enqueue'); // observes, calls through
    const handling = await handle.app.bot.receive({ text, conversation: admin, via: 'command' });
    expect(enqueue).not.toHaveBeenCalled(); // what the ack says is known before anything is queued
    const replies = [...handling.replies, ...(await handling.finish())];
    enqueue.mockRestore();
    expect(replies.length).toBeGreaterThan(0);
    const offending = recording.executed.flatMap((statement) =>
      proportionalSteps(handle.app.database.sqlite!, statement).map((step) => `${step}  ←  ${statement.source.replace(/\s+/g, ' ').slice(0, 160)}`),
    );
    expect(offending).toEqual([]);
  });

  it('catches a scan when one happens (the check itself works)', async () => {
    recording.executed.length = 0;
    await handle.app.repos.customerFeatures.customerCount({ country: 'United Kingdom' });
    const found = recording.executed.flatMap((statement) => proportionalSteps(handle.app.database.sqlite!, statement));
    expect(found.length).toBeGreaterThan(0);
  });
});
