import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../commands/forecast.ts';
import { forecastJob } from '../../jobs/forecast.ts';
import type { Config } from '../../src/config.ts';
import { parseArgs } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { toCommandLine } from '../../src/nlu/command-line.ts';
import { extractSlots } from '../../src/nlu/slots/index.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { insertOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';
import { testConfig } from '../support/app.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const DAY_MS = 86_400_000;

/**
 * A year of daily orders shaped like Online Retail: from Wednesday 1 Dec 2010 to Friday 9 Dec 2011,
 * growing through the year, nothing on Saturdays, next to nothing from 22 Dec to 3 Jan. Customers
 * come from a pool of 300, so in the first weeks nearly every customer is new.
 */
function onlineRetailLike(): CraftedOrderLine[] {
  const start = Date.parse('2010-12-01T12:00:00Z');
  const end = Date.parse('2011-12-09T12:00:00Z');
  const lines: CraftedOrderLine[] = [];
  for (let at = start, day = 0; at <= end; at += DAY_MS, day++) {
    const date = new Date(at);
    if (date.getUTCDay() === 6) continue;
    const christmas = (date.getUTCMonth() === 11 && date.getUTCDate() >= 22) || (date.getUTCMonth() === 0 && date.getUTCDate() <= 3);
    const amount = christmas ? (date.getUTCDate() >= 24 || date.getUTCMonth() === 0 ? 0 : 300) : 20_000 + 60 * day + 4_000 * Math.sin(day / 5);
    if (amount === 0) continue;
    lines.push({ invoice: `I${day}`, customerId: `C${(day * 7) % 300}`, at: date.toISOString(), amount });
  }
  return lines;
}

