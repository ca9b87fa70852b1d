/**
 * Intent classifier: training time on data/intents/corpus.jsonl, classify latency (p50/p99 over
 * 5,000 classifications of held-out texts, slots included), 5-fold CV and held-out figures.
 * Usage: npm run bench -- nlu [--n 5000]
 */
import { loadCorpus } from '../src/nlu/corpus.ts';
import { crossValidate, evaluate, formatEvaluation } from '../src/nlu/evaluate.ts';
import { trainIntentModel } from '../src/nlu/model.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[args.indexOf('--n') + 1]) || 5000;
  const corpus = loadCorpus('data/intents/corpus.jsonl');
  const heldout = loadCorpus('data/intents/heldout.jsonl');

  const trainings: number[] = [];
  let model = trainIntentModel(corpus);
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    model = trainIntentModel(corpus);
    trainings.push(performance.now() - start);
  }
  console.log(`training on ${corpus.length} examples: median ${trainings.sort((a, b) => a - b)[2].toFixed(1)} ms (goal ≤ 2000 ms)`);

  const context = { channels: ['tv', 'search', 'facebook', 'print', 'ooh'], countries: ['United Kingdom', 'Germany'] };
  // Warm-up: JIT and lazily loaded modules (cronstrue) are not part of steady-state latency.
  for (const { text } of heldout) model.classify(text, context);
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = heldout[i % heldout.length].text;
    const start = performance.now();
    model.classify(text, context);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  console.log(`classify × ${n}: p50 ${(percentile(latencies, 0.5) * 1000).toFixed(0)} µs, p99 ${(percentile(latencies, 0.99) * 1000).toFixed(0)} µs (goal p99 ≤ 1000 µs)`);

  console.log('\n5-fold stratified cross-validation (seed 1):');
  console.log(formatEvaluation(crossValidate(corpus, { folds: 5, seed: 1 })));
  console.log('\nheld-out (data/intents/heldout.jsonl, model trained on the whole corpus):');
  console.log(formatEvaluation(evaluate(model, heldout)));
}
