import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedbackCommand } from '../../commands/feedback.ts';
import { helpCommand } from '../../commands/help.ts';
import { loadConfig } from '../../src/config.ts';
import { Bot } from '../../src/core/bot.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { createLogger } from '../../src/logger.ts';
import { createIntentService } from '../../src/nlu/service.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { InlineQueue } from '../../src/queue/inline-queue.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const conversation = { adapter: 'test', channelId: 'C1', userId: 'U9' };
let database: TestDatabase;
let repos: Repositories;
let bot: Bot;

beforeEach(async () => {
  const config = loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false' }, { ignoreDotenv: true });
  database = await openTestDatabase();
  repos = createRepositories(database.db);
  const commands = new CommandRegistry([helpCommand, feedbackCommand]);
  const queue = new InlineQueue({ executor: new InProcessExecutor(createJobRegistry([]), { db: database.db, repos, config }), jobRuns: repos.jobRuns });
  bot = new Bot({ commands, queue, repos, config, logger: createLogger(config), intents: await createIntentService({ repos, commands, config }) });
});
afterEach(() => database.close());

const say = async (text: string) => (await bot.handle({ text, conversation, via: 'console' }))[0];

describe(`feedback (${testDialect})`, () => {
  it('stores a correction with who gave it and when', async () => {
    const before = Date.now();
    const reply = await say('feedback wrong schedule.list text="what runs on autopilot" predicted=out_of_scope');
    expect(reply.text).toContain('corrected to *schedule.list*');
    const [row] = (await repos.intentExamples.all());
    expect(row).toMatchObject({ text: 'what runs on autopilot', intent: 'schedule.list', predictedIntent: 'out_of_scope', createdBy: 'U9', source: 'feedback' });
    expect(new Date(row.createdAt as unknown as string | number | Date).getTime()).toBeGreaterThanOrEqual(before - 2000);
  });

  it('stores a text carrying NUL, which PostgreSQL text cannot hold, with U+FFFD in its place, and audits the command', async () => {
    const reply = await say('feedback wrong metric text="rev\u0000enue last week"');
    expect(reply.text).toContain('corrected to *metric*');
    expect((await repos.intentExamples.all()).map((e) => e.text)).toEqual(['rev\uFFFDenue last week']);
    expect((await repos.audit.latest(1)).map((e) => e.text)).toEqual(['feedback wrong metric text="rev\uFFFDenue last week"']);
  });

  it('stores a confirmation under the predicted intent', async () => {
    await say('feedback right text="forecast revenue next quarter" predicted=forecast');
    expect((await repos.intentExamples.all())).toEqual([expect.objectContaining({ text: 'forecast revenue next quarter', intent: 'forecast' })]);
  });

  it('asks which intent was meant when "wrong" names none, listing them, and stores nothing', async () => {
    const reply = await say('feedback wrong text="what runs on autopilot" predicted=out_of_scope');
    expect(reply.text).toContain('What did you mean?');
    expect(reply.text).toContain('`schedule.delete`');
    expect((await repos.intentExamples.all())).toEqual([]);
  });

  it('asks for the message when there is no text, and rejects unknown intents and verdicts', async () => {
    expect((await say('feedback wrong forecast')).text).toContain('Which message do you mean?');
    expect((await say('feedback wrong dance text="x"')).text).toMatch(/unknown intent "dance"/);
    expect((await say('feedback maybe')).isError).toBe(true);
    expect((await repos.intentExamples.all())).toEqual([]);
  });

  it('plain-language answers carry what the console needs to send feedback', async () => {
    const replies = await bot.handle({ text: 'please show me the help page', conversation, via: 'console' });
    expect(replies[0].feedback).toEqual({ text: 'please show me the help page', intent: 'help' });
  });
});

describe('feedback on the previous message, without text=', () => {
  it('applies to the last plain-language message of this person in this conversation', async () => {
    await say('what runs on autopilot around here');
    await bot.handle({ text: 'what is going on today', conversation: { ...conversation, userId: 'SOMEONE_ELSE' }, via: 'console' });
    const reply = await say('feedback wrong schedule.list');
    expect(reply.text).toContain('about "what runs on autopilot around here"');
    expect(await repos.intentExamples.all()).toEqual([expect.objectContaining({ text: 'what runs on autopilot around here', intent: 'schedule.list', createdBy: 'U9' })]);
  });

  it('skips earlier feedback commands and confirms the understood intent on "right"', async () => {
    await say('please show me the help page');
    await say('feedback right');
    await say('feedback right');
    expect(await repos.intentExamples.all()).toEqual([
      expect.objectContaining({ text: 'please show me the help page', intent: 'help' }),
      expect.objectContaining({ text: 'please show me the help page', intent: 'help' }),
    ]);
  });
});
