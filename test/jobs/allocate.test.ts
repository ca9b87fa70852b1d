import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { InProcessExecutor } from '../../src/queue/executor.ts';
import { allocateCommand } from '../../commands/allocate.ts';
import { commandRegistry } from '../../commands/index.ts';
import { jobRegistry } from '../../jobs/index.ts';
import { parseArgs } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

async function ask(handle: TestAppHandle, text: string): Promise<{ replies: Reply[]; updates: JobUpdate[] }> {
  const updates: JobUpdate[] = [];
  handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
  const replies = await handle.app.bot.handle({ text, conversation, via: 'command' });
  await handle.app.queue.whenIdle();
  return { replies, updates };
}

const jobRunCount = async (handle: TestAppHandle) => (await handle.app.database.db.get<{ n: number }>('SELECT count(*) AS n FROM job_runs'))!.n;

describe('allocate without spend data', () => {
  let handle: TestAppHandle;
  beforeAll(async () => (handle = await createTestApp({ QUEUE: 'inline' }, { executor: 'in-process' })));
  afterAll(async () => handle.cleanup());

  it('says how to get data and enqueues nothing', async () => {
    const { replies } = await ask(handle, 'allocate 50k');
    expect(replies[0].isError).toBe(true);
    expect(replies[0].text).toMatch(/no spend data.*Import a weekly spend file/s);
    expect(await jobRunCount(handle)).toBe(0);
  });
});

