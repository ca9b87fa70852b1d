import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clvCommand } from '../../commands/clv.ts';
import { clvExportJob } from '../../jobs/clv-export.ts';
import { clvJob, type ClvJobData } from '../../jobs/clv.ts';
import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { fitBgNbd, fitGammaGamma, summariseTransactions } from '../../src/ml/clv/index.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { hasSharedData, sharedDataFile } from '../support/shared-data.ts';

const AS_OF = Date.parse('1997-09-30T00:00:00Z');
const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

/** Three significant figures, as the papers print them. */
const sig3 = (v: number) => Number(v.toPrecision(3));

/**
 * CDNOW 1/10 sample (`master_id, customer_id, date, quantity, amount`; no invoice column) through the
 * real orders importer (`--map invoice=date`: one order per customer and day), the transactions
 * repository and the models: the published BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma
 * (Fader & Hardie 2013) parameters, in weeks; then the clv job itself (days) on the same data.
 */
describe.skipIf(!hasSharedData('cdnow', 'cdnow_sample.csv'))('clv on CDNOW through the importer and the repository', () => {
  let handle: TestAppHandle;
  const updates: JobUpdate[] = [];
  beforeAll(async () => {
    handle = await createTestApp(
      { QUEUE: 'inline', CURRENCY: 'USD' },
      { executor: 'in-process', intents: false, commands: new CommandRegistry([clvCommand]), jobs: createJobRegistry([clvJob, clvExportJob]) },
    );
    handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
    const report = await importOrdersFile(handle.app.database.db, sharedDataFile('cdnow', 'cdnow_sample.csv'), { map: { invoice: 'date' } });
    expect(report.imported).toBe(6_919);
    expect(report.customers).toBe(2_357);
  }, 60_000);
  afterAll(async () => handle?.cleanup());

  it('reproduces the published parameters to three significant figures (weeks, calibration to 1997-09-30)', async () => {
    const purchases = await handle.app.repos.transactions.purchaseDays({ asOf: AS_OF });
    const summary = summariseTransactions(purchases, { asOf: AS_OF, unit: 'weeks' });
    expect(summary.customers).toHaveLength(2_357);
    const bg = fitBgNbd(summary);
    expect([bg.params.r, bg.params.alpha, bg.params.a, bg.params.b].map(sig3)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(bg.logLikelihood).toBeCloseTo(-9_582.4, 1);
    const gg = fitGammaGamma(summary);
    expect([gg.params.p, gg.params.q, gg.params.gamma].map(sig3)).toEqual([6.25, 3.74, 15.4]);
  });

  it('the clv job runs on it and predicts the 39-week holdout within 15 % (1,882 actual repeat purchases)', async () => {
    const [ack] = await handle.app.bot.handle({ text: 'clv as_of=1997-09-30 horizon=273d', conversation, via: 'command' });
    await handle.app.queue.whenIdle();
    const update = updates.find((u) => u.jobId === ack.job!.id && u.status !== 'progress')!;
    expect(update.status).toBe('completed');
    if (update.status !== 'completed') return;
    const run = (await handle.app.repos.clvRuns.latest())!;
    const totals = run.totals as unknown as ClvJobData['totals'];
    expect(totals.customers).toBe(2_357);
    // Repeat purchase days of these customers from 1997-10-01 to 1998-06-30 (bench/clv.ts): 1,882.
    expect(Math.abs(totals.expectedPurchases - 1_882) / 1_882).toBeLessThan(0.15);
    expect(update.reply.text).toMatch(/Expected from today's 2,357 customers in the next 273 days: \*[\d,]+ purchases\* and \*\$[\d,]+\* of revenue/);
    expect(update.reply.text).not.toContain('Left out'); // the sample's customers all first bought in the first quarter of 1997
    expect(update.reply.tables![0].rows.length).toBe(10);
  }, 60_000);
});
