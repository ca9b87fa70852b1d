import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMetricPayload, metricCommand } from '../../commands/metric.ts';
import { metricJob, type MetricJobData } from '../../jobs/metric.ts';
import { loadAnswer, type MetricAnswer } from '../../src/answers/metric/load.ts';
import type { MetricPayload } from '../../src/answers/metric/request.ts';
import { loadConfig } from '../../src/config.ts';
import { parseArgs } from '../../src/core/args.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';
import { rank, readKpi, readLines, readSpend, Reference, spreadReference, sumValues, type Line, type RefMetric, type Span } from '../answers/metric/reference.ts';

const DAY = 86_400_000;
const CENT = 0.005;

/** To the cent for money and counts; ratios (aov, ROAS) to a millionth of their size. */
function expectClose(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(CENT, Math.abs(expected) * 1e-9));
}

interface Fixture {
  handle: TestDatabase;
  repos: Repositories;
  ref: Reference;
  now: number;
}

async function fixture(load: (db: TestDatabase['db']) => Promise<unknown>): Promise<Fixture> {
  const handle = await openTestDatabase();
  await load(handle.db);
  const repos = createRepositories(handle.db);
  const summary = await repos.dataSummary.refresh();
  // "Now" is noon on the day after the last order, so relative periods land on the data.
  const now = Math.floor(summary.orders!.lastOrderAt / DAY) * DAY + DAY + 12 * 3_600_000;
  return { handle, repos, ref: new Reference(await readLines(handle.db)), now };
}

async function ask(f: Fixture, text: string, now = f.now): Promise<{ payload: MetricPayload; answer: MetricAnswer }> {
  const summary = await f.repos.dataSummary.get();
  const raw = parseArgs(text, { knownValues: { country: summary.orders?.countries.map((c) => c.name) ?? [] } });
  const payload = buildMetricPayload(summary, metricCommand.args.parse(raw), now, 'UTC');
  return { payload, answer: await loadAnswer(f.repos, payload) };
}

const countryKey = (l: Line) => l.country ?? '(no country)';
const productKey = (l: Line) => l.product ?? '(no product)';

/** Checks an order-metric answer against the reference: total, comparison, breakdown rows and "all others", series points. */
function checkOrders(f: Fixture, text: string, payload: MetricPayload, answer: MetricAnswer, keyOf?: (l: Line) => string): void {
  const metric = payload.metric.name as RefMetric;
  const window: Span = answer.coverage.window;
  expect(answer.empty, `${text}: ${answer.empty}`).toBeUndefined();
  const total = f.ref.total(metric, window, payload.country);
  expectClose(answer.total.value, total.value, `${text}: total`);
  if (metric === 'returns') expectClose(answer.total.gross, total.gross, `${text}: gross sales`);
  if (payload.compare !== 'none' && !answer.comparison) {
    expect(answer.comparisonNote, `${text}: why there is no comparison`).toMatch(/^no comparison: the orders start on/);
  } else if (payload.compare !== 'none') {
    expectClose(answer.compareTotal?.value, f.ref.total(metric, answer.comparison!.window, payload.country).value, `${text}: comparison total`);
  }
  if (answer.breakdown && keyOf) {
    const current = f.ref.byKey(metric, window, keyOf, payload.country);
    const compare = answer.comparison ? f.ref.byKey(metric, answer.comparison.window, keyOf, payload.country) : undefined;
    const ranked = rank(current);
    const top = ranked.slice(0, payload.top);
    const keys = answer.breakdown.rows.filter((r) => r.kind === 'key');
    expect(keys.map((r) => r.key), `${text}: top keys`).toEqual(top.map(([k]) => k));
    expect(answer.breakdown.keys, `${text}: keys`).toBe(ranked.length);
    keys.forEach((row, i) => {
      expectClose(row.value, top[i][1], `${text}: ${row.key}`);
      if (compare) expectClose(row.compare, compare.get(row.key) ?? (metric === 'aov' ? null : 0), `${text}: ${row.key} compared`);
    });
    const others = answer.breakdown.rows.find((r) => r.kind === 'others');
    if (ranked.length > payload.top) {
      const topKeys = new Set(top.map(([k]) => k));
      // "All others" is the metric with every other key merged into one.
      const rest = (span: Span) => f.ref.byKey(metric, span, (l) => (topKeys.has(keyOf(l)) ? keyOf(l) : '\u0000others'), payload.country).get('\u0000others') ?? (metric === 'aov' ? null : 0);
      expectClose(others?.value, rest(window), `${text}: all others`);
      if (answer.comparison) expectClose(others?.compare, rest(answer.comparison.window), `${text}: all others compared`);
    } else {
      expect(others, `${text}: no "all others" row`).toBeUndefined();
    }
  }
  if (answer.series) {
    for (const point of answer.series.points) {
      const from = Math.max(window.from, Date.parse(`${point.period}T00:00:00Z`));
      const next = answer.series.points[answer.series.points.indexOf(point) + 1];
      const to = next ? Date.parse(`${next.period}T00:00:00Z`) : window.to;
      expectClose(point.value, f.ref.total(metric, { from, to }, payload.country).value, `${text}: ${point.period}`);
    }
    if (['revenue', 'units', 'returns', 'new_customers'].includes(metric) && answer.comparison) {
      const compared = answer.series.points.reduce((s, p) => s + (p.compare ?? 0), 0);
      expect(compared, `${text}: the compared points lie in the comparison window`).toBeLessThanOrEqual((answer.compareTotal?.value ?? 0) + CENT);
    }
  }
}

