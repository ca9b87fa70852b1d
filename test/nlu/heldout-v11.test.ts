import { describe, expect, it } from 'vitest';
import { loadCorpus, loadLabelled } from '../../src/nlu/corpus.ts';
import { DEFAULT_THRESHOLDS } from '../../src/nlu/decide.ts';
import { equivalentCommandLines } from '../../src/nlu/equivalent-lines.ts';
import { commandLineAccuracy, EVAL_SLOT_CONTEXT, evaluate } from '../../src/nlu/evaluate.ts';
import { INTENTS } from '../../src/nlu/intents.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';

const corpus = loadCorpus('data/intents/corpus.jsonl');
const heldout = loadLabelled('data/intents/heldout-v11.jsonl');
const model = trainIntentModel(corpus);

/**
 * data/intents/heldout-v11.jsonl was written for issue 18 by someone who had seen neither the corpus,
 * nor the other held-out files, nor src/nlu/, and measured once (src/nlu/README.md): in-scope 97.3 %,
 * out-of-scope recall 97.3 %, slot accuracy 96.6 % (98.8 % after five slot misses were fixed in general
 * form; its intents are not tuned on). The floors hold those figures, so a change cannot lower them unnoticed.
 */
describe('eleventh held-out set (written blind, measured once, not tuned on)', () => {
  it('holds at least 28 utterances per intent; 14 of its 374 lines happen to be corpus lines too', () => {
    for (const intent of INTENTS) expect(heldout.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(28);
    // Written blind, it still repeats a few short common lines ("hi", "ty", "tell me a joke", "unmute
    // alert 5"). Without them the figures are 97.2 %, 97.0 % and 96.5 % (README).
    const seen = new Set(corpus.map((e) => e.text.toLowerCase()));
    expect(heldout.filter((e) => seen.has(e.text.toLowerCase())).length).toBe(14);
  });

  it('meets the bars of issue 18: 97 % in-scope, 95 % out-of-scope recall', () => {
    const metrics = evaluate(model, heldout);
    expect(metrics.inScopeAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(metrics.outOfScopeRecall).toBeGreaterThanOrEqual(0.95);
  });

  it('gives a line that does what the expected one does for at least 95 % of the rows whose intent is right', () => {
    const lines = commandLineAccuracy(model, heldout, EVAL_SLOT_CONTEXT, DEFAULT_THRESHOLDS, (got, expected) => equivalentCommandLines(got, expected));
    expect(lines.slotAccuracy).toBeGreaterThanOrEqual(0.98);
  });
});
