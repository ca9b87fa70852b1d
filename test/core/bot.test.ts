import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { jobRegistry, testCommands } from '../support/test-jobs.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

describe('bot routing', () => {
  let handle: TestAppHandle;
  afterEach(async () => handle?.cleanup());

  const start = async (env: Record<string, string> = {}) => {
    handle = await createTestApp({ QUEUE: 'inline', ...env }, { commands: testCommands, jobs: jobRegistry, executor: 'in-process', intents: false });
    return handle.app.bot;
  };

  it('generates help from the registry, with and without the slash form', async () => {
    const bot = await start();
    const [overview] = await bot.handle({ text: '/pulse help', conversation, via: 'command' });
    const names = overview.tables![0].rows.map((r) => r[0]);
    expect(names).toEqual(['help', 'spin']);
    const [detail] = await bot.handle({ text: 'help spin', conversation, via: 'command' });
    expect(detail.text).toContain('Usage: spin <ms>');
    expect(detail.text).toContain('spin 2000');
    const [unknown] = await bot.handle({ text: 'help nothing', conversation, via: 'command' });
    expect(unknown.isError).toBe(true);
  });

  it('answers bad arguments with the problem and the usage, and enqueues nothing', async () => {
    const bot = await start();
    const [reply] = await bot.handle({ text: 'help a b', conversation, via: 'command' });
    expect(reply).toMatchObject({ isError: true, ephemeral: true });
    expect(reply.text).toContain('at most one command name');
    expect(reply.text).toContain('Usage: help [command]');
    expect((await handle.app.repos.jobRuns.latest())).toHaveLength(0);
    expect((await handle.app.repos.audit.latest(1))[0]).toMatchObject({ outcome: 'usage-error', userId: 'U1', channelId: 'C1' });
  });

  it('refuses admin-only commands to others and audits the refusal', async () => {
    const bot = await start({ ADMIN_USER_IDS: 'UADMIN' });
    const [refused] = await bot.handle({ text: 'secret', conversation, via: 'command' });
    expect(refused.text).toContain('Only admins');
    expect((await handle.app.repos.audit.latest(1))[0]).toMatchObject({ outcome: 'refused', command: null, text: 'secret' });
    const [allowed] = await bot.handle({ text: 'secret', conversation: { ...conversation, userId: 'UADMIN' }, via: 'command' });
    expect(allowed.text).toBe('the secret');
    const [listed] = await bot.handle({ text: 'help', conversation: { ...conversation, userId: 'UADMIN' }, via: 'command' });
    expect(listed.tables![0].rows.map((r) => r[0])).toContain('secret (admin)');
  });

  it('acts once on a retried event', async () => {
    const bot = await start();
    const message = { text: 'spin 10', conversation, via: 'mention' as const, eventId: 'Ev42' };
    expect(await bot.handle(message)).toHaveLength(1);
    expect(await bot.handle(message)).toHaveLength(0);
    await handle.app.queue.whenIdle();
    expect((await handle.app.repos.jobRuns.latest())).toHaveLength(1);
  });

  it('answers before queuing or writing anything, and queues and audits in finish', async () => {
    const bot = await start();
    const bad = await bot.receive({ text: 'help a b', conversation, via: 'command' });
    expect(bad.replies[0]).toMatchObject({ isError: true });
    expect(bad.replies[0].text).toContain('Usage: help [command]');
    const job = await bot.receive({ text: 'spin 10', conversation, via: 'command' });
    expect(job.replies).toEqual([]); // the job's acknowledgement comes once it is queued
    expect(await handle.app.repos.jobRuns.latest()).toHaveLength(0);
    expect(await handle.app.repos.audit.latest()).toHaveLength(0);
    expect(await bad.finish()).toEqual([]); // its answer was given already
    const [queued] = await job.finish();
    expect(queued.job?.name).toBe('spin');
    expect(await job.finish()).toEqual([queued]); // finishing twice queues once
    await handle.app.queue.whenIdle();
    expect((await handle.app.repos.jobRuns.latest()).map((r) => r.id)).toEqual([queued.job!.id]);
    expect((await handle.app.repos.audit.latest()).map((a) => a.outcome)).toEqual(['queued', 'usage-error']);
  });

  it('says so when a word is not a command and no intent model is loaded', async () => {
    const bot = await start();
    const [reply] = await bot.handle({ text: 'frobnicate now', conversation, via: 'command' });
    expect(reply.text).toContain('"frobnicate"');
  });
});