interface Point {
  period: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

interface ForecastData {
  horizonText: string;
  target: { name: string; start: string; end: string; firstPeriod: string } | null;
  capped: { requestedSteps: number; steps: number } | null;
  roughIntervals: { levels: number[]; fewestErrors: number } | null;
  booked: { period: string; booked: number; share: number; shareRule: { kind: string }; wholePeriodForecast: number } | null;
  totalFrom: string;
  total: number;
  points: Point[];
  lastYear: Array<{ period: string; lastYearPeriod: string; value: number | null }> | null;
}

describe(`forecasts that show their context (Online Retail shaped data, ${testDialect})`, () => {
  let config: Config;
  let dir: string;
  let handle: TestDatabase;
  let repos: Repositories;
  beforeAll(async () => {
    ({ config, dir } = testConfig({ CURRENCY: 'GBP' }));
    handle = await openTestDatabase();
    repos = createRepositories(handle.db);
    await insertOrders(handle.db, onlineRetailLike());
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const executor = () => new InProcessExecutor(createJobRegistry([forecastJob]), { db: handle.db, repos, config });

  /** The chat path without the queue: the command validates and builds the payload, the job runs it. */
  async function run(line: string) {
    const outcome = await forecastCommand.run({
      args: validateArgs(forecastCommand, parseArgs(line)),
      message: { text: `forecast ${line}`, conversation: { adapter: 'test', channelId: 'C1', userId: 'U1' }, via: 'command' },
      isAdmin: false,
      repos,
      config,
      commands: new CommandRegistry([forecastCommand]),
    });
    if (!('enqueue' in outcome)) throw new Error(`expected a job, got: ${outcome.reply.text}`);
    const result = await executor().execute({ jobId: `ctx-${line.replace(/\W+/g, '-')}`, name: outcome.enqueue.job, payload: outcome.enqueue.payload }, () => {});
    return { ...result, data: result.data as ForecastData, ack: outcome.enqueue.ack };
  }

  it('gives 80 % and 95 % ranges that differ, and calls them rough when the backtest had too few errors', async () => {
    const { data, reply } = await run('revenue 3m by=month');
    expect(data.roughIntervals).not.toBeNull();
    for (const p of data.points) {
      expect(p.upper95).toBeGreaterThan(p.upper80);
      expect(p.lower95 < p.lower80 || p.lower95 === 0).toBe(true);
    }
    expect(reply.text).toContain('The ranges are rough');
    for (const row of reply.tables![0].rows) expect(row[2]).not.toBe(row[3]);
  });

  it('counts what is booked in the month under way: so far X, expected total Y', async () => {
    const { data, reply } = await run('revenue 3m by=month');
    const booked = data.booked!;
    expect(booked.period).toBe('2011-12-01');
    // 1–9 Dec 2011 without Saturday 3 Dec: 8 days of orders.
    const expectedBooked = onlineRetailLike().filter((l) => l.at >= '2011-12-01').reduce((s, l) => s + l.amount, 0);
    expect(booked.booked).toBeCloseTo(expectedBooked, 2);
    expect(booked.shareRule.kind).toBe('last-year');
    expect(data.points[0].value).toBeGreaterThan(booked.booked);
    expect(data.points[0].lower80).toBeGreaterThanOrEqual(booked.booked);
    expect(data.points[0].value).toBeCloseTo(booked.booked + (1 - booked.share) * booked.wholePeriodForecast, 6);
    expect(reply.text).toMatch(/December 2011 is under way \(data to 9 Dec 2011\): so far \*£[\d,]+\* \(1 – 9 Dec 2011\); expected total \*£[\d,]+\*/);
    expect(reply.text).toMatch(/the share December 2010 took after its first 9 days/);
    expect(reply.tables![0].rows[0][0]).toMatch(/^2011-12-01 \(so far [\d,]+\)$/);
  });

  it('reads "next quarter" as the next calendar quarter with its dates, in commands and in plain language', async () => {
    const typed = await run('revenue next quarter');
    expect(typed.ack).toContain('next calendar quarter');
    expect(typed.data.target).toEqual({ name: 'Q1 2012', start: '2012-01-01', end: '2012-03-31', firstPeriod: '2012-01-02' });
    expect(typed.data.horizonText).toBe('Q1 2012 (next quarter, 1 Jan – 31 Mar 2012)');
    expect(typed.reply.text).toMatch(/^\*Revenue forecast, Q1 2012 \(next quarter, 1 Jan – 31 Mar 2012\)\*: 13 weekly values, the weeks starting 2 Jan 2012 to 26 Mar 2012/);
    expect(typed.reply.text).toMatch(/Expected total for Q1 2012: \*£/);
    expect(typed.reply.text).toMatch(/Before Q1 2012, 4 weeks from 5 Dec 2011 are forecast too: in the table and chart, not in this total \(together £[\d,]+\)/);
    const counted = typed.data.points.filter((p) => p.period >= typed.data.totalFrom);
    expect(counted).toHaveLength(13);
    expect(typed.data.total).toBeCloseTo(counted.reduce((s, p) => s + p.value, 0), 6);

    // The chat slot parser writes "next quarter" as 1q: the same quarter, the same total.
    const line = toCommandLine('forecast', extractSlots('what will revenue be next quarter?', {}))!;
    expect(line).toBe('forecast revenue 1q');
    const spoken = await run(line.replace(/^forecast /, ''));
    expect(spoken.data.target).toEqual(typed.data.target);
    expect(spoken.data.total).toBeCloseTo(typed.data.total, 6);
    // By month, the same quarter.
    expect((await run('revenue next quarter by=month')).data.target).toMatchObject({ name: 'Q1 2012', firstPeriod: '2012-01-01' });
  });

  it('names the dates compared with last year (a 364-day lag) and shows last year\'s same weeks, warning where they fall outside the range', async () => {
    const { data, reply } = await run('revenue next month by=week');
    expect(data.target?.name).toBe('January 2012');
    expect(reply.text).toMatch(/vs the previous 4 weeks \(7 Nov – 4 Dec 2011: £[\d,]+\)/);
    expect(reply.text).toMatch(/vs the same 4 weeks a year earlier \(3 – 30 Jan 2011: £[\d,]+; 52 weeks = 364 days earlier, same weekdays\)/);
    expect(reply.text).toMatch(/Same weeks a year earlier \(52 weeks = 364 days earlier, same weekdays\): 6 Dec 2010 £[\d,]+ · 13 Dec 2010/);
    // Christmas 2010 was nearly empty: those weeks are named first in the warning.
    expect(reply.text).toMatch(/:warning: Last year's value falls outside the forecast's 80 % range in \d+ of 8 weeks \(furthest first\): week of 26 Dec 2011: .* against £0 a year earlier/);
    expect(data.lastYear?.find((p) => p.period === '2011-12-26')).toEqual({ period: '2011-12-26', lastYearPeriod: '2010-12-27', value: 0 });
    expect(reply.tables![0].columns).toContain('Same week last year');
  });

  it('warns that new customers look inflated when a comparison reaches the first weeks of the data', async () => {
    const { reply } = await run('new_customers next month');
    expect(reply.text).toMatch(/Careful: 3 – 30 Jan 2011 is in the first 13 weeks of the data \(which starts 29 Nov 2010\), where every customer looks new/);
    const revenue = await run('revenue next month');
    expect(revenue.reply.text).not.toContain('Careful:');
  });

  it('refuses a horizon far beyond the history, with the reason, before queueing anything', async () => {
    await expect(run('revenue 2y by=month')).rejects.toThrow(
      /"2y" reaches about 24 months past the end of the data, but the data covers only 12 months \(1 Dec 2010 – 9 Dec 2011\)\. Pulse forecasts no further ahead than the history reaches back/,
    );
    await expect(run('revenue 8m by=month')).resolves.toBeDefined();
  });

  it('caps a queued horizon longer than the history and says so', async () => {
    const payload = { metric: { source: 'orders', name: 'revenue' }, horizon: { kind: 'periods', count: 60, text: '60' }, granularity: 'week' };
    const result = await executor().execute({ jobId: 'capped', name: 'forecast', payload }, () => {});
    const data = result.data as ForecastData;
    expect(data.capped).toEqual({ requestedSteps: 60, steps: 52 });
    expect(data.points).toHaveLength(52);
    expect(result.reply.text).toContain('Shortened to 52 weeks (you asked for 60 weeks): the history has only 52 weeks');
  });

  it('draws last year\'s weeks in the chart and says so in its description', async () => {
    const { reply } = await run('revenue next month by=week');
    expect(reply.charts![0].altText).toContain('a faint line of the same periods a year earlier');
    expect(reply.charts![0].title).toBe('Revenue: January 2012 forecast');
  });
});
