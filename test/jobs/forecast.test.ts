import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../commands/forecast.ts';
import { forecastJob } from '../../jobs/forecast.ts';
import type { Config } from '../../src/config.ts';
import { parseArgs } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { BadInputError } from '../../src/errors.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { importSpendFile } from '../../src/import/index.ts';
import { InProcessExecutor, type JobProgress } from '../../src/queue/executor.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { insertOrders, weeklyOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';
import { testConfig } from '../support/app.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

interface ForecastData {
  model: string;
  source: string;
  granularity: string;
  fallback: string | null;
  total: number;
  lower80: number;
  upper80: number;
  points: Array<{ period: string; value: number; lower80: number; upper80: number; lower95: number; upper95: number }>;
}

describe(`forecast job (${testDialect})`, () => {
  let config: Config;
  let dir: string;
  let handle: TestDatabase;
  let repos: Repositories;
  beforeEach(async () => {
    ({ config, dir } = testConfig());
    handle = await openTestDatabase();
    repos = createRepositories(handle.db);
  });
  afterEach(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
    const progress: JobProgress[] = [];
    const executor = new InProcessExecutor(createJobRegistry([forecastJob]), { db: handle.db, repos, config });
    const result = await executor.execute({ jobId: `test-${progress.length}`, name: outcome.enqueue.job, payload: outcome.enqueue.payload }, (p) => progress.push(p));
    return { ...result, data: result.data as ForecastData, progress };
  }

  function expectOrderedIntervals(data: ForecastData) {
    for (const p of data.points) {
      for (const v of [p.value, p.lower80, p.upper80, p.lower95, p.upper95]) expect(Number.isFinite(v)).toBe(true);
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
  }

  it('forecasts demo revenue: ordered finite intervals, a PNG chart, a table and a summary naming the model', async () => {
    await seedDemo(handle.db, { seed: 42 });
    const { data, reply, summary, progress } = await run('revenue 8w');
    expect(data).toMatchObject({ source: 'orders', granularity: 'week' });
    expect(data.points.map((p) => p.period)).toEqual(['2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16']);
    expectOrderedIntervals(data);
    expect(data.total).toBeCloseTo(data.points.reduce((s, p) => s + p.value, 0), 6);
    expect(data.lower80).toBeLessThanOrEqual(data.total);
    expect(data.upper80).toBeGreaterThanOrEqual(data.total);
    expect(reply.text).toContain(data.model);
    expect(reply.text).toMatch(/typically within ±[\d.]+ %/);
    expect(reply.text).toMatch(/vs the previous 8 weeks \(3 Nov – 28 Dec 2025: .*\) · .* vs the same 8 weeks a year earlier \(30 Dec 2024 – 23 Feb 2025: .*; 52 weeks = 364 days earlier, same weekdays\)/);
    expect(summary).toContain(data.model);
    expect(reply.tables?.[0].rows).toHaveLength(8);
    const chart = reply.charts![0].path;
    expect(path.dirname(chart)).toBe(config.chartDir);
    expect(existsSync(chart) && readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
    expect(progress.map((p) => p.percent)).toEqual([5, 20, 75]);

    const imported = await run('kpi:revenue 4w');
    expect(imported.data).toMatchObject({ source: 'kpi', granularity: 'week' });
    expectOrderedIntervals(imported.data);
  });

  it('refuses, before queueing, data that covers no whole period', async () => {
    await insertOrders(handle.db, [
      { invoice: 'T1', customerId: 'c1', at: '2024-01-02T10:00:00Z', amount: 10 },
      { invoice: 'T2', customerId: 'c1', at: '2024-01-03T10:00:00Z', amount: 20 },
    ]);
    await expect(run('revenue')).rejects.toThrow(/less than one whole week/);
    expect((await run('revenue 2d')).data.points).toHaveLength(2);
  });

  it('rejects a payload whose series has no data as bad input (no retry)', async () => {
    const executor = new InProcessExecutor(createJobRegistry([forecastJob]), { db: handle.db, repos, config });
    const payload = { metric: { source: 'kpi', name: 'conversions' }, horizon: { kind: 'duration', unit: 'week', count: 4, text: '4w' }, granularity: 'week' };
    await expect(executor.execute({ jobId: 'empty', name: 'forecast', payload }, () => {})).rejects.toThrow(BadInputError);
  });

  it('forecasts a constant weekly revenue as that constant, naming the fallback', async () => {
    await insertOrders(handle.db, weeklyOrders('2024-01-01', 30, () => 1000));
    const { data, reply } = await run('revenue 6w');
    expect(data.points).toHaveLength(6);
    for (const p of data.points) expect(p.value).toBeCloseTo(1000, 6);
    expect(data.total).toBeCloseTo(6000, 6);
    expect(data.fallback).toBe('every value is the same');
    expect(reply.text).toContain('Fallback used');
    expect(reply.text).toContain('Change: 0.0 % vs the previous 6 weeks');
  });

  it('writes money in the configured currency', async () => {
    await insertOrders(handle.db, weeklyOrders('2024-01-01', 30, (w) => 1000 + 10 * w));
    config = { ...config, currency: 'GBP' };
    const { reply, summary } = await run('revenue 4w');
    expect(reply.text).toMatch(/Expected total: \*£[\d,]+\* \(80 % range £[\d,]+ – £[\d,]+\)/);
    expect(summary).toMatch(/^Revenue, next 4 weeks \(29 Jul – 25 Aug 2024\): £/);
    expect(reply.tables?.[0].title).toBe('Revenue forecast per week (GBP)');
  });

  it('learns a day-of-week pattern from daily orders', async () => {
    const weekdayRevenue = [100, 120, 140, 160, 200, 80, 50];
    const lines: CraftedOrderLine[] = [];
    for (let day = 0; day < 16 * 7; day++) {
      const at = new Date(Date.parse('2024-01-01T12:00:00Z') + day * 86_400_000).toISOString();
      lines.push({ invoice: `D${day}`, customerId: `C${day % 9}`, at, amount: weekdayRevenue[day % 7] });
    }
    await insertOrders(handle.db, lines);
    const { data } = await run('revenue 14d');
    expect(data.granularity).toBe('day');
    expect(data.points[0].period).toBe('2024-04-22');
    data.points.forEach((p, h) => expect(Math.abs(p.value - weekdayRevenue[h % 7])).toBeLessThan(0.1 * weekdayRevenue[h % 7]));
    expectOrderedIntervals(data);
  });

  it('uses a named fallback on a very short series and never returns NaN', async () => {
    await insertOrders(handle.db, weeklyOrders('2024-01-01', 5, (w) => [300, 500, 200, 450, 350][w]));
    const { data, reply } = await run('orders 4w');
    expect(data.model).toContain('too little history');
    expect(reply.text).toContain('Fallback used');
    expectOrderedIntervals(data);
  });

  it('forecasts an imported weekly KPI, filling the missing week', async () => {
    await importSpendFile(handle.db, path.resolve('test/fixtures/forecast-kpi.csv'));
    const { data, reply } = await run('conversions 4w');
    expect(data).toMatchObject({ source: 'kpi', granularity: 'week' });
    expect(data.points[0].period).toBe('2024-05-20');
    // The file grows by 5 a week up to 195; the next weeks continue near 200.
    expect(data.points[0].value).toBeGreaterThan(185);
    expect(data.points[0].value).toBeLessThan(215);
    expectOrderedIntervals(data);
    expect(reply.text).toContain('1 of 20 values are missing');
  });
});
