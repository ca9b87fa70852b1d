import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../commands/forecast.ts';
import { jobRegistry } from '../../jobs/index.ts';
import { postedText } from '../../src/answers/forecast/accuracy-reply.ts';
import { formatValue } from '../../src/answers/forecast/summary.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import { parseArgs } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import type { StoredForecastPoint } from '../../src/repos/forecast-runs.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { insertOrders, weeklyOrders } from '../answers/forecast/crafted-orders.ts';
import { completed, say, startBotApp, testConversation } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';

/** Weekly revenue with some wiggle, and a spike in week 32 that no forecast made before it expects. */
const amountOf = (w: number) => (w === 32 ? 4000 : Math.round(1000 + 10 * w + 80 * Math.sin(w * 1.7)));
/** 30 whole weeks: Monday 1 Jan – Sunday 28 Jul 2024; the first forecast week starts Monday 29 Jul. */
const HISTORY_WEEKS = 30;
const FIRST_FORECAST_WEEK = '2024-07-29';

/** Weeks `from` … `to − 1` of the same crafted series (their invoices are new). */
const weeks = (from: number, to: number) => weeklyOrders('2024-01-01', to, amountOf).slice(2 * from);
const weekStart = (w: number) => new Date(Date.parse('2024-01-01T00:00:00Z') + w * 7 * 86_400_000).toISOString().slice(0, 10);

interface ForecastData {
  forecastRunId: number;
  points: Array<{ period: string; value: number; lower80: number; upper80: number; lower95: number; upper95: number }>;
}
interface AccuracyData {
  storedForecasts: number;
  summary: { periods: number; inside80: number; inside95: number; medianAbsPercentError?: number } | null;
  groups: Array<{ series: string; repeats: number; scored: Array<{ runId: number; periodStart: string; step: number; actual: number; error: number; absPercentError?: number; inside80: boolean; inside95: boolean; forecast: StoredForecastPoint }> }>;
}

