import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { insertOrders } from '../answers/forecast/crafted-orders.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

interface Asked {
  ack: Reply;
  reply: Reply;
}

/** The real bot on the demo data (spend on 5 channels, revenue KPI, orders over the same two years). */
describe('allocation advice with its reasons', () => {
  let handle: TestAppHandle;
  beforeAll(async () => {
    handle = await createTestApp({ QUEUE: 'inline', CURRENCY: 'EUR' }, { executor: 'in-process', intents: false });
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
  }, 120_000);
  afterAll(async () => handle.cleanup());

  async function ask(text: string): Promise<Asked> {
    const updates: JobUpdate[] = [];
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
    const [ack] = await handle.app.bot.handle({ text, conversation, via: 'command' });
    await handle.app.queue.whenIdle();
    const final = updates.find((u) => u.jobId === ack.job?.id && u.status === 'completed');
    if (final?.status !== 'completed') throw new Error(`no result for "${text}": ${ack.text}`);
    return { ack, reply: final.reply };
  }

  it('shows each channel\'s bounds, says which bound holds a channel back, and names the outcome it explains', async () => {
    const { reply } = await ask('allocate 75k max.search=5k');
    expect(reply.text).toMatch(/Why: search stops at €5k, your max\.search, with a marginal ROAS of [\d.]+ \(raise it to let it take more\)/);
    expect(reply.text).toMatch(/sit between their bounds, where the next €1 brings (about €[\d.]+|€[\d.]+–€[\d.]+) of revenue/);
    expect(reply.text).toContain("Outcome explained: the spend file's own revenue column");
    expect(reply.text).not.toContain('do not overlap');
    const table = reply.tables![0];
    expect(table.columns).toEqual(['Channel', 'Current', 'Recommended', 'Change', 'Allowed', 'Held by', 'Expected revenue', 'Marginal ROAS']);
    const search = table.rows.find((row) => row[0] === 'search')!;
    expect(search[4]).toMatch(/^€[\d.]+k?–€5k$/);
    expect(search[5]).toBe('your max');
  }, 120_000);

  it('answers "which channel has the best ROI?" with ROAS and marginal ROAS per channel at current spend, without a budget', async () => {
    const { ack, reply } = await ask('allocate roi');
    expect(ack.text).toMatch(/^Fitting response curves to compare the return on spend of 5 channels \(display, email, search, social, tv\)/);
    expect(reply.text).toMatch(/Best return at today's spend: \*\w+\*: each €1 spent there brings about €[\d.]+ \(ROAS [\d.]+, 80 % range [\d.]+–[\d.]+, on €[\d.]+k? per month\)/);
    expect(reply.text).toMatch(/Best place for the next €1: \*\w+\* \(marginal ROAS [\d.]+, 80 % range [\d.]+–[\d.]+: the next/);
    const table = reply.tables![0];
    expect(table.columns).toEqual(['Channel', 'Spend now', 'Revenue it drives', 'ROAS', 'ROAS 80 % range', 'Marginal ROAS', 'Marginal ROAS 80 % range', 'Pays back up to']);
    expect(table.rows.map((row) => row[0]).sort()).toEqual(['display', 'email', 'search', 'social', 'tv']);
    const roas = table.rows.map((row) => Number(row[3]));
    expect([...roas].sort((a, b) => b - a)).toEqual(roas);
    // The same widened bootstrap ranges as the allocate reply, each around the fitted figure.
    for (const row of table.rows) {
      for (const [point, range] of [[row[3], row[4]], [row[5], row[6]]]) {
        const [low, high] = String(range).split('–').map(Number);
        expect(low).toBeLessThanOrEqual(Number(point) + 0.01);
        expect(high).toBeGreaterThanOrEqual(Number(point) - 0.01);
        expect(high).toBeGreaterThan(low);
      }
    }
    expect(reply.text).toContain('80 % ranges: over 40 refits on resampled 8-week blocks, widened 1.5×');
    expect(reply.charts).toHaveLength(1);

    for (const [text, message] of [['allocate roi 50k', /takes no budget/], ['allocate roi period=year', /period must be week or month/]] as const) {
      const [refused] = await handle.app.bot.handle({ text, conversation, via: 'command' });
      expect(refused.isError, text).toBe(true);
      expect(refused.text, text).toMatch(message);
    }
  }, 120_000);

  it('warns when extra spend returns less than it costs, and when the spend and the orders do not overlap in time', async () => {
    // Orders from 2010 only: the demo's spend weeks are years later.
    await handle.app.database.db.run('DELETE FROM orders');
    await insertOrders(handle.app.database.db, [
      { invoice: 'X1', customerId: 'c1', at: '2010-12-01T10:00:00Z', amount: 10 },
      { invoice: 'X2', customerId: 'c2', at: '2011-12-09T10:00:00Z', amount: 20 },
    ]);
    await handle.app.repos.dataSummary.refresh();
    const { reply } = await ask('allocate 10m');
    expect(reply.text).toMatch(/:warning: The extra €[\d.]+m per month for .* returns less than it costs: at the recommended spend the next €1 brings back only €[\d.]+(–€[\d.]+)? of revenue \(marginal ROAS below 1\)/);
    expect(reply.text).toMatch(/at about €[\d.]+[km]? per month \(within the bounds\) every channel's last €1 would still bring back at least €1/);
    expect(reply.text).toMatch(/:warning: The spend weeks \(.*\) and the orders \(1 Dec 2010 – 9 Dec 2011\) do not overlap in time: .* the advice rests on the spend file's revenue only/);
  }, 120_000);
});
