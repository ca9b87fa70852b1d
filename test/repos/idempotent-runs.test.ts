import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

/** A job retried after its first attempt stored its result (then failed) must not store it twice. */
describe(`stored runs are idempotent per job (${testDialect})`, () => {
  let handle: TestDatabase;
  let repos: Repositories;
  beforeEach(async () => {
    handle = await openTestDatabase();
    repos = createRepositories(handle.db);
  });
  afterEach(() => handle.close());
  const count = async (table: string) => (await handle.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

  it('segment runs and their assignments', async () => {
    const run = { jobRunId: 'job-1', comparableKey: 'k', params: {}, k: 1, asOf: 0, centres: [], scaling: {}, segments: [], metrics: {} };
    const assignments = [{ customerId: 'c1', cluster: 0, segment: 'Loyal', recencyDays: 1, frequency: 2, monetary: 3 }];
    const first = await repos.segments.saveRun(run, assignments);
    const again = await repos.segments.saveRun(run, assignments);
    expect(again.id).toBe(first.id);
    expect([await count('segment_runs'), await count('segment_assignments')]).toEqual([1, 1]);
    await repos.segments.saveRun({ ...run, jobRunId: 'job-2' }, assignments);
    expect(await count('segment_runs')).toBe(2);
  });

  it('clv runs and their customers', async () => {
    const run = { jobRunId: 'job-1', params: {}, asOf: 0, horizonDays: 90, customers: 1, model: {}, totals: {} };
    const customers = { ids: ['c1'], pAlive: [0.5], expectedPurchases: [1], expectedOrderValue: [10], clv: [10] };
    const first = await repos.clvRuns.saveRun(run, customers);
    expect((await repos.clvRuns.saveRun(run, customers)).id).toBe(first.id);
    expect([await count('clv_runs'), await count('clv_customers')]).toEqual([1, 1]);
  });

  it('forecast runs', async () => {
    const run = { jobRunId: 'job-1', channelId: 'C1', scheduleId: null, metric: 'revenue', grain: 'week', country: null, dataEnd: 0, points: [] };
    const first = await repos.forecastRuns.save(run);
    expect((await repos.forecastRuns.save(run)).id).toBe(first.id);
    expect(await count('forecast_runs')).toBe(1);
  });
});
