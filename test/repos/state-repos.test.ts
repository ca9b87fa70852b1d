import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

/** The repositories of Pulse's own state (schedules, models, alerts, conversations, runs), on SQLite and on PostgreSQL alike. */
describe(`state repositories (${testDialect})`, () => {
  let handle: TestDatabase;
  let repos: Repositories;
  beforeEach(async () => {
    handle = await openTestDatabase();
    repos = createRepositories(handle.db);
  });
  afterEach(() => handle.close());

  it('schedules: created active, listed per channel in order, deactivated, marked run', async () => {
    const base = { cron: '0 9 * * 1', timezone: 'Europe/London', adapter: 'slack', createdBy: 'U1' };
    const a = await repos.schedules.create({ ...base, commandText: 'forecast', channelId: 'C1' });
    const b = await repos.schedules.create({ ...base, commandText: 'segment', channelId: 'C2' });
    expect(a.active).toBe(true);
    expect((await repos.schedules.listActive()).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await repos.schedules.listActive('C2')).map((s) => s.commandText)).toEqual(['segment']);
    await repos.schedules.markRun(a.id, 1_700_000_000_123);
    expect((await repos.schedules.get(a.id))?.lastRunAt).toBe(1_700_000_000_123);
    await repos.schedules.deactivate(a.id);
    expect((await repos.schedules.listActive()).map((s) => s.id)).toEqual([b.id]);
  });

  it('models: processes adding a version at the same time never both take it, and one version stays active', async () => {
    const added = await Promise.all(
      Array.from({ length: 4 }, (_, i) => repos.models.add({ kind: 'race', metrics: {}, payload: `p${i}`, activate: true })),
    );
    const stored = added.filter((row) => row !== undefined);
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored.map((row) => row.version)).size).toBe(stored.length);
    const versions = await repos.models.versions('race');
    expect(versions).toHaveLength(stored.length); // a version that lost the race left nothing behind
    expect(versions.filter((row) => row.active)).toHaveLength(1);
  });

  it('models: versions numbered per kind, one active, rollback by activate', async () => {
    const v1 = await repos.models.add({ kind: 'intent', metrics: { accuracy: 0.9 }, payload: 'one', activate: true });
    const v2 = await repos.models.add({ kind: 'intent', metrics: { accuracy: 0.95 }, payload: 'two', activate: true });
    await repos.models.add({ kind: 'other', metrics: {}, payload: 'x', activate: false });
    expect([v1?.version, v2?.version]).toEqual([1, 2]);
    expect((await repos.models.active('intent'))?.payload).toBe('two');
    expect((await repos.models.active('intent'))?.metrics).toEqual({ accuracy: 0.95 });
    await repos.models.activate('intent', 1);
    expect(await repos.models.activeVersion('intent')).toBe(1);
    expect((await repos.models.versions('intent')).map((m) => [m.version, m.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(await repos.models.activeVersion('other')).toBeUndefined();
  });

  it('alerts: of two checks of the same breach at once, exactly one records it; recovery once', async () => {
    const alert = await repos.alerts.create({ channelId: 'C1', adapter: 'slack', createdBy: 'U1', metric: 'revenue', grain: 'day', condition: { kind: 'threshold', direction: 'below', value: 5000 }, timezone: 'UTC' });
    expect(alert).toMatchObject({ state: 'normal', paused: false, country: null, condition: { kind: 'threshold', direction: 'below', value: 5000 } });
    const breach = { alertId: alert.id, kind: 'breach' as const, periodStart: '2026-11-30', details: { value: 4000 } };
    const results = await Promise.all([repos.alerts.transition(breach), repos.alerts.transition(breach)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await repos.alerts.get(alert.id))?.state).toBe('breached');
    expect(await repos.alerts.transition({ ...breach, kind: 'recovery', periodStart: '2026-12-01' })).toBe(true);
    // The same breach again, as a second bot would try after the recovery: (alert, period, kind) is posted once.
    expect(await repos.alerts.transition(breach)).toBe(false);
    expect((await repos.alerts.get(alert.id))?.state).toBe('normal');
    expect((await repos.alerts.events(alert.id)).map((e) => [e.kind, e.periodStart, e.details])).toEqual([
      ['breach', '2026-11-30', { value: 4000 }],
      ['recovery', '2026-12-01', { value: 4000 }],
    ]);
    await repos.alerts.setPaused(alert.id, true);
    expect(await repos.alerts.listActive()).toEqual([]);
    expect((await repos.alerts.listForChannel('C1')).map((a) => a.paused)).toEqual([true]);
    await repos.alerts.delete(alert.id);
    expect(await repos.alerts.events(alert.id)).toEqual([]);
  });

  it('conversations: the last command per key, replaced, expiring', async () => {
    await repos.conversations.remember('C1:t1', 'metric revenue last week', 'metric', 1_000);
    await repos.conversations.remember('C1:t1', 'metric revenue last week by=country', 'metric', 2_000);
    expect(await repos.conversations.lastCommand('C1:t1', 0)).toEqual({ commandLine: 'metric revenue last week by=country', intent: 'metric', updatedAt: 2_000 });
    expect(await repos.conversations.lastCommand('C1:t1', 2_000)).toBeUndefined();
    await repos.conversations.forgetOlderThan(60_000);
    expect(await repos.conversations.lastCommand('C1:t1', 0)).toBeUndefined();
  });

  it('intent examples in the order given', async () => {
    await repos.intentExamples.add({ text: 'who are our champions', intent: 'segment', predictedIntent: 'out_of_scope' });
    await repos.intentExamples.add({ text: 'what was revenue', intent: 'metric', source: 'admin' });
    expect((await repos.intentExamples.all()).map((e) => [e.text, e.source])).toEqual([
      ['who are our champions', 'feedback'],
      ['what was revenue', 'admin'],
    ]);
  });

  it('forecast runs: the newest scoreable one by its first period, per channel and country', async () => {
    const point = (periodStart: string) => ({ periodStart, value: 1, lower80: 0, upper80: 2, lower95: 0, upper95: 3 });
    const base = { jobRunId: null, scheduleId: null, metric: 'revenue', grain: 'week', dataEnd: 0 };
    const early = await repos.forecastRuns.save({ ...base, channelId: 'C1', country: null, points: [point('2026-11-02'), point('2026-11-09')] });
    await repos.forecastRuns.save({ ...base, channelId: 'C1', country: null, points: [point('2026-11-23')] });
    await repos.forecastRuns.save({ ...base, channelId: 'C1', country: 'France', points: [point('2026-11-02')] });
    const key = { channelId: 'C1', metric: 'revenue', grain: 'week', country: null, lastCoveredPeriod: '2026-11-16' };
    expect((await repos.forecastRuns.latestScoreable(key))?.id).toBe(early.id);
    expect((await repos.forecastRuns.latestScoreable({ ...key, channelId: 'C2' }))).toBeUndefined();
    expect((await repos.forecastRuns.list({ country: 'France' })).map((r) => r.points[0]?.periodStart)).toEqual(['2026-11-02']);
  });

  it('segments: members by value, each segment’s best sellers net of returns, spend and clv per segment', async () => {
    const db = handle.db;
    for (const [id, country] of [['c1', 'France'], ['c2', 'Germany'], ['c3', null]]) await db.run('INSERT INTO customers (id, country) VALUES (?, ?)', [id, country]);
    for (const [code, name] of [['P1', 'Basket'], ['P2', 'Candle'], ['P3', 'Mug']]) await db.run('INSERT INTO products (code, name) VALUES (?, ?)', [code, name]);
    const line = (invoice: string, customer: string, at: number, amount: number, product: string, isReturn = 0) =>
      db.run('INSERT INTO orders (invoice, customer_id, ordered_at, amount, quantity, country, is_return, product_code) VALUES (?, ?, ?, ?, 1, NULL, ?, ?)', [invoice, customer, at, amount, isReturn, product]);
    await line('i1', 'c1', 1_000, 30.005, 'P1');
    await line('i1', 'c1', 1_000, 20, 'P2');
    await line('i2', 'c2', 2_000, 50, 'P2');
    await line('r1', 'c2', 2_500, -50, 'P2', 1);
    await line('i3', 'c2', 3_000, 10, 'P3');
    await line('i4', 'c3', 9_000, 99, 'P1');
    const run = await repos.segments.saveRun({ jobRunId: null, comparableKey: 'k', params: {}, k: 2, asOf: 10_000, centres: [], scaling: {}, segments: [], metrics: {} }, [
      { customerId: 'c2', cluster: 0, segment: 'Champions', recencyDays: 1, frequency: 2, monetary: 60 },
      { customerId: 'c1', cluster: 0, segment: 'Champions', recencyDays: 2, frequency: 1, monetary: 50 },
      { customerId: 'c3', cluster: 1, segment: 'Lost', recencyDays: 90, frequency: 1, monetary: 99 },
    ]);
    expect((await repos.segments.topMembers(run.id, 'Champions', 5)).map((m) => [m.customerId, m.country])).toEqual([
      ['c2', 'Germany'],
      ['c1', 'France'],
    ]);
    expect((await repos.segments.assignments(run.id)).map((a) => a.customerId)).toEqual(['c1', 'c2', 'c3']);
    const products = await repos.segments.topProductsBySegment(run.id, { until: 5_000 }, 5);
    expect(Object.fromEntries(products)).toEqual({
      Champions: [
        { code: 'P1', name: 'Basket', revenue: 30.01 },
        { code: 'P2', name: 'Candle', revenue: 20 },
        { code: 'P3', name: 'Mug', revenue: 10 },
      ],
    });
    expect([...(await repos.segments.topProductsBySegment(run.id, { since: 2_000, until: 10_000 }, 1, ['Lost'])).entries()]).toEqual([['Lost', [{ code: 'P1', name: 'Basket', revenue: 99 }]]]);
    const spend = await repos.segments.spendBySegment(run.id, 0, 10_000);
    expect(spend.get('Champions')).toBeCloseTo(60.005, 9);
    expect(spend.get('Lost')).toBe(99);
    const clv = await repos.clvRuns.saveRun({ jobRunId: null, params: {}, asOf: 0, horizonDays: 90, customers: 3, model: {}, totals: {} }, {
      ids: ['c1', 'c2', 'c3'],
      pAlive: [0.5, 0.7, 0.1],
      expectedPurchases: [1, 2, 0],
      expectedOrderValue: [10, 20, 30],
      clv: [10, 40, 0],
    });
    expect(Object.fromEntries(await repos.segments.clvBySegment(run.id, clv.id))).toEqual({
      Champions: { customers: 2, meanPAlive: 0.6, expectedRevenue: 50 },
      Lost: { customers: 1, meanPAlive: 0.1, expectedRevenue: 0 },
    });
    const pages: string[][] = [];
    for await (const page of repos.clvRuns.customers(clv.id, 2)) pages.push(page.map((c) => c.customerId));
    expect(pages).toEqual([['c1', 'c2'], ['c3']]);
    expect(await repos.clvRuns.hasCustomers(clv.id)).toBe(true);
  });
});
