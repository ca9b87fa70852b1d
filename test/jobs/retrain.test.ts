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
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createIntentService, type PulseIntentService } from '../../src/nlu/service.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { InlineQueue } from '../../src/queue/inline-queue.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';

const commands = new CommandRegistry([helpCommand, feedbackCommand, retrainCommand]);
const admin: Conversation = { adapter: 'test', channelId: 'C1', userId: 'ADMIN' };
const member: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U2' };

/** The real bot, inline queue and retrain job on an in-memory database (no Redis, no threads). */
function createBot() {
  const config = loadConfig({ DATABASE_PATH: ':memory:', ADMIN_USER_IDS: 'ADMIN', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }, { ignoreDotenv: true });
  const database = openDatabase(':memory:');
  const repos = createRepositories(database.db);
  const executor = new InProcessExecutor(createJobRegistry([retrainJob]), { db: database.db, repos, config });
  const queue = new InlineQueue({ executor, jobRuns: repos.jobRuns });
  const intents = createIntentService({ repos, commands, config });
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

let env: ReturnType<typeof createBot>;
let repos: Repositories;
let intents: PulseIntentService;
beforeEach(() => {
  env = createBot();
  repos = env.repos;
  intents = env.intents;
});
afterEach(async () => {
  await env.queue.close();
  env.database.close();
});

const completed = (updates: JobUpdate[]) => updates.filter((u): u is Extract<JobUpdate, { status: 'completed' }> => u.status === 'completed');

describe('retrain intents', () => {
  it('stores v2 with CV metrics and activates it when it is not worse, replying with old and new figures', async () => {
    expect(repos.models.active('intents')?.version).toBe(1);
    const [ack] = await env.say('retrain intents');
    expect(ack.job?.name).toBe('retrain');
    const [result] = completed(env.updates);
    expect(result.reply.text).toContain('v2 is now active');
    expect(result.reply.tables?.[0].rows.map((row) => row[1])).toEqual(['v1', 'v2']);
    expect(repos.models.active('intents')).toMatchObject({ version: 2, metrics: { folds: 5 } });
  });

  it('keeps a worse model inactive unless forced', async () => {
    const v1 = repos.models.active('intents')!;
    repos.models.add({ kind: 'intents', metrics: { inScopeAccuracy: 1, outOfScopeRecall: 1 }, payload: v1.payload, activate: true });
    await env.say('retrain intents');
    expect(completed(env.updates)[0].reply.text).toContain('stored but not activated');
    expect(repos.models.active('intents')?.version).toBe(2);
    await env.say('retrain intents force');
    expect(repos.models.active('intents')?.version).toBe(4);
  });

  it('learns from feedback given in chat', async () => {
    const text = 'what is ticking along in the background';
    expect(intents.interpret(text)).not.toMatchObject({ action: 'run', intent: 'schedule.list' });
    for (const wording of [text, 'anything ticking along in the background', 'what is ticking along', 'which things are ticking along in the background']) {
      const [reply] = await env.say(`feedback wrong schedule.list text="${wording}" predicted=out_of_scope`);
      expect(reply.text).toContain('Thanks');
    }
    await env.say('retrain intents force');
    intents.reload();
    expect(intents.interpret(text)).toMatchObject({ action: 'run', intent: 'schedule.list' });
  });

  it('says plainly when there is no data to choose k or backtest forecasts on, and stores nothing for them', async () => {
    await env.say('retrain all');
    const [result] = completed(env.updates);
    expect(result.reply.text).toMatch(/Segments: only 0 customers .* nothing stored/);
    expect(result.reply.text).toMatch(/Forecasts: only 0 weeks .* nothing stored/);
    expect(repos.models.versions('segments')).toEqual([]);
    expect(repos.models.versions('forecasts')).toEqual([]);
  });
});

describe('retrain segments and forecasts on the demo data', () => {
  it('records the chosen k with its silhouette and the forecast backtest, each as version 1', async () => {
    await seedDemo(env.database.db, { seed: 42 });
    await env.say('retrain segments');
    await env.say('retrain forecasts');
    const [segments, forecasts] = completed(env.updates);
    const segmentRow = repos.models.active('segments')!;
    expect(segmentRow.metrics).toMatchObject({ k: expect.any(Number), silhouette: expect.any(Number) });
    expect(segments.reply.text).toContain(`Segments v1: k=${(segmentRow.metrics as { k: number }).k}`);
    const forecastRow = repos.models.active('forecasts')!;
    expect(forecastRow.metrics).toMatchObject({ metric: 'revenue', granularity: 'week', model: expect.any(String) });
    expect(forecasts.reply.text).toContain(`picks *${(forecastRow.metrics as { model: string }).model}*`);
  });
});

describe('retrain rollback', () => {
  it('reactivates the previous version and reloads the service', async () => {
    await env.say('retrain intents force');
    expect(intents.version).toBe(1);
    intents.reload();
    expect(intents.version).toBe(2);
    const [reply] = await env.say('retrain rollback intents');
    expect(reply.text).toContain('v1 is active again (was v2)');
    expect(repos.models.active('intents')?.version).toBe(1);
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
    expect(repos.models.versions('intents')).toHaveLength(1);
  });

  it('rejects unknown kinds with the usage', async () => {
    const [reply] = await env.say('retrain everything');
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain('Usage: retrain');
  });
});
