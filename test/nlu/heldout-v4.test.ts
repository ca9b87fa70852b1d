import { DEFAULT_THRESHOLDS } from '../../src/nlu/decide.ts';
import { equivalentCommandLines } from '../../src/nlu/equivalent-lines.ts';
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadLabelled } from '../../src/nlu/corpus.ts';
import { commandLineAccuracy, EVAL_SLOT_CONTEXT, evaluate } from '../../src/nlu/evaluate.ts';
import { INTENTS } from '../../src/nlu/intents.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';

const corpus = loadCorpus('data/intents/corpus.jsonl');
const heldoutV4 = loadLabelled('data/intents/heldout-v4.jsonl');
const model = trainIntentModel(corpus);

/**
 * data/intents/heldout-v4.jsonl was written for issue 18 before the second round of work on the
 * model (typos, long and two-clause sentences, out-of-scope marketing questions and small talk; every
 * in-scope row with the command line the bot should run) and is not tuned on. Measured before that
 * round: 95.5 % in-scope, 83.3 % out-of-scope recall, slot accuracy 92.1 % (src/nlu/README.md says
 * which changes of that round also touched its rows). The floors sit a little
 * below what the model measures now (src/nlu/README.md), so a change cannot lower them unnoticed.
 */
describe('fourth held-out set (every intent, written before tuning, not tuned on)', () => {
  it('holds at least 8 utterances per intent, every in-scope one with its command line, none of them in the corpus or the other held-out sets', () => {
    for (const intent of INTENTS) expect(heldoutV4.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(8);
    expect(heldoutV4.filter((e) => e.intent !== 'out_of_scope' && e.expected === undefined)).toEqual([]);
    const others = ['heldout', 'heldout-v2', 'heldout-v3'].flatMap((name) => loadCorpus(`data/intents/${name}.jsonl`));
    const seen = new Set([...corpus, ...others].map((e) => e.text.toLowerCase()));
    expect(heldoutV4.filter((e) => seen.has(e.text.toLowerCase()))).toEqual([]);
  });

  it('does not fall below the measured intent figures (bars 97 % / 95 %; measured 99.2 % in-scope, 91.7 % out-of-scope: 22 of 24)', () => {
    const metrics = evaluate(model, heldoutV4);
    expect(metrics.inScopeAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(metrics.outOfScopeRecall).toBeGreaterThanOrEqual(0.875);
  });

  it('gives the expected command line for the rows whose intent is right (measured slot accuracy 99.2 %, end to end 98.5 %)', () => {
    const lines = commandLineAccuracy(model, heldoutV4, EVAL_SLOT_CONTEXT, DEFAULT_THRESHOLDS, (got, expected) => equivalentCommandLines(got, expected));
    expect(lines.slotAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(lines.endToEnd).toBeGreaterThanOrEqual(0.97);
  });
});