describe('forecasts that answer for themselves', () => {
  let handle: TestAppHandle;
  let updates: JobUpdate[];
  beforeEach(async () => {
    ({ handle, updates } = await startBotApp());
  });
  afterEach(async () => handle.cleanup());

  /** The chat path without the queue (the command validates and builds the payload, the real job runs), for the job's data. */
  async function run<D>(line: string, conversation: Conversation = testConversation): Promise<{ data: D; text: string; charts: number }> {
    const { repos, config, database } = handle.app;
    const outcome = await forecastCommand.run({
      args: validateArgs(forecastCommand, parseArgs(line.replace(/^forecast\s*/, ''))),
      message: { text: line, conversation, via: 'command' },
      isAdmin: false,
      repos,
      config,
      commands: new CommandRegistry([forecastCommand]),
    });
    if (!('enqueue' in outcome)) throw new Error(`expected a job, got: ${outcome.reply.text}`);
    const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config });
    const result = await executor.execute({ jobId: `t-${Math.random()}`, name: outcome.enqueue.job, payload: outcome.enqueue.payload }, () => {});
    const charts = result.reply.charts ?? [];
    for (const chart of charts) expect(existsSync(chart.path)).toBe(true);
    return { data: result.data as D, text: result.reply.text, charts: charts.length };
  }

  it('stores every forecast with its point values and 80 % / 95 % ranges, where it was posted', async () => {
    await insertOrders(handle.app.database.db, weeks(0, HISTORY_WEEKS));
    const { data } = await run<ForecastData>('forecast revenue 4w');
    const stored = await handle.app.repos.forecastRuns.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: data.forecastRunId, channelId: 'C1', scheduleId: null, metric: 'revenue', grain: 'week', country: null, dataEnd: Date.parse(`${FIRST_FORECAST_WEEK}T00:00:00Z`) });
    expect(stored[0].points).toEqual(data.points.map(({ period, ...bands }) => ({ periodStart: period, ...bands })));
    expect(stored[0].points.map((p) => p.periodStart)).toEqual([0, 1, 2, 3].map((k) => weekStart(HISTORY_WEEKS + k)));
    for (const p of stored[0].points) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.value);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }

    // A country forecast and a KPI-free order metric are stored under their own keys.
    await run('forecast orders 2w country=uk');
    expect((await handle.app.repos.forecastRuns.list({ metric: 'orders', country: 'United Kingdom' }))).toHaveLength(1);
  });

  it('says when the first stored forecast can be scored while none has data yet', async () => {
    await insertOrders(handle.app.database.db, weeks(0, HISTORY_WEEKS));
    const none = await run<AccuracyData>('forecast accuracy revenue');
    expect(none.text).toMatch(/^No revenue forecasts have been stored yet/);
    expect(none.data.summary).toBeNull();

    await run('forecast revenue 4w');
    const early = await run<AccuracyData>('forecast accuracy');
    expect(early.data.summary).toBeNull();
    expect(early.charts).toBe(0);
    // The first forecast week is Monday 29 Jul – Sunday 4 Aug 2024.
    expect(early.text).toContain('The only stored forecast cannot be scored yet');
    expect(early.text).toContain('The first will be the week of 29 Jul 2024');
    expect(early.text).toContain('once the data runs through 4 Aug 2024');
  });

  it('scores stored forecasts against the data imported since, as an independent count says', async () => {
    await insertOrders(handle.app.database.db, weeks(0, HISTORY_WEEKS));
    const first = await run<ForecastData>('forecast revenue 4w');
    // The same question on the same data is the same forecast: its periods must not count twice.
    await run<ForecastData>('forecast revenue 4w');
    // Three of the four forecast weeks arrive (weeks 30–32, the last with a spike); week 33 does not.
    await insertOrders(handle.app.database.db, weeks(HISTORY_WEEKS, HISTORY_WEEKS + 3));

    const { data, text, charts } = await run<AccuracyData>('forecast accuracy revenue');
    expect(charts).toBe(1);
    expect(data.storedForecasts).toBe(2);
    expect(data.groups).toHaveLength(1);
    const [group] = data.groups;
    expect(group.repeats).toBe(3);

    // Independently: the crafted weekly amounts against the first forecast's stored points.
    const expected = first.data.points.slice(0, 3).map((p, k) => {
      const actual = amountOf(HISTORY_WEEKS + k);
      return {
        periodStart: p.period,
        step: k + 1,
        actual,
        error: actual - p.value,
        absPercentError: (Math.abs(actual - p.value) / actual) * 100,
        inside80: actual >= p.lower80 && actual <= p.upper80,
        inside95: actual >= p.lower95 && actual <= p.upper95,
      };
    });
    const scored = group.scored.map(({ periodStart, step, actual, error, absPercentError, inside80, inside95 }) => ({ periodStart, step, actual, error, absPercentError, inside80, inside95 }));
    expect(scored.map((s) => s.periodStart)).toEqual(expected.map((e) => e.periodStart));
    for (const [k, e] of expected.entries()) {
      expect(scored[k]).toMatchObject({ periodStart: e.periodStart, step: e.step, actual: e.actual, inside80: e.inside80, inside95: e.inside95 });
      expect(scored[k].error).toBeCloseTo(e.error, 6);
      expect(scored[k].absPercentError).toBeCloseTo(e.absPercentError, 6);
    }
    // The spike is far above anything the history suggests.
    expect(expected[2].inside95).toBe(false);

    const inside80 = expected.filter((e) => e.inside80).length;
    const inside95 = expected.filter((e) => e.inside95).length;
    const medianAbsPercentError = [...expected.map((e) => e.absPercentError)].sort((a, b) => a - b)[1];
    expect(data.summary).toMatchObject({ periods: 3, inside80, inside95 });
    expect(data.summary!.medianAbsPercentError).toBeCloseTo(medianAbsPercentError, 6);
    expect(text).toContain(`Inside the 80 % range: *${inside80} of 3*`);
    expect(text).toContain(`Inside the 95 % range: *${inside95} of 3*`);
    expect(text).toContain('its 3 repeated periods were counted once');
    expect(text).toContain('Next to score: the week of 19 Aug 2024');
  });

  it('rejects bad input with a clear message and queues nothing', async () => {
    await insertOrders(handle.app.database.db, weeks(0, HISTORY_WEEKS));
    const cases: Array<[string, RegExp]> = [
      ['forecast accuracy profit', /can't forecast "profit"\. Metrics: revenue, orders, customers, new_customers, aov[\s\S]*Usage: forecast accuracy \[metric\]/],
      ['forecast accuracy revenue country=Atlantis', /no orders from "Atlantis"/],
      ['forecast accuracy revenue orders', /one metric at most/],
      ['forecast accuracy revenue by=hour', /by must be day, week or month/],
    ];
    for (const [line, message] of cases) {
      const reply = await say(handle, line);
      expect(reply.isError, line).toBe(true);
      expect(reply.text, line).toMatch(message);
    }
    expect(await handle.app.repos.jobRuns.latest({ kind: 'forecast-accuracy' })).toEqual([]);
    expect(await handle.app.repos.forecastRuns.list()).toEqual([]);
  });

  it('opens the second scheduled digest with how the first one did; other channels are not told', async () => {
    await insertOrders(handle.app.database.db, weeks(0, HISTORY_WEEKS));
    const scheduler = new Scheduler({ repos: handle.app.repos, bot: handle.app.bot, logger: handle.app.logger });
    const created = await say(handle, 'schedule create "every monday at 9" forecast revenue 4w');
    expect(created.isError).toBeUndefined();
    const [schedule] = await handle.app.repos.schedules.listActive('C1');

    const fire = async (at: string) => {
      const [ack] = await scheduler.fire(schedule.id, new Date(at));
      await handle.app.queue.whenIdle();
      return completed(updates, ack.job!.id);
    };
    const firstDigest = await fire('2024-07-29T09:00:00Z');
    expect(firstDigest.text).not.toContain('How the last forecast');
    const [firstRun] = await handle.app.repos.forecastRuns.list();
    expect(firstRun).toMatchObject({ channelId: 'C1', scheduleId: schedule.id });

    // The week it forecast first arrives; a week later the schedule fires again.
    await insertOrders(handle.app.database.db, weeks(HISTORY_WEEKS, HISTORY_WEEKS + 1));
    const secondDigest = await fire('2024-08-05T09:00:00Z');
    const p = firstRun.points[0];
    const actual = amountOf(HISTORY_WEEKS);
    const f = (x: number) => formatValue(x, 'currency');
    const verdict = actual >= p.lower80 && actual <= p.upper80 ? 'inside the 80 % range' : actual >= p.lower95 && actual <= p.upper95 ? 'but inside the 95 % range' : 'even the 95 % range';
    const firstLine = secondDigest.text.split('\n')[0];
    expect(firstLine).toContain(`the forecast posted ${postedText(firstRun.createdAt, 'UTC')} said *${f(p.value)}* (80 % range ${f(p.lower80)} – ${f(p.upper80)}) for the week of 29 Jul 2024; it was *${f(actual)}*`);
    expect(firstLine).toContain(verdict);
    expect(secondDigest.text.split('\n')[1]).toMatch(/^\*Revenue forecast, next 4 weeks/);

    // The same question asked in another channel has no forecast of its own to report on.
    const elsewhere = await say(handle, 'forecast revenue 4w', { ...testConversation, channelId: 'C2' });
    expect(completed(updates, elsewhere.job!.id).text).not.toContain('How the last forecast');
  });
});
