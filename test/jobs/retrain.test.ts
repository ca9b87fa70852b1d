import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedbackCommand } from '../../commands/feedback.ts';
import { helpCommand } from '../../commands/help.ts';
import { retrainCommand } from '../../commands/retrain.ts';
import { retrainJob } from '../../jobs/retrain.ts';
import { loadConfig } from '../../src/config.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { Bot } from '../../src/core/bot.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { createLogger } from '../../src/logger.ts';
import { createIntentService, type PulseIntentService } from '../../src/nlu/service.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { InlineQueue } from '../../src/queue/inline-queue.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect } from '../support/database.ts';

const commands = new CommandRegistry([helpCommand, feedbackCommand, retrainCommand]);
const admin: Conversation = { adapter: 'test', channelId: 'C1', userId: 'ADMIN' };
const member: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U2' };

/** The real bot, inline queue and retrain job on the suite's test database (no Redis, no threads). */
async function createBot() {
  const config = loadConfig({ ADMIN_USER_IDS: 'ADMIN', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }, { ignoreDotenv: true });
  const database = await openTestDatabase();
  const repos = createRepositories(database.db);
  const executor = new InProcessExecutor(createJobRegistry([retrainJob]), { db: database.db, repos, config });
  const queue = new InlineQueue({ executor, jobRuns: repos.jobRuns });
  const intents = await createIntentService({ repos, commands, config });
  const bot = new Bot({ commands, queue, repos, config, logger: createLogger(config), intents });
  const updates: JobUpdate[] = [];
  bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
  const say = async (text: string, conversation = admin) => {
    const replies = await bot.handle({ text, conversation, via: 'command' });
    await queue.whenIdle();
    return replies;
  };
  return { database, repos, intents, queue, say, updates };
}

let env: Awaited<ReturnType<typeof createBot>>;
let repos: Repositories;
let intents: PulseIntentService;
beforeEach(async () => {
  env = await createBot();
  repos = env.repos;
  intents = env.intents;
});
afterEach(async () => {
  await env.queue.close();
  await env.database.close();
});

const completed = (updates: JobUpdate[]) => updates.filter((u): u is Extract<JobUpdate, { status: 'completed' }> => u.status === 'completed');

describe(`retrain intents (${testDialect})`, () => {
  it('stores v2 with CV metrics and activates it when it is not worse, replying with old and new figures', async () => {
    expect((await repos.models.active('intents'))?.version).toBe(1);
    const [ack] = await env.say('retrain intents');
    expect(ack.job?.name).toBe('retrain');
    const [result] = completed(env.updates);
    expect(result.reply.text).toContain('v2 is now active');
    expect(result.reply.tables?.[0].rows.map((row) => row[1])).toEqual(['v1', 'v2']);
    expect((await repos.models.active('intents'))).toMatchObject({ version: 2, metrics: { folds: 5 } });
  });

  it('keeps a worse model inactive unless forced', async () => {
    const v1 = (await repos.models.active('intents'))!;
    (await repos.models.add({ kind: 'intents', metrics: { inScopeAccuracy: 1, outOfScopeRecall: 1 }, payload: v1.payload, activate: true }));
    await env.say('retrain intents');
    expect(completed(env.updates)[0].reply.text).toContain('stored but not activated');
    expect((await repos.models.active('intents'))?.version).toBe(2);
    await env.say('retrain intents force');
    expect((await repos.models.active('intents'))?.version).toBe(4);
  });

  it('learns from feedback given in chat', async () => {
    const text = 'what is ticking along in the background';
    expect(await intents.interpret(text)).not.toMatchObject({ action: 'run', intent: 'schedule.list' });
    for (const wording of [text, 'anything ticking along in the background', 'what is ticking along', 'which things are ticking along in the background']) {
      const [reply] = await env.say(`feedback wrong schedule.list text="${wording}" predicted=out_of_scope`);
      expect(reply.text).toContain('Thanks');
    }
    await env.say('retrain intents force');
    await intents.reload();
    expect(await intents.interpret(text)).toMatchObject({ action: 'run', intent: 'schedule.list' });
  });

  it('refuses segments and forecasts, which fit afresh on every run and have no versions', async () => {
    for (const kind of ['segments', 'forecasts', 'all']) {
      const [reply] = await env.say(`retrain ${kind}`);
      expect(reply.isError).toBe(true);
      expect(reply.text).toContain('say what to retrain: intents');
    }
    expect(env.updates).toEqual([]);
    expect(await repos.models.versions('segments')).toEqual([]);
  });

  it('follows a version activated elsewhere (another process) at the next message', async () => {
    const v1 = (await repos.models.active('intents'))!;
    await repos.models.add({ kind: 'intents', metrics: {}, payload: v1.payload, activate: true });
    expect(intents.version).toBe(1);
    await intents.interpret('forecast revenue');
    expect(intents.version).toBe(2);
  });
});

describe('retrain rollback', () => {
  it('reactivates the previous version and reloads the service', async () => {
    await env.say('retrain intents force');
    expect(intents.version).toBe(1);
    await intents.reload();
    expect(intents.version).toBe(2);
    const [reply] = await env.say('retrain rollback intents');
    expect(reply.text).toContain('v1 is active again (was v2)');
    expect((await repos.models.active('intents'))?.version).toBe(1);
    expect(intents.version).toBe(1);
  });

  it('refuses when there is nothing to roll back to', async () => {
    const [reply] = await env.say('retrain rollback intents');
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain('no earlier intents model');
  });
});

describe('admin only', () => {
  it('refuses retrain and rollback for non-admins and enqueues nothing', async () => {
    for (const text of ['retrain intents', 'retrain rollback intents']) {
      const [reply] = await env.say(text, member);
      expect(reply.isError).toBe(true);
      expect(reply.text).toContain('Only admins');
    }
    expect(env.updates).toEqual([]);
    expect((await repos.models.versions('intents'))).toHaveLength(1);
  });

  it('rejects unknown kinds with the usage', async () => {
    const [reply] = await env.say('retrain everything');
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain('Usage: retrain');
  });
});
