import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReply } from '../../src/adapters/slack/blocks.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';
import { FUZZ_SEED, fuzzInputs } from './fuzz-inputs.ts';
import { broadcastsIn } from './checks.ts';

const COUNT = 1_000;
/** One Slack section holds 3,000 characters: a clear answer fits in one. */
const MAX_REPLY_CHARS = 3_000;

interface Finding {
  input: string;
  problem: string;
  reply?: string;
}

/**
 * 1,000 seeded command strings through the real bot (real commands, real SQLite with the demo data, real
 * BullMQ on Redis with no workers, so every queued job stays countable). Half are sent by an admin so the
 * admin-only commands are validated too. Every finding is collected, then reported together.
 */
describe.skipIf(!hasRedis())(`fuzz: ${COUNT.toLocaleString('en-US')} generated commands through the bot`, () => {
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
    const sqlite = handle.app.database.sqlite!;
    const totalChanges = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    // Bookkeeping (audit, queued job runs, follow-up memory) is written by another connection, off
    // the event loop: total_changes() of this one counts everything else.
    const bookkeeping = () =>
      sqlite
        .prepare("SELECT (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM job_runs) AS runs, (SELECT count(*) || ':' || coalesce(max(updated_at), 0) FROM conversation_state) AS remembered")
        .get() as { audit: number; runs: number; remembered: string };
    const findings: Finding[] = [];
    let acks = 0;
    let errors = 0;
    let answers = 0;

    for (const [i, text] of inputs.entries()) {
      const userId = i % 2 ? 'UADMIN' : 'U1';
      const before = { jobs: await queuedJobs(), changes: totalChanges(), ...bookkeeping() };
      const replies: Reply[] = await handle.app.bot.handle({ text, conversation: { adapter: 'test', channelId: 'C1', userId }, via: 'command' });
      const after = { jobs: await queuedJobs(), changes: totalChanges(), ...bookkeeping() };
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
        const others = after.changes - before.changes + (after.runs - before.runs) + (after.remembered === before.remembered ? 0 : 1);
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
    expect(sqlite.prepare('SELECT count(*) AS n FROM job_runs').get()).toEqual({ n: acks });
    expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(errors + acks + answers).toBeGreaterThanOrEqual(COUNT);
    console.info(`fuzz: ${COUNT} inputs (seed ${FUZZ_SEED}): ${errors} refused with a message, ${acks} queued, ${answers} answered directly; 0 findings`);
  }, 180_000);
});
