import { createRandom } from '../ml/random.ts';
import { INTENTS, OUT_OF_SCOPE, type Example, type Intent } from './intents.ts';
import { trainIntentModel, type Classification, type IntentModel, type IntentModelOptions } from './model.ts';
import { decide, DEFAULT_THRESHOLDS, type Thresholds } from './decide.ts';
import { commandLineFor } from './command-line.ts';
import type { LabelledExample } from './corpus.ts';
import type { SlotContext } from './slots/index.ts';

export interface IntentMetrics {
  precision: number;
  recall: number;
  support: number;
}

export interface EvaluationMetrics {
  examples: number;
  accuracy: number;
  /** Accuracy over examples whose true intent is not out_of_scope. */
  inScopeAccuracy: number;
  /** Share of out_of_scope examples predicted out_of_scope. */
  outOfScopeRecall: number;
  /** Share of in-scope examples on which the bot would ask instead of acting (counted as not correct). */
  inScopeClarified: number;
  perIntent: Record<string, IntentMetrics>;
  confusion: Record<string, Record<string, number>>;
}

export interface Prediction {
  actual: Intent;
  /** 'clarify' when the bot would ask instead of acting: never correct. */
  predicted: Intent | 'clarify';
}

export function metricsFromPredictions(predictions: Prediction[]): EvaluationMetrics {
  const confusion: Record<string, Record<string, number>> = {};
  for (const { actual, predicted } of predictions) {
    confusion[actual] ??= {};
    confusion[actual][predicted] = (confusion[actual][predicted] ?? 0) + 1;
  }
  const share = (subset: Prediction[]) => (subset.length === 0 ? 0 : subset.filter((p) => p.actual === p.predicted).length / subset.length);
  const perIntent: Record<string, IntentMetrics> = {};
  for (const intent of INTENTS) {
    const support = predictions.filter((p) => p.actual === intent).length;
    const predictedAs = predictions.filter((p) => p.predicted === intent).length;
    const correct = predictions.filter((p) => p.actual === intent && p.predicted === intent).length;
    if (support === 0 && predictedAs === 0) continue;
    perIntent[intent] = { precision: predictedAs ? correct / predictedAs : 0, recall: support ? correct / support : 0, support };
  }
  const inScope = predictions.filter((p) => p.actual !== OUT_OF_SCOPE);
  return {
    examples: predictions.length,
    accuracy: share(predictions),
    inScopeAccuracy: share(predictions.filter((p) => p.actual !== OUT_OF_SCOPE)),
    outOfScopeRecall: share(predictions.filter((p) => p.actual === OUT_OF_SCOPE)),
    inScopeClarified: inScope.length === 0 ? 0 : inScope.filter((p) => p.predicted === 'clarify').length / inScope.length,
    perIntent,
    confusion,
  };
}

/** What the bot would do with a classification: the intent it runs, 'clarify', or out_of_scope. */
export function decidedIntent(classification: Classification, thresholds: Thresholds = DEFAULT_THRESHOLDS): Intent | 'clarify' {
  const decision = decide(classification, thresholds);
  return decision.action === 'run' ? decision.intent : decision.action === 'clarify' ? 'clarify' : OUT_OF_SCOPE;
}

export function evaluate(model: IntentModel, examples: Example[], thresholds: Thresholds = DEFAULT_THRESHOLDS): EvaluationMetrics {
  return metricsFromPredictions(examples.map((example) => ({ actual: example.intent, predicted: decidedIntent(model.classify(example.text), thresholds) })));
}

/**
 * Stratified k-fold: each intent's examples are shuffled with the seed and dealt round-robin to
 * the folds, so every fold holds about 1/k of every intent.
 */
export function stratifiedFolds(examples: Example[], folds: number, seed: number): number[] {
  const random = createRandom(seed);
  const foldOf = new Array<number>(examples.length);
  for (const intent of INTENTS) {
    const indices = examples.flatMap((example, i) => (example.intent === intent ? [i] : []));
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    indices.forEach((exampleIndex, position) => (foldOf[exampleIndex] = position % folds));
  }
  return foldOf;
}

export interface CrossValidationOptions {
  folds?: number;
  seed?: number;
  model?: Partial<IntentModelOptions>;
  thresholds?: Thresholds;
}

/** Out-of-fold predictions of every example, pooled into one set of metrics. */
export function crossValidatedPredictions(examples: Example[], options: CrossValidationOptions = {}) {
  const folds = options.folds ?? 5;
  const foldOf = stratifiedFolds(examples, folds, options.seed ?? 1);
  const results: Array<{ example: Example; classification: ReturnType<IntentModel['classify']> }> = [];
  for (let fold = 0; fold < folds; fold++) {
    const model = trainIntentModel(examples.filter((_, i) => foldOf[i] !== fold), options.model);
    examples.forEach((example, i) => {
      if (foldOf[i] === fold) results.push({ example, classification: model.classify(example.text) });
    });
  }
  return results;
}

