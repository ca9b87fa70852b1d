import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { metricCommand } from '../../commands/metric.ts';
import { metricJob } from '../../jobs/metric.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { MarketingRepository } from '../../src/repos/marketing.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { insertOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

/** Two customers a day, every day of October and November 2011 (the 9th of each month: a return), in two countries. */
function twoMonths(): CraftedOrderLine[] {
  const lines: CraftedOrderLine[] = [];
  for (let d = Date.UTC(2011, 9, 1); d < Date.UTC(2011, 11, 1); d += 86_400_000) {
    const day = new Date(d).toISOString().slice(0, 10);
    const n = new Date(d).getUTCDate();
    lines.push({ invoice: `U${day}`, customerId: `u${n % 7}`, at: `${day}T10:00:00Z`, amount: 100 + n });
    lines.push({ invoice: `G${day}`, customerId: `g${n % 3}`, at: `${day}T15:00:00Z`, amount: 20, country: 'Germany' });
    if (n === 9) lines.push({ invoice: `C${day}`, customerId: 'u2', at: `${day}T16:00:00Z`, amount: -50, isReturn: true });
  }
  return lines;
}

describe('metric through the bot', () => {
  let handle: TestAppHandle;
  const updates: JobUpdate[] = [];
  beforeAll(async () => {
    handle = await createTestApp(
      { QUEUE: 'inline', CURRENCY: 'GBP', DEFAULT_TIMEZONE: 'Europe/Berlin' },
      { executor: 'in-process', commands: new CommandRegistry([metricCommand]), jobs: createJobRegistry([metricJob]), intents: false },
    );
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
  });
  afterAll(async () => handle.cleanup());
  afterEach(() => {
    vi.useRealTimers();
    updates.length = 0;
  });

  const ask = async (text: string) => {
    const replies = await handle.app.bot.handle({ text, conversation, via: 'command' });
    await handle.app.queue.whenIdle();
    return replies;
  };
  const result = (jobId: string | undefined) => {
    const update = updates.find((u) => u.jobId === jobId && u.status === 'completed');
    return update?.status === 'completed' ? update.reply : undefined;
  };

  it('refuses every request while there are no orders, and queues nothing', async () => {
    const [reply] = await ask('metric revenue last month');
    expect(reply).toMatchObject({ isError: true });
    expect(reply.text).toContain('There are no orders yet');
    expect(await handle.app.repos.jobRuns.latest({ kind: 'metric' })).toEqual([]);
  });

  it('answers "revenue last month" with a sentence, a table and a chart, counting back from today in DEFAULT_TIMEZONE', async () => {
    await insertOrders(handle.app.database.db, twoMonths());
    // 23:30 UTC on 30 November is already 1 December in Berlin: "last month" is November (in UTC it would be October).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2011-11-30T23:30:00Z'));
    const [ack] = await ask('metric revenue last month');
    expect(ack.text).toBe("Looking up revenue for last month (November 2011), vs the previous period; I'll post the result here.");
    vi.useRealTimers();
    const reply = result(ack.job?.id);
    // November: 30 × 20 (Germany) + Σ(100 + n) for n = 1..30 − 50 (the return) = 600 + 3,465 − 50 = 4,015;
    // October: 31 × 20 + Σ(100 + n) for n = 1..31 − 50 = 620 + 3,596 − 50 = 4,166.
    expect(reply?.text).toBe('*Revenue*, last month (November 2011): *£4,015*, down 3.6 % (−£151) on the previous month (October 2011: £4,166).');
    expect(reply?.tables?.[0]).toMatchObject({ columns: ['Period', 'Revenue (GBP)', 'Compared with', 'Value then', 'Change', 'Change %'], rows: [['1–30 Nov 2011', '4,015', '1–31 Oct 2011', '4,166', '−151', '−3.6 %']] });
    expect(reply?.charts?.[0].path).toMatch(/\.png$/);
    expect(await handle.app.repos.jobRuns.get(ack.job!.id)).toMatchObject({ kind: 'metric', status: 'completed' });
  });

  it('breaks down by country with shares that add up, under its aliases and in words', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2011-12-05T12:00:00Z'));
    const [ack] = await ask('kpi orders by country in november vs last year');
    vi.useRealTimers();
    expect(ack.text).toBe("Looking up orders by country for November 2011, vs the same period last year; I'll post the result here.");
    const reply = result(ack.job?.id);
    expect(reply?.text).toContain('*Orders* by country, November 2011: *60* in total (no comparison: the orders start on 2011-10-01, after 2010-11-01..2010-11-30).');
    // A tie is broken by name.
    expect(reply?.text).toContain('Germany leads with 30 (50 %).');
    expect(reply?.tables?.[0].rows).toEqual([
      ['Germany', '30', '50 %'],
      ['United Kingdom', '30', '50 %'],
      ['Total', '60', '100 %'],
    ]);
    const [report] = await ask('report customers by=country top=1 2011-11 country=United Kingdom');
    expect(report.text).toContain('active customers by country in United Kingdom for November 2011');
  });

  it('says where the data is when the period has none, in the job', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2012-03-15T12:00:00Z'));
    const [ack] = await ask('metric new customers last month by=country');
    vi.useRealTimers();
    expect(ack.isError).toBeFalsy();
    expect(result(ack.job?.id)?.text).toBe('There is no data for last month (February 2012): the orders end on 2011-11-30. Try `metric new_customers 2011-11 by=country`.');
  });

  it('asks for a segment run before splitting by segment', async () => {
    const [ack] = await ask('metric revenue by=segment 2011-11');
    expect(ack.isError).toBeFalsy();
    const failed = updates.find((u) => u.jobId === ack.job?.id && u.status === 'failed');
    expect(failed?.status === 'failed' && failed.error).toContain('There is no segment run yet: run `segment` first');
  });

  it('compares a running month like for like', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2011-11-10T09:00:00Z'));
    const [ack] = await ask('metric revenue this month');
    vi.useRealTimers();
    const text = result(ack.job?.id)?.text ?? '';
    // 1–9 November: Σ(100 + n) n = 1..9 + 9 × 20 − 50 = 945 + 180 − 50 = 1,075; the same in October.
    expect(text).toBe('*Revenue*, this month so far (1–9 Nov 2011, 9 of 30 days): *£1,075*, unchanged (£1,075) on the first 9 days of the previous month (1–9 Oct 2011: £1,075).');
  });

  it('refuses bad input with what is valid, and queues nothing', async () => {
    await new MarketingRepository(handle.app.database.db).insertSpend([{ periodStart: '2011-10-03', channel: 'tv', spend: 700, impressions: null, importId: null }]);
    await handle.app.repos.dataSummary.refresh();
    const before = (await handle.app.repos.jobRuns.latest({ kind: 'metric', limit: 100 })).length;
    const cases: Array<[string, RegExp]> = [
      ['metric profit last month', /I don't know the metric "profit"\. Metrics: revenue, orders, customers, new_customers, returning_customers, aov, units, returns, spend, roas\./],
      ['metric revenue by=flavour', /by= takes country, customer, segment, product, channel, day, week, month/],
      ['metric revenue whenever', /I don't understand the period "whenever"\. Periods: today, yesterday/],
      ['metric orders by=channel 2011-11', /orders carry no marketing channel/i],
      ['metric spend by=country 2011-11', /not per country; use by=channel, week or month/],
      ['metric revenue top=3', /top= picks the largest rows of a breakdown/],
      ['metric revenue country=Atlantis', /Atlantis/],
      ['metric revenue vs=someday', /vs= takes previous .*last_year or none/],
    ];
    for (const [text, message] of cases) {
      const [reply] = await ask(text);
      expect(reply.isError, text).toBe(true);
      expect(reply.text, text).toMatch(message);
      expect(reply.text, text).toContain('Usage: metric <name> [period]');
    }
    expect((await handle.app.repos.jobRuns.latest({ kind: 'metric', limit: 100 })).length).toBe(before);
  });
});