describe('allocate on the demo data', () => {
  let handle: TestAppHandle;
  beforeAll(async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { executor: 'in-process' });
    await seedDemo(handle.app.database.db, { seed: 42 });
  });
  afterAll(async () => handle.cleanup());

  it.each([
    ['allocate 0', /budget must be above 0/],
    ['allocate -5k', /budget must be above 0/],
    ['allocate lots', /"lots" is not an amount/],
    ['allocate 50k period=year', /period must be week or month/],
    ['allocate 50k min.tv=20k max.tv=10k', /minimum for "tv" \(20,000\) is above its maximum \(10,000\)/],
    ['allocate 50k min.tv=60k', /minimums add up to .*more than the budget of 50,000/],
    ['allocate 200k max.tv=1k max.search=1k max.social=1k max.display=1k max.email=1k', /maximums add up to 5,000, less than the budget of 200,000/],
    ['allocate 50k max.radio=10k', /Unknown channel "radio".*Known channels: display, email, search, social, tv/],
    ['allocate 50k lock=radio', /Unknown channel "radio"/],
    ['allocate 50k channels=search,radio', /Unknown channel "radio" \(in channels\).*Known channels: display, email, search, social, tv/],
    ['allocate 50k colour=red', /unknown option "colour"/],
  ])('rejects "%s" before enqueueing', async (text, message) => {
    const { replies } = await ask(handle, text);
    expect(replies).toHaveLength(1);
    expect(replies[0].isError).toBe(true);
    expect(replies[0].text).toMatch(message);
    expect(replies[0].text).toContain('Usage: allocate <budget>');
    expect(await jobRunCount(handle)).toBe(0);
  });

  it('fits, recommends a split of the budget, draws the chart and replies in plain words', async () => {
    const { replies, updates } = await ask(handle, 'allocate 75k EUR min.search=20k lock=email');
    expect(replies[0].job?.name).toBe('allocate');
    expect(updates.filter((u) => u.status === 'progress').length).toBeGreaterThanOrEqual(3);
    const final = updates.find((u) => u.status === 'completed');
    expect(final?.status).toBe('completed');
    if (final?.status !== 'completed') return;

    const { reply } = final;
    expect(reply.text).toMatch(/(move|add|cut) €[\d.]+k .*% media-driven revenue expected/);
    expect(reply.text).toMatch(/R² 0\.9\d\d, NRMSE \d+\.\d %/);
    expect(reply.tables?.[0].rows).toHaveLength(5);
    expect(reply.tables?.[0].rows.some((row) => row[0] === 'email (locked)')).toBe(true);
    // How sure: ROAS and marginal ROAS per channel with 80 % ranges, and the lift's range in the text.
    expect(reply.tables?.[1].columns).toEqual(['Channel', 'ROAS', 'Marginal ROAS']);
    expect(reply.tables?.[1].rows).toHaveLength(5);
    for (const row of reply.tables![1].rows) expect(row[1]).toMatch(/^\d+(\.\d+)?–\d+(\.\d+)?$/);
    expect(reply.text).toMatch(/How sure: (\*no clear gain from moving money\*: )?the gain lies between [−+][\d.]+k? to [−+][\d.]+k? revenue per month/);
    expect(reply.tables?.[2].rows).toHaveLength(2);
    const png = readFileSync(reply.charts![0].path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(await handle.app.repos.models.versions('allocation')).toEqual([]); // nothing stores a fit that nobody reads
  });

  it('returns the JSON data of `pulse run allocate 50000 --json` (same path: command, then the job in process)', async () => {
    const { repos } = handle.app;
    const outcome = await allocateCommand.run({
      args: validateArgs(allocateCommand, parseArgs('50000')),
      message: { text: 'allocate 50000', conversation, via: 'console', speakerIsAdmin: true },
      isAdmin: true,
      repos,
      config: handle.config,
      commands: commandRegistry,
    });
    if (!('enqueue' in outcome)) throw new Error(`expected a job, got: ${outcome.reply.text}`);
    const executor = new InProcessExecutor(jobRegistry, { db: handle.app.database.db, repos, config: handle.config });
    const result = await executor.execute({ jobId: 'json-1', name: outcome.enqueue.job, payload: outcome.enqueue.payload }, () => {});
    const data = result.data as Record<string, any>;

    expect(data.budget).toBe(50_000);
    expect(typeof data.expectedLiftPct).toBe('number');
    expect(data.fit.r2).toBeGreaterThan(0.98);
    expect(data.fit.nrmse).toBeLessThan(0.05);
    expect(data.channels.map((c: { name: string }) => c.name)).toEqual(['display', 'email', 'search', 'social', 'tv']);
    const total = data.channels.reduce((s: number, c: { recommended: number }) => s + c.recommended, 0);
    expect(total).toBeCloseTo(50_000, 0);
    for (const c of data.channels) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['current', 'recommended', 'expected', 'marginalRoas', 'bounds', 'limit', 'limitSetBy', 'breakEvenSpend']));
      expect(['locked', 'max', 'min', 'none']).toContain(c.limit);
    }
    expect(data.outcomeSource).toMatchObject({ kind: 'spend-file-kpi', metric: 'revenue', overlap: { overlaps: true } });
    expect(data.scenarios.map((s: { factor: number }) => s.factor)).toEqual([0.8, 1.2]);
    expect(data.uncertainty.method).toBe('moving-block bootstrap of weeks');
    expect(data.uncertainty.channels.map((c: { name: string }) => c.name)).toEqual(data.channels.map((c: { name: string }) => c.name));
    expect(data.uncertainty.lift.low).toBeLessThanOrEqual(data.uncertainty.lift.high);
    expect(data.uncertainty.clearGain).toBe(data.uncertainty.lift.low > 0);
    expect(data.uncertainty.widening).toBe(1.5);
    expect(data.step).toBeGreaterThanOrEqual(0);
    expect(data.step).toBeLessThanOrEqual(1);
    expect(data.indistinct).toEqual([]);
    expect(existsSync(data.chartPath)).toBe(true);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('splits the budget across the channels named by channels= only', async () => {
    const executor = new InProcessExecutor(jobRegistry, { db: handle.app.database.db, repos: handle.app.repos, config: handle.config });
    const payload = { budget: 40_000, period: 'month', bounds: {}, locks: [], channels: ['search', 'social'] };
    const data = (await executor.execute({ jobId: 'subset-1', name: 'allocate', payload }, () => {})).data as { channels: { name: string; recommended: number }[] };
    expect(data.channels.map((c) => c.name)).toEqual(['search', 'social']);
    expect(data.channels.reduce((s, c) => s + c.recommended, 0)).toBeCloseTo(40_000, 0);
  });

  it('writes amounts in the configured currency unless the budget names its own', async () => {
    const config = { ...handle.config, currency: 'EUR' };
    const executor = new InProcessExecutor(jobRegistry, { db: handle.app.database.db, repos: handle.app.repos, config });
    const payload = { budget: 40_000, period: 'week', bounds: {}, locks: [], channels: ['search', 'social'] };
    const euros = await executor.execute({ jobId: 'currency-1', name: 'allocate', payload }, () => {});
    expect((euros.data as { currency: string }).currency).toBe('EUR');
    expect(euros.reply.text).toContain('€40k');
    const dollars = await executor.execute({ jobId: 'currency-2', name: 'allocate', payload: { ...payload, currency: 'USD' } }, () => {});
    expect((dollars.data as { currency: string }).currency).toBe('USD');
    expect(dollars.reply.text).toContain('$40k');
  });
});