export function crossValidate(examples: Example[], options: CrossValidationOptions = {}): EvaluationMetrics {
  const results = crossValidatedPredictions(examples, options);
  return metricsFromPredictions(
    results.map(({ example, classification }) => ({ actual: example.intent, predicted: decidedIntent(classification, options.thresholds) })),
  );
}

/** What the data knows when held-out command lines are checked: Online Retail's larger countries, the demo's channels. */
export const EVAL_SLOT_CONTEXT: SlotContext = {
  countries: ['United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Belgium', 'Switzerland', 'Portugal', 'Australia', 'Norway', 'Italy', 'USA'],
  channels: ['tv', 'search', 'social', 'display', 'email'],
};

export interface CommandLineMetrics {
  /** In-scope rows with an expected command line. */
  examples: number;
  /** Of those whose intent the bot gets right (it runs it), the share whose command line is exactly the expected one. */
  slotAccuracy: number;
  /** Of all of them, the share where the bot runs exactly the expected command line. */
  endToEnd: number;
  /** The rows that went wrong: what the bot would run instead ('clarify', 'out_of_scope' or a command line). */
  misses: Array<{ text: string; expected: string; got: string }>;
}

/**
 * Checks the command lines the bot would run against the expected ones (rows of a held-out file
 * with an `expected` field), with the data context given (countries are matched against it).
 */
export function commandLineAccuracy(
  model: IntentModel,
  examples: LabelledExample[],
  context: SlotContext = EVAL_SLOT_CONTEXT,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
  /** When the line the bot would run counts as the expected one (word for word by default; see equivalent-lines.ts). */
  same: (got: string, expected: string) => boolean = sameCommandLine,
): CommandLineMetrics {
  const rows = examples.filter((example): example is LabelledExample & { expected: string } => example.intent !== OUT_OF_SCOPE && example.expected !== undefined);
  let intentRight = 0;
  let exact = 0;
  const misses: CommandLineMetrics['misses'] = [];
  for (const { text, intent, expected } of rows) {
    const classification = model.classify(text, context);
    const decided = decidedIntent(classification, thresholds);
    const got = decided === 'clarify' || decided === OUT_OF_SCOPE ? decided : commandLineFor(decided, classification.slots, classification.slotText);
    if (decided === intent) intentRight++;
    if (decided === intent && same(got, expected)) exact++;
    else misses.push({ text, expected, got });
  }
  return { examples: rows.length, slotAccuracy: intentRight === 0 ? 0 : exact / intentRight, endToEnd: rows.length === 0 ? 0 : exact / rows.length, misses };
}

/**
 * The same command line, word for word, except for what the commands read the same way: a year is
 * twelve months and a clv quarter three ("1y" = "12m", "horizon=1q" = "horizon=3m"), a segment
 * name may be quoted or not (`segment show "can't lose them"`), and `metric` reads "ytd", "year to
 * date" and "this year" as the same days (src/answers/metric/period.ts).
 */
export function sameCommandLine(a: string, b: string): boolean {
  const canonical = (line: string) =>
    line
      .replace(/(?<![\w.])(\d+)y\b/g, (_, n: string) => `${Number(n) * 12}m`)
      .replace(/\bhorizon=(\d+)q\b/g, (_, n: string) => `horizon=${Number(n) * 3}m`)
      .replace(/^(segment (?:show|export)) "([^"]*)"/, '$1 $2')
      .replace(/^(metric \S+) (?:([wmqy])td|(?:this|current) (week|month|quarter|year)|(week|month|quarter|year) to date)\b/, (_, head: string, short?: string, named?: string, toDate?: string) =>
        `${head} this ${named ?? toDate ?? { w: 'week', m: 'month', q: 'quarter', y: 'year' }[short!]}`);
  return a === b || canonical(a) === canonical(b);
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatCommandLines(metrics: CommandLineMetrics): string {
  const lines = [`command lines: ${metrics.examples} in-scope rows with an expected line; slot accuracy ${percent(metrics.slotAccuracy)} (exact line when the intent is right), end to end ${percent(metrics.endToEnd)}`];
  for (const miss of metrics.misses) lines.push(`  ${JSON.stringify(miss.text)}: expected \`${miss.expected}\`, got \`${miss.got}\``);
  return lines.join('\n');
}

export function formatEvaluation(metrics: EvaluationMetrics): string {
  const lines = [
    `examples ${metrics.examples}  accuracy ${percent(metrics.accuracy)}  in-scope ${percent(metrics.inScopeAccuracy)} (clarify ${percent(metrics.inScopeClarified)})  out-of-scope recall ${percent(metrics.outOfScopeRecall)}`,
    '',
    `${'intent'.padEnd(18)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'support'.padStart(9)}  mistaken for`,
  ];
  for (const [intent, m] of Object.entries(metrics.perIntent)) {
    const errors = Object.entries(metrics.confusion[intent] ?? {})
      .filter(([predicted]) => predicted !== intent)
      .map(([predicted, count]) => `${predicted}×${count}`)
      .join(', ');
    lines.push(`${intent.padEnd(18)}${percent(m.precision).padStart(10)}${percent(m.recall).padStart(10)}${String(m.support).padStart(9)}  ${errors}`);
  }
  return lines.join('\n');
}
