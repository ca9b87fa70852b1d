import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, IncomingMessage } from '../../src/core/conversation.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasRedis } from '../support/redis.ts';

/**
 * What people type is not always a command or a question: a sentence can start with a command's
 * name ("forecast revenue for the next 8 weeks"), and "who are our champions?" can come before any
 * segmentation. Real bot, BullMQ without workers: the acks and the jobs queued are what is checked.
 */
async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`not found within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!hasRedis())('sentences the commands would refuse', () => {
  let handle: TestAppHandle;
  const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };
  const ask = async (text: string, via: IncomingMessage['via'] = 'mention') => (await handle.app.bot.handle({ text, conversation, via }))[0];

  beforeAll(async () => {
    handle = await createTestApp({ QUEUE: 'bullmq' }, { inProcessWorkers: false });
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
  }, 120_000);
  afterAll(async () => handle?.cleanup());

  it('a sentence that starts with a command word runs what it means, and says which line it ran', async () => {
    const reply = await ask('forecast revenue for the next 8 weeks');
    expect(reply.isError ?? false, reply.text).toBe(false);
    expect(reply.text).toMatch(/^Running `forecast revenue 8w`\n/);
    expect(reply.job?.name).toBe('forecast');
  });

  it('a mistyped command is still refused with its usage, and nothing is queued', async () => {
    const reply = await ask('forecast revenue 8 weeks banana');
    expect(reply.isError).toBe(true);
    expect(reply.text).toMatch(/horizon/);
    expect(reply.job).toBeUndefined();
    for (const typed of ['forecast revenue for the next 8 weeks by=fortnight', 'help a b', 'schedule create "every day at 6" import orders']) {
      const reply = await ask(typed);
      expect(reply.isError, typed).toBe(true);
      expect(reply.text, typed).not.toMatch(/^Running/);
      expect(reply.job, typed).toBeUndefined();
    }
  });

  it('"who are our champions?" before any segmentation segments everyone, to show that segment', async () => {
    expect(await handle.app.repos.segments.latest()).toBeUndefined();
    const reply = await ask('who are our champions right now?');
    expect(reply.isError ?? false, reply.text).toBe(false);
    expect(reply.text).toMatch(/no segmentation yet: segmenting all customers first, then I'll show the Champions segment/);
    expect(reply.job?.name).toBe('segment');
    const run = await until(() => handle.app.repos.jobRuns.get(reply.job!.id));
    expect(run.args).toEqual({ method: 'rfm', show: { segment: 'Champions', top: 10 } });
  });

  it('thanks gets a short answer, a greeting the overview, and an out-of-scope question what Pulse can do', async () => {
    expect((await ask('thanks a lot Pulse!')).text).toMatch(/^You're welcome!/);
    expect((await ask('<@UBOT> great, thank you')).text).toMatch(/^You're welcome!/);
    expect((await ask('hi! what can you do?')).text).toMatch(/Pulse answers marketing questions/);
    const nps = await ask("what's our NPS?");
    expect(nps.text).toMatch(/outside what I can help with.*forecast them, segment customers, estimate churn risk and lifetime value/);
    expect(nps.job).toBeUndefined();
  });
});