describe(`metric figures on the demo data agree with a plain JS reference (${testDialect})`, () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture((db) => seedDemo(db, { seed: 42 }));
  }, 120_000);
  afterAll(() => f?.handle.close());

  const questions: Array<[string, ((l: Line) => string) | undefined]> = [
    ['revenue last month', undefined],
    ['revenue yesterday', undefined],
    ['orders this month by=country', countryKey],
    ['customers last quarter by=country vs=last_year top=3', countryKey],
    ['new_customers last quarter by=country', countryKey],
    ['returning_customers last 90 days by=country top=2', countryKey],
    ['new_customers this year by=month', undefined],
    ['returning_customers last 30 days', undefined],
    ['aov last quarter by=customer top=5', (l) => l.customerId],
    ['revenue last month by=customer top=10 vs=last_year', (l) => l.customerId],
    ['units last 90 days by=week', undefined],
    ['returns last month by=country', countryKey],
    ['revenue last month country=Germany vs=last_year', undefined],
    ['customers this year by=month vs=last_year', undefined],
    ['revenue last month by=product', productKey],
    ['units last quarter by=product top=5 vs=last_year', productKey],
    ['customers last 90 days by=product top=3', productKey],
    ['aov last 7 days by=day', undefined],
    ['orders last 4 weeks by=week vs=last_year', undefined],
  ];

  it.each(questions)('%s', async (text, keyOf) => {
    const { payload, answer } = await ask(f, text);
    checkOrders(f, text, payload, answer, keyOf);
  });

  it('splits by the segments of the latest run, customers outside it in their own row', async () => {
    const customers = (await f.handle.db.all<{ id: string }>('SELECT id FROM customers ORDER BY id')).map((r) => r.id);
    const names = ['Champions', 'Loyal', 'At risk', 'Lost'];
    // Every customer but one in ten, spread over four segments by position.
    const assignments = customers.filter((_, i) => i % 10 !== 0).map((customerId, i) => ({ customerId, cluster: i % 4, segment: names[i % 4], recencyDays: 1, frequency: 1, monetary: 1 }));
    await f.repos.segments.saveRun({ jobRunId: null, comparableKey: '{}', params: {}, k: 4, asOf: f.now, centres: [], scaling: {}, segments: [], metrics: {} }, assignments);
    const segmentOf = new Map(assignments.map((a) => [a.customerId, a.segment]));
    const keyOf = (l: Line) => segmentOf.get(l.customerId) ?? 'Not in the segment run';
    for (const text of ['revenue last month by=segment', 'customers last quarter by=segment', 'new_customers this year by=segment top=2', 'aov last month by=segment top=3']) {
      const { payload, answer } = await ask(f, text);
      checkOrders(f, text, payload, answer, keyOf);
      expect(answer.notes.join(' ')).toContain('latest segment run');
    }
  });

  it('answers every example of the command (the training data of its intent too)', async () => {
    for (const example of metricCommand.examples) {
      const { answer } = await ask(f, example.replace(/^metric /, ''));
      expect(answer.total.value === null && !answer.empty && answer.metric.name !== 'aov', example).toBe(false);
    }
  });

  it('spreads weekly spend and KPIs over their days; ROAS is revenue over spend on the same days', async () => {
    const spend = await readSpend(f.handle.db);
    const spendOf = (span: Span) => sumValues(spreadReference(spend, span));
    for (const text of ['spend last month by=channel', 'spend last quarter by=channel top=2 vs=last_year', 'spend this year by=month']) {
      const { answer } = await ask(f, text);
      expectClose(answer.total.value, spendOf(answer.coverage.window), `${text}: total`);
      if (answer.comparison) expectClose(answer.compareTotal?.value, spendOf(answer.comparison.window), `${text}: comparison`);
      if (answer.breakdown) {
        const perChannel = spreadReference(spend, answer.coverage.window);
        for (const row of answer.breakdown.rows.filter((r) => r.kind === 'key')) expectClose(row.value, perChannel.get(row.key), `${text}: ${row.key}`);
        expect(answer.breakdown.rows.reduce((s, r) => s + (r.value ?? 0), 0)).toBeCloseTo(answer.total.value!, 6);
      }
    }
    const { answer: roas } = await ask(f, 'roas last quarter by=week');
    const window = roas.coverage.window;
    expectClose(roas.total.value, (f.ref.total('revenue', window).value as number) / spendOf(window), 'roas total');
    for (const [i, point] of roas.series!.points.entries()) {
      const from = Date.parse(`${point.period}T00:00:00Z`);
      const to = roas.series!.points[i + 1] ? Date.parse(`${roas.series!.points[i + 1].period}T00:00:00Z`) : window.to;
      expectClose(point.value, (f.ref.total('revenue', { from, to }).value as number) / spendOf({ from, to }), `roas ${point.period}`);
    }
    const kpi = await readKpi(f.handle.db, 'revenue');
    const { answer: kpiAnswer } = await ask(f, 'kpi:revenue this year by=month vs=last_year');
    expectClose(kpiAnswer.total.value, sumValues(spreadReference(kpi, kpiAnswer.coverage.window)), 'kpi total');
    expectClose(kpiAnswer.compareTotal?.value, sumValues(spreadReference(kpi, kpiAnswer.comparison!.window)), 'kpi comparison');
  });

  it('compares a running month like for like, and says where the data is for a period without any', async () => {
    const { answer } = await ask(f, 'revenue this month');
    const today = Math.floor(f.now / DAY) * DAY;
    expect(answer.coverage.partial).toMatchObject({ reason: 'running' });
    expect(answer.coverage.window.to).toBe(today);
    const days = (answer.coverage.window.to - answer.coverage.window.from) / DAY;
    expect((answer.comparison!.window.to - answer.comparison!.window.from) / DAY).toBe(Math.min(days, (answer.comparison!.full.to - answer.comparison!.full.from) / DAY));
    const empty = await ask(f, 'revenue 2020-01');
    expect(empty.answer.empty).toMatch(/^There is no data for January 2020: the orders start on \d{4}-\d{2}-\d{2}\. Try `metric revenue \d{4}-\d{2}`\.$/);
  });

  it('runs as a job: a sentence, a table and a chart, and --json data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulse-metric-charts-'));
    try {
      const config = loadConfig({ CHART_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', CURRENCY: 'GBP' }, { ignoreDotenv: true });
      const executor = new InProcessExecutor(createJobRegistry([metricJob]), { db: f.handle.db, repos: f.repos, config });
      const { payload } = await ask(f, 'revenue last quarter by=country top=3');
      const result = await executor.execute({ jobId: 'metric-test', name: 'metric', payload }, () => {});
      const data = result.data as MetricJobData;
      expect(result.reply.text).toMatch(/^\*Revenue\* by country, last quarter \(Q\d \d{4}\): \*£[\d,]+\* in total, (up|down) [\d.]+ % \([+−]£[\d,]+\) on the previous quarter \(Q\d \d{4}: £[\d,]+\)\./);
      expect(result.reply.tables?.[0].columns).toEqual(['Country', 'Revenue (GBP)', 'Share', expect.stringMatching(/^Q\d \d{4}$/), 'Change', 'Change %']);
      expect(result.reply.tables?.[0].rows.at(-1)?.[0]).toBe('Total');
      expect(result.reply.charts?.[0].path).toMatch(/metric-metric-test\.png$/);
      expect(existsSync(result.reply.charts![0].path)).toBe(true);
      expect(data.rows).toHaveLength(4);
      expect(data.rows.reduce((s, r) => s + (r.share ?? 0), 0)).toBeCloseTo(1, 9);
      expect(data.changePct).toBeCloseTo(((data.value! - data.compareValue!) / data.compareValue!) * 100, 9);

      const series = await executor.execute({ jobId: 'metric-series', name: 'metric', payload: (await ask(f, 'orders this year by=month vs=last_year')).payload }, () => {});
      expect(series.reply.text).toContain('on the same dates last year');
      expect(series.reply.tables?.[0].columns).toEqual(['Month', 'Orders', 'Compared with', 'Value then', 'Change %']);
      expect(existsSync(series.reply.charts![0].path)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

const ONLINE_RETAIL = ['online-retail', 'online_retail.csv.gz'] as const;

describe.skipIf(!hasSharedData(...ONLINE_RETAIL))(`metric figures on Online Retail agree with a plain JS reference (${testDialect})`, () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture((db) => importOrdersFile(db, sharedDataFile(...ONLINE_RETAIL)));
  }, 180_000);
  afterAll(() => f?.handle.close());

  it('has "now" the day after the last order (10 December 2011)', () => {
    expect(new Date(f.now).toISOString()).toBe('2011-12-10T12:00:00.000Z');
  });

  const questions: Array<[string, ((l: Line) => string) | undefined]> = [
    ['revenue last month', undefined],
    ['revenue this month', undefined],
    ['revenue 2011-11 by=country', countryKey],
    ['orders Q4 2011 by=country top=5', countryKey],
    ['customers this year by=country', countryKey],
    ['new_customers this year by=country top=5', countryKey],
    ['returning_customers last quarter', undefined],
    ['new_customers this year by=month', undefined],
    ['aov last quarter vs=last_year', undefined],
    ['aov 2011-11 by=country top=3', countryKey],
    ['revenue last quarter by=customer top=10', (l) => l.customerId],
    ['units last 90 days by=week', undefined],
    ['returns last month by=country top=5', countryKey],
    ['orders 2011-11-01..2011-11-30 country=Germany', undefined],
    ['revenue 2011 by=month vs=last_year', undefined],
    ['customers last 30 days by=day', undefined],
    ['revenue 2011-11 by=product', productKey],
    ['units Q4 2011 by=product top=5', productKey],
    ['orders last quarter by=product top=3 vs=last_year', productKey],
    ['returns 2011 by=product top=5', productKey],
  ];

  it.each(questions)('%s', async (text, keyOf) => {
    const { payload, answer } = await ask(f, text);
    checkOrders(f, text, payload, answer, keyOf);
  });

  it('cuts December 2011 where the orders end and compares the same 9 days of November', async () => {
    const running = await ask(f, 'revenue 2011-12');
    expect(running.answer.coverage.partial).toMatchObject({ reason: 'running', days: 9, totalDays: 31 });
    const { answer } = await ask(f, 'revenue 2011-12', Date.UTC(2012, 2, 15));
    expect(answer.coverage.partial).toMatchObject({ reason: 'data-ends', days: 9, totalDays: 31 });
    expect(new Date(answer.comparison!.window.to).toISOString().slice(0, 10)).toBe('2011-11-10');
    // Months of 2010 before the first order are unknown, not zero; the note says the comparison is partial.
    const year = await ask(f, 'revenue 2011 by=month vs=last_year', Date.UTC(2012, 2, 15));
    expect(year.answer.series!.points.map((p) => p.compare === null)).toEqual([...Array(11).fill(true), false]);
    expect(year.answer.notes).toContain('The comparison period is only partly in the data (the orders start on 2010-12-01).');
    // A total against a year with three weeks of data: no comparison, and the reply says why.
    const total = await ask(f, 'revenue 2011 vs=last_year', Date.UTC(2012, 2, 15));
    expect(total.answer.comparison).toBeUndefined();
    expect(total.answer.comparisonNote).toBe('no comparison: the orders start on 2010-12-01, so 2010-01-01..2010-12-09 is only 3 % in the data');
    const later = await ask(f, 'revenue last month', Date.UTC(2012, 2, 15));
    expect(later.answer.empty).toBe('There is no data for last month (February 2012): the orders end on 2011-12-09. Try `metric revenue 2011-11`.');
    const before = await ask(f, 'orders 2010-06 by=country');
    expect(before.answer.empty).toBe('There is no data for June 2010: the orders start on 2010-12-01. Try `metric orders 2010-12 by=country`.');
  });
});
