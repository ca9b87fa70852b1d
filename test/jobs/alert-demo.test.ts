import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { DEMO_ANOMALY, DEMO_END_MS } from '../../src/demo/params.ts';
import { AlertScheduler } from '../../src/scheduler/alert-scheduler.ts';
import { addBuckets, bucketStart, DAY_MS, isoDay } from '../../src/time/calendar.ts';
import { say, startBotApp } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';

const channel: Conversation = { adapter: 'test', channelId: 'CDEMO', userId: 'UALICE' };

/** The demo's known anomaly (src/demo/params.ts DEMO_ANOMALY): orders drop in its last days. */
describe('an anomaly alert on the demo data', () => {
  let handle: TestAppHandle;
  let alerts: AlertScheduler;
  const posts: Array<{ conversation: Conversation; reply: Reply }> = [];
  // The first week the drop covers whole, and the weeks before it, where the orders follow their season.
  const dropWeek = bucketStart(DEMO_END_MS - DEMO_ANOMALY.days * DAY_MS + DAY_MS, 'week');
  const normalWeeks = Array.from({ length: 8 }, (_, k) => addBuckets(dropWeek, k - 8, 'week'));

  beforeAll(async () => {
    ({ handle } = await startBotApp());
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
    alerts = new AlertScheduler({
      alerts: handle.app.repos.alerts,
      queue: handle.app.queue,
      logger: handle.app.logger,
      deliver: async (conversation, reply) => void posts.push({ conversation, reply }),
    });
    await alerts.start();
  }, 120_000);
  afterAll(async () => {
    alerts?.stop();
    await handle?.cleanup();
  });

  /** Checks as of the end of the week starting at `week`: that week is the latest whole one. */
  async function checkWeek(week: number): Promise<void> {
    await alerts.checkAll('manual', `week-${isoDay(week)}`, new Date(addBuckets(week, 1, 'week')));
    await handle.app.queue.whenIdle();
  }

  it('stays quiet over the normal weeks before the drop, fires on the drop once, and does not call the low weeks after it normal', async () => {
    const reply = await say(handle, 'alert create revenue by=week anomaly', channel);
    expect(reply.isError, reply.text).toBeUndefined();
    const id = (await handle.app.repos.alerts.listForChannel(channel.channelId))[0].id;

    for (const week of normalWeeks) await checkWeek(week);
    expect(posts).toEqual([]);
    expect((await handle.app.repos.alerts.get(id))!.lastPeriod).toBe(isoDay(normalWeeks.at(-1)!));

    await checkWeek(dropWeek);
    expect(posts).toHaveLength(1);
    expect(posts[0].reply.text).toMatch(new RegExp(`weekly revenue was \\*[\\d,]+\\* in the week of .*, below the forecast's 95 % range`));
    expect(posts[0].reply.charts).toHaveLength(1);

    // The week after is just as low: held against the forecast from before the drop, it is still a breach, not news.
    await checkWeek(addBuckets(dropWeek, 1, 'week'));
    expect(posts).toHaveLength(1);
    const alert = (await handle.app.repos.alerts.get(id))!;
    expect([alert.state, alert.lastPeriod]).toEqual(['breached', isoDay(addBuckets(dropWeek, 1, 'week'))]);
  }, 120_000);
});
