import { z } from 'zod';
import type { Reply } from '../src/core/reply.ts';
import { INTENTS } from '../src/nlu/intents.ts';
import { RETRAIN_KINDS, retrainIntents, type IntentRetrainOutcome } from '../src/nlu/retrain.ts';
import type { StoredMetrics } from '../src/nlu/training.ts';
import { SEASONAL_PERIOD } from '../src/forecasting/calendar.ts';
import { forecast } from '../src/ml/forecast/index.ts';
import { defineJob, type JobContext } from '../src/queue/job.ts';
import { segmentCustomers } from '../src/segments/segmentation.ts';

const FORECAST_CHECK = { metric: 'revenue', granularity: 'week', horizon: 8 } as const;

/**
 * Segments and forecasts have no parameters that later runs reuse: each `segment` run chooses k
 * and each `forecast` run picks its model by backtest. What is stored is a record of that choice on
 * the current data (so it can be compared over time and rolled back), said plainly in the reply.
 */
function recordSegments(ctx: JobContext): string {
  const { customers } = ctx.repos.customerFeatures.features();
  if (customers.length < 9) return `Segments: only ${customers.length} customers have purchases, too few to choose k; nothing stored.`;
  const chosen = segmentCustomers(customers);
  const metrics = { k: chosen.k, silhouette: chosen.silhouette, customers: customers.length, reason: chosen.reason, scores: chosen.scores };
  const row = ctx.repos.models.add({ kind: 'segments', metrics, payload: JSON.stringify({ k: chosen.k, scaling: chosen.scaling, centres: chosen.centres }), activate: true, createdBy: ctx.requestedBy });
  return `Segments v${row.version}: ${chosen.reason} (${customers.length} customers). Segment runs without k= still choose k when they run; this records the current choice.`;
}

function recordForecasts(ctx: JobContext): string {
  const series = ctx.repos.metricSeries.orderSeries(FORECAST_CHECK.metric, FORECAST_CHECK.granularity);
  if (series.values.length < 8) return `Forecasts: only ${series.values.length} weeks of revenue, too few to backtest; nothing stored.`;
  const result = forecast(series.values, { horizon: FORECAST_CHECK.horizon, period: SEASONAL_PERIOD[FORECAST_CHECK.granularity], nonNegative: true });
  const metrics = { ...FORECAST_CHECK, weeks: series.values.length, model: result.model, backtestMase: result.backtestMase ?? null, backtestMape: result.backtestMape ?? null, fallback: result.fallback ?? null };
  const row = ctx.repos.models.add({ kind: 'forecasts', metrics, payload: JSON.stringify(metrics), activate: true, createdBy: ctx.requestedBy });
  const mase = result.backtestMase === undefined ? 'no backtest (series too short)' : `backtest MASE ${result.backtestMase.toFixed(2)}`;
  return `Forecasts v${row.version}: weekly revenue backtest picks *${result.model}* (${mase}, ${series.values.length} weeks). Forecast runs still pick their model when they run; this records the current choice.`;
}

const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${(value * 100).toFixed(1)} %`);

function metricsRow(label: string, version: number, metrics: Partial<StoredMetrics>): string[] {
  return [label, `v${version}`, percent(metrics.inScopeAccuracy), percent(metrics.outOfScopeRecall), String(metrics.examples ?? 'n/a')];
}

function intentsReply(outcome: IntentRetrainOutcome): Reply {
  const verdict = outcome.activated
    ? `*Intent model v${outcome.version} is now active*${outcome.forced ? ' (forced)' : ''}.`
    : `*Intent model v${outcome.version} was stored but not activated*: it is worse than v${outcome.previous?.version} on cross-validation. Use \`retrain intents force\` to activate it anyway.`;
  const rows = [metricsRow('new', outcome.version, outcome.metrics)];
  if (outcome.previous) rows.unshift(metricsRow('previous', outcome.previous.version, outcome.previous.metrics));
  return {
    text: `${verdict}\nMeasured by stratified ${outcome.metrics.folds}-fold cross-validation on ${outcome.metrics.examples} examples (corpus, command examples and feedback).`,
    tables: [{ title: 'Intent model', columns: ['', 'version', 'in-scope accuracy', 'out-of-scope recall', 'examples'], rows }],
  };
}

/** Retrains the intent model (and reports on the kinds that have nothing to train). */
export const retrainJob = defineJob({
  name: 'retrain',
  summary: 'Retrains the intent model (activated when not worse); records the current k choice and forecast backtest',
  payload: z.object({
    kind: z.enum(RETRAIN_KINDS),
    force: z.boolean().default(false),
    /** The command registry's usage examples, labelled by the retrain command (jobs have no registry). */
    commandExamples: z.array(z.object({ text: z.string(), intent: z.enum(INTENTS) })).default([]),
  }),
  async run(payload, ctx) {
    const notes: string[] = [];
    let intents: IntentRetrainOutcome | undefined;
    if (payload.kind === 'intents' || payload.kind === 'all') {
      await ctx.progress(10, 'Training and cross-validating the intent model');
      intents = retrainIntents(ctx.repos, payload.commandExamples, { force: payload.force, requestedBy: ctx.requestedBy });
    }
    if (payload.kind === 'segments' || payload.kind === 'all') {
      await ctx.progress(40, 'Choosing k on the current customers');
      notes.push(recordSegments(ctx));
    }
    if (payload.kind === 'forecasts' || payload.kind === 'all') {
      await ctx.progress(70, 'Backtesting forecast models on weekly revenue');
      notes.push(recordForecasts(ctx));
    }
    const reply: Reply = intents ? intentsReply(intents) : { text: '' };
    reply.text = [reply.text, ...notes].filter(Boolean).join('\n');
    const summary = intents
      ? `intents v${intents.version} ${intents.activated ? 'activated' : 'kept inactive'} (in-scope ${percent(intents.metrics.inScopeAccuracy)}, out-of-scope recall ${percent(intents.metrics.outOfScopeRecall)})`
      : `${payload.kind} recorded`;
    return { summary, reply, data: { kind: payload.kind, intents: intents ?? null, notes } };
  },
});
