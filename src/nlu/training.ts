import { fileURLToPath } from 'node:url';
import type { CommandRegistry } from '../core/registry.ts';
import type { IntentExample } from '../repos/intent-examples.ts';
import { loadCorpus } from './corpus.ts';
import { crossValidate, type EvaluationMetrics } from './evaluate.ts';
import { isIntent, type Example } from './intents.ts';
import { trainIntentModel, type IntentModel } from './model.ts';

export const CORPUS_PATH = fileURLToPath(new URL('../../data/intents/corpus.jsonl', import.meta.url));
export const MODEL_KIND = 'intents';

/** The figures stored with a model version and compared by retrain. */
export interface StoredMetrics {
  examples: number;
  folds: number;
  seed: number;
  accuracy: number;
  inScopeAccuracy: number;
  outOfScopeRecall: number;
  inScopeClarified: number;
}

export interface TrainingSources {
  /** Usage examples of the commands (registryExamples). */
  commandExamples: Example[];
  /** Feedback rows (IntentExampleRepository.all). */
  intentExamples: Array<Pick<IntentExample, 'text' | 'intent'>>;
  corpusPath?: string;
}

/** Each command's usage examples, labelled with the command's first intent. */
export function registryExamples(commands: CommandRegistry): Example[] {
  return commands.commands.flatMap((command) => {
    const intent = command.intents?.[0];
    return isIntent(intent) ? command.examples.map((text) => ({ text, intent })) : [];
  });
}

/** Feedback rows whose intent is known (a row naming an intent that no longer exists is skipped). */
export function feedbackExamples(rows: Array<Pick<IntentExample, 'text' | 'intent'>>): Example[] {
  return rows.flatMap((row) => (isIntent(row.intent) ? [{ text: row.text, intent: row.intent }] : []));
}

/** Corpus + command examples + feedback: everything a model is trained on. */
export function trainingExamples(sources: TrainingSources): Example[] {
  return [...loadCorpus(sources.corpusPath ?? CORPUS_PATH), ...sources.commandExamples, ...feedbackExamples(sources.intentExamples)];
}

export function summarise(metrics: EvaluationMetrics, folds: number, seed: number): StoredMetrics {
  const { examples, accuracy, inScopeAccuracy, outOfScopeRecall, inScopeClarified } = metrics;
  return { examples, folds, seed, accuracy, inScopeAccuracy, outOfScopeRecall, inScopeClarified };
}

/** Trains on all examples and measures the same recipe by stratified 5-fold CV (seed 1). */
export function trainWithMetrics(examples: Example[]): { model: IntentModel; metrics: StoredMetrics } {
  const folds = 5;
  const seed = 1;
  return { model: trainIntentModel(examples), metrics: summarise(crossValidate(examples, { folds, seed }), folds, seed) };
}

/** Not worse on either bar: in-scope accuracy and out_of_scope recall both at least the old figures. */
export function notWorse(candidate: StoredMetrics, current: Partial<StoredMetrics> | undefined): boolean {
  if (current?.inScopeAccuracy === undefined || current.outOfScopeRecall === undefined) return true;
  return candidate.inScopeAccuracy >= current.inScopeAccuracy && candidate.outOfScopeRecall >= current.outOfScopeRecall;
}
