import type { IntentService, Interpretation } from '../core/intents.ts';
import type { CommandRegistry } from '../core/registry.ts';
import type { Repositories } from '../repos/index.ts';
import type { ModelRow } from '../repos/models.ts';
import { commandLineFor } from './command-line.ts';
import { decide, DEFAULT_THRESHOLDS, type Thresholds } from './decide.ts';
import { INTENTS, type Intent } from './intents.ts';
import { IntentModel, type Classification } from './model.ts';
import type { SlotContext } from './slots/index.ts';
import { MODEL_KIND, registryExamples, trainingExamples, trainWithMetrics, type StoredMetrics } from './training.ts';

export interface IntentServiceOptions {
  repos: Pick<Repositories, 'models' | 'intentExamples' | 'dataSummary'>;
  commands: CommandRegistry;
  config?: { defaultTimezone?: string };
  thresholds?: Thresholds;
  corpusPath?: string;
}

export interface PulseIntentService extends IntentService {
  readonly model: IntentModel;
  /** The version in use and its stored metrics. */
  readonly version: number;
  readonly metrics: Partial<StoredMetrics>;
  /** Classifies with the channels and countries known at the last `interpret` or `reload`. */
  classify(text: string): Classification;
}

const LABELS: Record<Intent, string> = {
  segment: 'Segment customers',
  forecast: 'Forecast a metric',
  metric: 'Look up a metric',
  clv: 'Churn risk and customer value',
  allocate: 'Split a marketing budget',
  'schedule.create': 'Schedule a recurring report',
  'schedule.list': 'List scheduled reports',
  'schedule.delete': 'Delete a scheduled report',
  alert: 'Set up or change an alert',
  retrain: 'Retrain a model',
  help: 'Show help',
  out_of_scope: 'Something else',
};

/**
 * Intent service on top of the active 'intents' model. With no stored model it trains one from
 * the corpus, the commands' examples and the feedback so far, and stores it as the active version.
 */
export async function createIntentService(options: IntentServiceOptions): Promise<PulseIntentService> {
  const { repos, commands } = options;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  let loaded = await loadOrTrain(options);
  let context: SlotContext = { timezone: options.config?.defaultTimezone };

  /** Channel and country names from the data summary (one row): a nicety, so a failed read must not stop the bot. */
  const refreshContext = async () => {
    const summary = await repos.dataSummary.get().catch(() => undefined);
    context = {
      channels: summary?.spend?.channels.map((c) => c.name) ?? [],
      countries: summary?.orders?.countries.map((c) => c.name) ?? [],
      timezone: options.config?.defaultTimezone,
    };
  };
  await refreshContext();

  const classify = (text: string) => loaded.model.classify(typeof text === 'string' ? text : '', context);

  return {
    get model() {
      return loaded.model;
    },
    get version() {
      return loaded.version;
    },
    get metrics() {
      return loaded.metrics;
    },
    async reload() {
      loaded = await loadOrTrain(options);
      await refreshContext();
    },
    classify,
    async interpret(text: string): Promise<Interpretation> {
      if ((await repos.models.activeVersion(MODEL_KIND)) !== loaded.version) loaded = await loadOrTrain(options);
      await refreshContext();
      const input = typeof text === 'string' ? text : '';
      const result = classify(input);
      const decision = decide(result, thresholds);
      if (decision.action === 'out_of_scope') return { action: 'out_of_scope', confidence: result.confidence };
      if (decision.action === 'run') {
        return { action: 'run', intent: decision.intent, confidence: result.confidence, commandLine: commandLineFor(decision.intent, result.slots, result.slotText) };
      }
      return {
        action: 'clarify',
        confidence: result.confidence,
        choices: decision.choices.map((intent) => ({ intent, label: LABELS[intent], commandLine: commandLineFor(intent, result.slots, result.slotText) })),
      };
    },
    async recordFeedback(entry) {
      await repos.intentExamples.add({ text: entry.text, intent: entry.intent, predictedIntent: entry.predictedIntent, createdBy: entry.userId, source: 'feedback' });
    },
  };

  async function loadOrTrain(settings: IntentServiceOptions): Promise<{ model: IntentModel; version: number; metrics: Partial<StoredMetrics> }> {
    const active = await settings.repos.models.active(MODEL_KIND);
    const stored = active ? fromRow(active) : undefined;
    const lacking = stored ? missingIntents(stored.model) : [];
    if (stored && lacking.length === 0) return stored;
    // None stored, or one stored before some intents existed (metric, clv, alert …), which could never
    // route to them: a model trained on today's corpus becomes the active version (an old one stays for rollback).
    const intentExamples = await settings.repos.intentExamples.all();
    const { model, metrics } = trainWithMetrics(trainingExamples({ commandExamples: registryExamples(commands), intentExamples, corpusPath: settings.corpusPath }));
    const createdBy = active ? `system: v${active.version} lacked ${lacking.join(', ')}` : 'system';
    const row = await settings.repos.models.add({ kind: MODEL_KIND, metrics, payload: JSON.stringify(model.toJSON()), activate: true, createdBy });
    if (row) return { model, version: row.version, metrics };
    // Another process (a second bot starting at the same time) stored this version first: use its model.
    const theirs = await settings.repos.models.active(MODEL_KIND);
    return theirs ? fromRow(theirs) : { model, version: 0, metrics };
  }
}

/** Intents the code defines that a model cannot answer. */
export function missingIntents(model: IntentModel): Intent[] {
  return INTENTS.filter((intent) => !model.intents.includes(intent));
}

function fromRow(row: ModelRow): { model: IntentModel; version: number; metrics: Partial<StoredMetrics> } {
  return { model: IntentModel.fromJSON(row.payload), version: row.version, metrics: (row.metrics ?? {}) as Partial<StoredMetrics> };
}

export { commandLineFor };
