import { z } from 'zod';
import type { Reply } from '../src/core/reply.ts';
import { INTENTS } from '../src/nlu/intents.ts';
import { RETRAIN_KINDS, retrainIntents, type IntentRetrainOutcome } from '../src/nlu/retrain.ts';
import type { StoredMetrics } from '../src/nlu/training.ts';
import { defineJob } from '../src/queue/job.ts';

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

/** Retrains the intent model; it becomes active when not worse on cross-validation, or when forced. */
export const retrainJob = defineJob({
  name: 'retrain',
  summary: 'Retrains the intent model (activated when not worse on cross-validation, or when forced)',
  payload: z.object({
    kind: z.enum(RETRAIN_KINDS),
    force: z.boolean().default(false),
    /** The command registry's usage examples, labelled by the retrain command (jobs have no registry). */
    commandExamples: z.array(z.object({ text: z.string(), intent: z.enum(INTENTS) })).default([]),
  }),
  async run(payload, ctx) {
    await ctx.progress(10, 'Training and cross-validating the intent model');
    const intents = await retrainIntents(ctx.repos, payload.commandExamples, { force: payload.force, requestedBy: ctx.requestedBy });
    const summary = `intents v${intents.version} ${intents.activated ? 'activated' : 'kept inactive'} (in-scope ${percent(intents.metrics.inScopeAccuracy)}, out-of-scope recall ${percent(intents.metrics.outOfScopeRecall)})`;
    return { summary, reply: intentsReply(intents), data: { kind: payload.kind, intents } };
  },
});
