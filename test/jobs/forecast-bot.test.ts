import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../commands/forecast.ts';
import { forecastJob } from '../../jobs/forecast.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { insertOrders, weeklyOrders } from '../answers/forecast/crafted-orders.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

describe('forecast through the bot', () => {
  let handle: TestAppHandle;
  const updates: JobUpdate[] = [];
  beforeEach(async () => {
    handle = await createTestApp(
      { QUEUE: 'inline' },
      { executor: 'in-process', commands: new CommandRegistry([forecastCommand]), jobs: createJobRegistry([forecastJob]) },
    );
    updates.length = 0;
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
  });
  afterEach(async () => handle.cleanup());

  const ask = async (text: string) => {
    const replies = await handle.app.bot.handle({ text, conversation, via: 'command' });
    await handle.app.queue.whenIdle();
    return replies;
  };

  it('answers a request with no data, or bad input, with an error and enqueues nothing', async () => {
    const [noData] = await ask('forecast revenue');
    expect(noData).toMatchObject({ isError: true });
    expect(noData.text).toContain('There are no orders to forecast from yet');

    await insertOrders(handle.app.database.db, weeklyOrders('2024-01-01', 20, (w) => 1000 + 10 * w));
    const cases: Array<[string, RegExp]> = [
      ['forecast profit', /can't forecast "profit"\. Metrics: revenue, orders, customers, new_customers, aov/],
      ['forecast revenue whenever', /horizon "whenever".*8w, 90d, 3m/],
      ['forecast revenue country=Atlantis', /no orders from "Atlantis"\. Countries in the data include United Kingdom/],
      ['forecast revenue by=hour', /by must be day, week or month/],
      ['forecast revenue 5y', /too long/],
      ['forecast revenue colour=red', /unknown option "colour"/],
    ];
    for (const [text, message] of cases) {
      const [reply] = await ask(text);
      expect(reply.isError, text).toBe(true);
      expect(reply.text, text).toMatch(message);
    }
    expect((await handle.app.repos.jobRuns.latest({ kind: 'forecast' }))).toEqual([]);
  });

  it('runs a valid request as a job and posts the forecast', async () => {
    await insertOrders(handle.app.database.db, weeklyOrders('2024-01-01', 20, (w) => 1000 + 10 * w));
    const [ack] = await ask('forecast sales 4w country=uk');
    expect(ack.text).toContain('Forecasting revenue in United Kingdom, next 4 weeks (by week)');
    const final = updates.find((u) => u.jobId === ack.job?.id && u.status === 'completed');
    expect(final?.status === 'completed' && final.reply.text).toContain('Revenue forecast, United Kingdom, next 4 weeks');
    expect((await handle.app.repos.jobRuns.get(ack.job!.id))).toMatchObject({ kind: 'forecast', status: 'completed' });
  });

  it('answers "next quarter" with the next calendar quarter and its dates', async () => {
    // 60 weeks from Monday 2 Jan 2023 to Sunday 25 Feb 2024: the next quarter is Q2 2024.
    await insertOrders(handle.app.database.db, weeklyOrders('2023-01-02', 60, (w) => 1000 + 10 * w));
    const [ack] = await ask('forecast revenue next quarter');
    expect(ack.text).toContain('Forecasting revenue, next calendar quarter (by week)');
    const final = updates.find((u) => u.jobId === ack.job?.id && u.status === 'completed');
    expect(final?.status === 'completed' && final.reply.text).toMatch(/^\*Revenue forecast, Q2 2024 \(next quarter, 1 Apr – 30 Jun 2024\)\*: 13 weekly values, the weeks starting 1 Apr 2024 to 24 Jun 2024/);
  });
});
