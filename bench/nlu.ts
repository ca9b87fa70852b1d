/**
 * Intent classifier: training time on data/intents/corpus.jsonl, classify latency (p50/p99 over
 * 5,000 classifications of held-out texts, slots included), 5-fold CV (the corpus alone over seeds
 * 1–5, as the tests measure it, and with the commands' examples, as the bot trains) and the held-out
 * sets, with the command lines of heldout-v2, v3 and v4 checked against the expected ones.
 * Usage: npm run bench -- nlu [--n 5000]
 */
import { availableParallelism, loadavg } from 'node:os';
import { loadCorpus, loadLabelled } from '../src/nlu/corpus.ts';
import { commandLineAccuracy, crossValidate, EVAL_SLOT_CONTEXT, evaluate, formatCommandLines, formatEvaluation, type EvaluationMetrics } from '../src/nlu/evaluate.ts';
import { DEFAULT_THRESHOLDS } from '../src/nlu/decide.ts';
import { equivalentCommandLines } from '../src/nlu/equivalent-lines.ts';
import type { Example } from '../src/nlu/intents.ts';
import { trainIntentModel } from '../src/nlu/model.ts';
import { registryExamples } from '../src/nlu/training.ts';

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The commands' usage examples, as the bot adds them; none when the command tree cannot be loaded. */
async function commandExamples(): Promise<Example[]> {
  try {
    const { commandRegistry } = await import('../commands/index.ts');
    return registryExamples(commandRegistry);
  } catch (error) {
    console.log(`(command examples left out: ${(error as Error).message})`);
    return [];
  }
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[args.indexOf('--n') + 1]) || 5000;
  const corpus = loadCorpus('data/intents/corpus.jsonl');
  const heldout = loadCorpus('data/intents/heldout.jsonl');
  const labelled = HELD_OUT.map(({ file, about }) => ({ file, about, examples: loadLabelled(`data/intents/${file}`) }));

  const trainings: number[] = [];
  let model = trainIntentModel(corpus);
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    model = trainIntentModel(corpus);
    trainings.push(performance.now() - start);
  }
  console.log(`training on ${corpus.length} examples: median ${trainings.sort((a, b) => a - b)[2].toFixed(1)} ms (goal ≤ 2000 ms)`);

  const context = EVAL_SLOT_CONTEXT;
  const texts = [...heldout, ...labelled.slice(0, 3).flatMap((set) => set.examples)].map((example) => example.text);
  // Warm-up: JIT and lazily loaded modules (cronstrue) are not part of steady-state latency.
  for (const text of texts) model.classify(text, context);
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length];
    const start = performance.now();
    model.classify(text, context);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  console.log(`classify × ${n}: p50 ${(percentile(latencies, 0.5) * 1000).toFixed(0)} µs, p99 ${(percentile(latencies, 0.99) * 1000).toFixed(0)} µs (goal p99 ≤ 1000 µs; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
  // On a shared machine the p99 above also counts time the process waited for a core. Each text's
  // fastest of 5 runs is what classifying it costs; the p99 over texts shows the slowest texts.
  const costs = texts.map((text) => Math.min(...Array.from({ length: 5 }, () => timed(() => model.classify(text, context))))).sort((a, b) => a - b);
  console.log(`classify cost per text (fastest of 5 runs, ${costs.length} texts): p50 ${(percentile(costs, 0.5) * 1000).toFixed(0)} µs, p99 ${(percentile(costs, 0.99) * 1000).toFixed(0)} µs, max ${(costs[costs.length - 1] * 1000).toFixed(0)} µs`);

  console.log('\n5-fold stratified cross-validation (seed 1), data/intents/corpus.jsonl:');
  console.log(formatEvaluation(crossValidate(corpus, { folds: 5, seed: 1 })));
  console.log(formatSeeds(SEEDS.map((seed) => crossValidate(corpus, { folds: 5, seed }))));
  const fromCommands = await commandExamples();
  if (fromCommands.length > 0) {
    const all = crossValidate([...corpus, ...fromCommands], { folds: 5, seed: 1 });
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(`\nwith the ${fromCommands.length} command examples (what the bot trains on): in-scope ${pct(all.inScopeAccuracy)} (clarify ${pct(all.inScopeClarified)}), out-of-scope recall ${pct(all.outOfScopeRecall)}`);
  }
  console.log('\nheld-out (data/intents/heldout.jsonl, model trained on the whole corpus):');
  console.log(formatEvaluation(evaluate(model, heldout)));
  for (const { file, about, examples } of labelled) {
    console.log(`\nheld-out (data/intents/${file}: ${about}; model trained on the whole corpus):`);
    console.log(formatEvaluation(evaluate(model, examples)));
    // Slot accuracy counts a line that makes the command do the same as the expected one (notation
    // aside: "50k" and 50000, "UK" and "United Kingdom"); word for word is printed beside it.
    const lines = commandLineAccuracy(model, examples, context, DEFAULT_THRESHOLDS, (got, expected) => equivalentCommandLines(got, expected));
    const wordForWord = commandLineAccuracy(model, examples, context);
    console.log(formatCommandLines(lines));
    console.log(`  word for word: slot accuracy ${(wordForWord.slotAccuracy * 100).toFixed(1)}%`);
  }
}

const SEEDS = [1, 2, 3, 4, 5];

/**
 * The held-out files with command lines, and how each was made and used: a file's first measurement
 * is the honest one; a file whose misses were then fixed no longer measures fresh text.
 */
const HELD_OUT = [
  { file: 'heldout-v2.jsonl', about: 'metric, clv, segment show, small talk' },
  { file: 'heldout-v3.jsonl', about: 'at least 25 per intent, written before tuning' },
  { file: 'heldout-v4.jsonl', about: 'at least 8 per intent, written for issue 18 before a round of tuning and not tuned on' },
  { file: 'heldout-v5.jsonl', about: 'at least 25 per intent, written fresh for issue 18 by someone who had not seen the corpus; first measured at in-scope 98.1 %, out-of-scope 100 %, slots 90.7 %, then its slot misses were fixed' },
  { file: 'heldout-v6.jsonl', about: 'the same, by someone who had seen neither the corpus nor v5; first measured at in-scope 98.1 %, out-of-scope 100 %, slots 91.4 %, then its slot misses were fixed' },
  { file: 'heldout-v7.jsonl', about: 'the same, after the v6 fixes, unseen v5 and v6; first measured at in-scope 97.7 %, out-of-scope 88.2 %, slots 97.0 %, then its misses were fixed' },
  { file: 'heldout-v8.jsonl', about: 'the same, after the v7 fixes, unseen v5 to v7; first measured at in-scope 95.8 %, out-of-scope 94.1 %, slots 94.9 %, then its misses were fixed' },
  { file: 'heldout-v9.jsonl', about: 'the same, after the v8 fixes, unseen v5 to v8; first measured at in-scope 96.2 %, out-of-scope 100 %, slots 89.8 % (71.4 % word for word), then its misses were fixed' },
  { file: 'heldout-v10.jsonl', about: 'the same, after the v9 fixes, unseen v5 to v9, written with the canonical notation of command lines; first measured at in-scope 95.3 %, out-of-scope 100 %, slots 96.1 % (88.6 % word for word), then its misses were fixed' },
  { file: 'heldout-v11.jsonl', about: 'the same, after the v10 fixes, unseen v5 to v10; first measured at in-scope 97.3 %, out-of-scope 97.3 %, slots 96.6 % (89.6 % word for word), then five slot misses were fixed (intents not tuned on)' },
];

/** One line per bar: each seed's figure and the mean (one added example reshuffles the folds of a single seed). */
function formatSeeds(runs: EvaluationMetrics[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (name: string, pick: (m: EvaluationMetrics) => number) =>
    `  ${name}: ${runs.map((m) => pct(pick(m))).join(' ')}, mean ${pct(runs.reduce((sum, m) => sum + pick(m), 0) / runs.length)}`;
  return [`seeds ${SEEDS.join(', ')}:`, line('in-scope', (m) => m.inScopeAccuracy), line('out-of-scope recall', (m) => m.outOfScopeRecall)].join('\n');
}
