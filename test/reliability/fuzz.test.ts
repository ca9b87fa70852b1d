import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReply } from '../../src/adapters/slack/blocks.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { hasRedis } from '../support/redis.ts';
import { FUZZ_SEED, fuzzInputs } from './fuzz-inputs.ts';
import { broadcastsIn } from './checks.ts';

const COUNT = 1_000;
/** One Slack section holds 3,000 characters: a clear answer fits in one. */
const MAX_REPLY_CHARS = 3_000;

interface Bookkeeping {
  audit: number;
  runs: number;
  remembered: string;
}

interface Counts extends Bookkeeping {
  changes: number;
}

/**
 * How many rows outside the audit log changed between two counts: a refusal must write its audit row
 * and nothing else. SQLite: total_changes() of the app's connection, which leaves out the bookkeeping
 * (audit, queued job runs, follow-up memory) another connection writes, plus those counted apart.
 * PostgreSQL has no such count: triggers on every table but the audit log count the rows they change.
 */
async function changeCounter(handle: TestAppHandle): Promise<{ changes(): Promise<number>; others(before: Counts, after: Counts): number }> {
  const sqlite = handle.app.database.sqlite;
  if (sqlite) {
    return {
      changes: async () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
      others: (before, after) => after.changes - before.changes + (after.runs - before.runs) + (after.remembered === before.remembered ? 0 : 1),
    };
  }
  const db = handle.app.database.db;
  await db.run('CREATE TABLE fuzz_row_changes (n bigint NOT NULL)');
  await db.run('INSERT INTO fuzz_row_changes VALUES (0)');
  await db.run('CREATE FUNCTION fuzz_count_change() RETURNS trigger AS $$ BEGIN UPDATE fuzz_row_changes SET n = n + 1; RETURN NULL; END $$ LANGUAGE plpgsql');
  const tables = await db.all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_log', 'fuzz_row_changes')");
  for (const { name } of tables) await db.run(`CREATE TRIGGER fuzz_count_change AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_change()`);
  return {
    changes: async () => (await db.get<{ n: number }>('SELECT n FROM fuzz_row_changes'))!.n,
    others: (before, after) => after.changes - before.changes,
  };
}

interface Finding {
  input: string;
  problem: string;
  reply?: string;
}

/**
 * 1,000 seeded command strings through the real bot (real commands, the real database with the demo data, real
 * BullMQ on Redis with no workers, so every queued job stays countable). Half are sent by an admin so the
 * admin-only commands are validated too. Every finding is collected, then reported together.
 */
describe.skipIf(!hasRedis())(`fuzz: ${COUNT.toLocaleString('en-US')} generated commands through the bot (${testDialect})`, () => {
  let handle: TestAppHandle;
  let jobs: Queue;
  beforeAll(async () => {
    handle = await createTestApp({ QUEUE: 'bullmq', WORKER_CONCURRENCY: '0', ADMIN_USER_IDS: 'UADMIN' }, { inProcessWorkers: false });
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
    jobs = new Queue(handle.config.queueName, { connection: { url: handle.config.redisUrl } });
  }, 120_000);
  afterAll(async () => {
    await jobs?.close();
    await handle?.cleanup();
  });

  it('answers each with a clear message, queues and stores nothing for bad input, never echoes a broadcast', async () => {
    const inputs = fuzzInputs(FUZZ_SEED, COUNT);
    expect(inputs).toHaveLength(COUNT);
    expect(inputs.some((i) => i.length >= 40_000)).toBe(true);
    const enqueue = vi.spyOn(handle.app.queue, 'enqueue'); // observes, calls through
    const queuedJobs = async () => Object.values(await jobs.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'paused', 'completed', 'failed')).reduce((a, b) => a + b, 0);
    const db = handle.app.database.db;
    const counter = await changeCounter(handle);
    const bookkeeping = async () =>
      (await db.get<Bookkeeping>(
        `SELECT (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM job_runs) AS runs,
                (SELECT count(*) || ':' || coalesce(max(updated_at), 0) FROM conversation_state) AS remembered`,
      ))!;
    const counts = async (): Promise<Counts> => ({ changes: await counter.changes(), ...(await bookkeeping()) });
    const findings: Finding[] = [];
    let acks = 0;
    let errors = 0;
    let answers = 0;

    for (const [i, text] of inputs.entries()) {
      const userId = i % 2 ? 'UADMIN' : 'U1';
      const before = { jobs: await queuedJobs(), ...(await counts()) };
      const replies: Reply[] = await handle.app.bot.handle({ text, conversation: { adapter: 'test', channelId: 'C1', userId }, via: 'command' });
      const after = { jobs: await queuedJobs(), ...(await counts()) };
      const found = (problem: string, reply?: Reply) => findings.push({ input: text.slice(0, 120), problem, reply: reply?.text.slice(0, 200) });
      if (replies.length === 0) found('no reply');
      const jobAcks = replies.filter((r) => r.job).length;
      for (const reply of replies) {
        if (!reply.text.trim()) found('empty reply', reply);
        if (reply.text.length > MAX_REPLY_CHARS) found(`reply of ${reply.text.length} characters`, reply);
        if (/went wrong on my side/.test(reply.text)) found('unexpected error', reply);
        const rendered = renderReply(reply);
        const broadcasts = broadcastsIn(rendered);
        if (broadcasts.length) found(`Slack message carries ${broadcasts.join(', ')}`, reply);
        if (reply.isError) errors++;
        else if (reply.job) acks++;
        else answers++;
      }
      if (after.jobs - before.jobs !== jobAcks) found(`${jobAcks} job acks but ${after.jobs - before.jobs} jobs in BullMQ`);
      // A refusal writes its audit row and nothing else (inserts, updates and deletes all count).
      if (replies.every((r) => r.isError)) {
        if (after.audit - before.audit !== 1) found(`refused, with ${after.audit - before.audit} audit rows`, replies[0]);
        const others = counter.others(before, after);
        if (others !== 0) found(`refused, yet ${others} other rows changed`, replies[0]);
      }
    }

    // Whatever was queued carries plain JSON: no NaN or Infinity slipped through as null.
    for (const call of enqueue.mock.calls) {
      const { payload } = call[0].envelope;
      if (JSON.stringify(payload) !== JSON.stringify(JSON.parse(JSON.stringify(payload), (_k, v: unknown) => v))) findings.push({ input: '(payload)', problem: 'payload is not plain JSON' });
      const numbers = JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `NOT FINITE ${v}` : v));
      if (numbers.includes('NOT FINITE')) findings.push({ input: call[0].envelope.requestText?.slice(0, 120) ?? '', problem: `queued a non-finite number: ${numbers.slice(0, 200)}` });
    }
    expect(findings).toEqual([]);
    expect(await queuedJobs()).toBe(acks);
    expect(await db.get('SELECT count(*) AS n FROM job_runs')).toEqual({ n: acks });
    if (handle.app.database.sqlite) expect(handle.app.database.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(errors + acks + answers).toBeGreaterThanOrEqual(COUNT);
    console.info(`fuzz: ${COUNT} inputs (seed ${FUZZ_SEED}): ${errors} refused with a message, ${acks} queued, ${answers} answered directly; 0 findings`);
  }, 180_000);
});
