import { describe, expect, it } from 'vitest';
import { commandRegistry } from '../../commands/index.ts';
import { readMetricWords, resolvePeriod } from '../../src/answers/metric/request.ts';
import { parseArgs, splitCommandWord } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { loadCorpus, loadLabelled } from '../../src/nlu/corpus.ts';
import { commandLineFor } from '../../src/nlu/command-line.ts';
import { decidedIntent, EVAL_SLOT_CONTEXT } from '../../src/nlu/evaluate.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';
import { checkScheduledCommand, parseCreateText } from '../../src/scheduler/create-args.ts';
import { parseWhen } from '../../src/scheduler/when.ts';

/**
 * The command lines the held-out questions should become are lines the commands accept: the real
 * argument schemas, for `metric` the metric word and the period as the command reads them (the data
 * itself, e.g. whether by=product exists yet, is the command's to check), and for `schedule create`
 * the time and the scheduled command as the scheduler reads them.
 */
/** Each file with the day its periods are read on: v2–v4 were written for Online Retail, v5 and v6 for the demo data (ending today). */
const FILES: Array<[string, number]> = [
  ['data/intents/heldout-v2.jsonl', Date.UTC(2011, 11, 9, 12)],
  ['data/intents/heldout-v3.jsonl', Date.UTC(2011, 11, 9, 12)],
  ['data/intents/heldout-v4.jsonl', Date.UTC(2011, 11, 9, 12)],
  ['data/intents/heldout-v5.jsonl', Date.now()],
  ['data/intents/heldout-v6.jsonl', Date.now()],
  ['data/intents/heldout-v7.jsonl', Date.now()],
  ['data/intents/heldout-v8.jsonl', Date.now()],
  ['data/intents/heldout-v9.jsonl', Date.now()],
  ['data/intents/heldout-v10.jsonl', Date.now()],
  ['data/intents/heldout-v11.jsonl', Date.now()],
];
const lines = [...new Map(FILES.flatMap(([file, now]) => loadLabelled(file).flatMap((e) => (e.expected ? [[e.expected, now] as const] : [])))).entries()];
let NOW = Date.UTC(2011, 11, 9, 12);
/** The weekly KPI the demo data imports (`kpi:revenue`). */
const DEMO_KPIS = ['revenue'];
const BREAKDOWNS = ['country', 'product', 'customer', 'segment', 'channel', 'day', 'week', 'month'];
const isCommandWord = (word: string) => commandRegistry.find(word) !== undefined;

function checkMetric(rest: string): void {
  const args = validateArgs(commandRegistry.find('metric')!, parseArgs(rest));
  const words = readMetricWords(args.positional, DEMO_KPIS, [], NOW);
  expect(words.metric, 'metric word').toBeDefined();
  expect(resolvePeriod(words.periodText, args.by, NOW), `period "${words.periodText}"`).toMatchObject({ ok: true });
  if (args.by !== undefined) expect(BREAKDOWNS).toContain(args.by);
}

describe('expected command lines of the held-out sets (heldout-v2 to v11)', () => {
  it.each(lines)('%s is a line its command accepts', (line, now) => {
    NOW = now;
    checkLine(line);
  });
});

/**
 * The lines the model makes of the held-out sentences are lines the commands accept too (a line the
 * model writes and its command refuses, like a cron field it cannot read back, would fail every time
 * that sentence is asked). Lines without a number for a schedule or alert to change, without a
 * budget to allocate or without an alert's condition are the commands' to ask about (they say what to add).
 */
describe('command lines the model makes of the held-out sentences', () => {
  const model = trainIntentModel(loadCorpus('data/intents/corpus.jsonl'));
  const made = [...new Map(FILES.flatMap(([file, now]) => loadLabelled(file).flatMap((e) => {
    const classification = model.classify(e.text, EVAL_SLOT_CONTEXT);
    const intent = decidedIntent(classification);
    if (intent === 'clarify' || intent === 'out_of_scope') return [];
    const line = commandLineFor(intent, classification.slots, classification.slotText);
    return /^(?:schedule|alert) (?:delete|pause|resume)$|(?:^|\s)allocate$|^alert create \S+(?: by=\w+)?$/.test(line) ? [] : [[line, now] as const];
  }))).entries()];

  it.each(made)('%s is a line its command accepts', (line, now) => {
    NOW = now;
    checkLine(line);
  });
});

function checkLine(line: string): void {
  {
    const { word, rest } = splitCommandWord(line);
    const command = commandRegistry.find(word);
    expect(command, word).toBeDefined();
    if (word === 'metric') return checkMetric(rest);
    if (word === 'schedule' && rest.startsWith('create')) {
      const request = parseCreateText(rest, isCommandWord);
      expect(() => parseWhen(request.when)).not.toThrow();
      expect(checkScheduledCommand(commandRegistry, request.commandText)).toBeDefined();
      if (request.commandText.startsWith('metric ')) checkMetric(splitCommandWord(request.commandText).rest);
      return;
    }
    // A schedule named by its content ("cancel the friday forecast post") cannot be picked by number:
    // the command asks which one, pointing to `schedule list`.
    if (line === 'schedule delete') return expect(() => validateArgs(command!, parseArgs(rest))).toThrow(/which schedule/);
    expect(() => validateArgs(command!, parseArgs(rest))).not.toThrow();
  }
}
