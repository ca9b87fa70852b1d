import { PulseError } from '../errors.ts';
import type { Repositories } from '../repos/index.ts';
import type { ModelRow } from '../repos/models.ts';
import type { Example } from './intents.ts';
import { MODEL_KIND, notWorse, trainingExamples, trainWithMetrics, type StoredMetrics } from './training.ts';

/** Only the intent model has parameters that later answers use; segments and forecasts fit on each run. */
export const RETRAIN_KINDS = ['intents'] as const;

export interface IntentRetrainOutcome {
  version: number;
  activated: boolean;
  forced: boolean;
  previous?: { version: number; metrics: Partial<StoredMetrics> };
  metrics: StoredMetrics;
}

/**
 * Trains on corpus + command examples + feedback, measures by stratified 5-fold CV and stores a
 * new version. It becomes active only when it is not worse than the active one on either bar, or
 * when forced.
 */
export async function retrainIntents(
  repos: Pick<Repositories, 'models' | 'intentExamples'>,
  commandExamples: Example[],
  options: { force?: boolean; requestedBy?: string; corpusPath?: string } = {},
): Promise<IntentRetrainOutcome> {
  const active = await repos.models.active(MODEL_KIND);
  const previousMetrics = active ? (active.metrics as Partial<StoredMetrics>) : undefined;
  const intentExamples = await repos.intentExamples.all();
  const { model, metrics } = trainWithMetrics(trainingExamples({ commandExamples, intentExamples, corpusPath: options.corpusPath }));
  const activate = Boolean(options.force) || notWorse(metrics, previousMetrics);
  const row = await repos.models.add({ kind: MODEL_KIND, metrics, payload: JSON.stringify(model.toJSON()), activate, createdBy: options.requestedBy });
  if (!row) throw new PulseError('E_BUSY', 'Another retrain stored a new model version at the same moment; nothing changed. Ask again to retrain on top of it.');
  return {
    version: row.version,
    activated: activate,
    forced: Boolean(options.force),
    previous: active ? { version: active.version, metrics: previousMetrics ?? {} } : undefined,
    metrics,
  };
}

/** Reactivates the version just below the active one; undefined when there is none. */
export async function rollbackModel(repos: Pick<Repositories, 'models'>, kind: string): Promise<{ from: number; to: ModelRow } | undefined> {
  const active = await repos.models.active(kind);
  if (!active) return undefined;
  const previous = (await repos.models.versions(kind, 1000)).find((row) => row.version < active.version);
  if (!previous) return undefined;
  const activated = await repos.models.activate(kind, previous.version);
  return activated ? { from: active.version, to: activated } : undefined;
}
