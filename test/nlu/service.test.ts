import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { helpCommand } from '../../commands/help.ts';
import { feedbackCommand } from '../../commands/feedback.ts';
import { retrainCommand } from '../../commands/retrain.ts';
import { classifyLines, classifyText } from '../../src/cli/nlu.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { loadCorpus } from '../../src/nlu/corpus.ts';
import { createIntentService } from '../../src/nlu/service.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';

const commands = new CommandRegistry([helpCommand, feedbackCommand, retrainCommand]);
const heldout = loadCorpus('data/intents/heldout.jsonl');

let database: DatabaseHandle;
let repos: Repositories;
beforeEach(async () => {
  database = openDatabase(':memory:');
  repos = createRepositories(database.db);
});
afterEach(() => database.close());

describe('createIntentService', () => {
  it('trains and stores version 1 with CV metrics when there is no model, then reuses it', async () => {
    expect((await repos.models.active('intents'))).toBeUndefined();
    const first = await createIntentService({ repos, commands });
    const stored = (await repos.models.active('intents'))!;
    expect(stored.version).toBe(1);
    expect(stored.metrics).toMatchObject({ folds: 5, inScopeAccuracy: expect.any(Number), outOfScopeRecall: expect.any(Number) });
    const second = await createIntentService({ repos, commands });
    expect((await repos.models.versions('intents'))).toHaveLength(1);
    for (const { text } of heldout) expect(second.interpret(text)).toEqual(first.interpret(text));
  });

  it.each([
    ['forecast revenue for the next 8 weeks', 'forecast revenue 8w'],
    ['how should I split a 75k budget across channels', 'allocate 75000'],
    ['please delete schedule 3', 'schedule delete 3'],
    ['what reports are scheduled', 'schedule list'],
    ['cluster our customers into 5 groups', 'segment k=5'],
    ['send the revenue forecast every monday at 9am', 'schedule create "0 9 * * 1" forecast revenue'],
    ['the bot keeps misunderstanding me, retrain the intent model', 'retrain intents'],
  ])('turns %j into %j', async (text, commandLine) => {
    const service = await createIntentService({ repos, commands });
    expect(await service.interpret(text)).toMatchObject({ action: 'run', commandLine });
  });

  it('puts out-of-scope and empty messages aside without crashing', async () => {
    const service = await createIntentService({ repos, commands });
    for (const text of ["what's the weather like in Paris", '', '   ', '🎉🚀', 'x'.repeat(10_000), 'forecast '.repeat(2000), undefined as unknown as string]) {
      const result = await service.interpret(text);
      expect(Number.isFinite(result.confidence)).toBe(true);
      if (text !== 'forecast '.repeat(2000)) expect(result.action).toBe('out_of_scope');
    }
  });

  it('records feedback as a labelled example, and reload() picks up a newly activated version', async () => {
    const service = await createIntentService({ repos, commands });
    await service.recordFeedback({ text: 'what runs on autopilot', intent: 'schedule.list', predictedIntent: 'out_of_scope', userId: 'U7' });
    expect((await repos.intentExamples.all())).toEqual([expect.objectContaining({ text: 'what runs on autopilot', intent: 'schedule.list', predictedIntent: 'out_of_scope', createdBy: 'U7' })]);
    (await repos.models.add({ kind: 'intents', metrics: {}, payload: (await repos.models.active('intents'))!.payload, activate: true }));
    await service.reload();
    expect(service.version).toBe(2);
  });
});

describe('pulse nlu classify', () => {
  it('prints intent, confidence, alternatives, slots and the decision', async () => {
    const service = await createIntentService({ repos, commands });
    const result = await classifyText(service, 'forecast orders for 6 weeks');
    expect(result).toMatchObject({
      text: 'forecast orders for 6 weeks',
      intent: 'forecast',
      confidence: expect.any(Number),
      slots: { metric: 'orders', horizon: expect.objectContaining({ label: '6w' }) },
      decision: { action: 'run', intent: 'forecast', commandLine: 'forecast orders 6w' },
      modelVersion: 1,
    });
    expect(result.alternatives[0]).toEqual({ intent: 'forecast', confidence: result.confidence });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('answers JSON lines in order and reports bad lines without stopping', async () => {
    const service = await createIntentService({ repos, commands });
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk) => chunks.push(String(chunk)));
    await classifyLines(service, Readable.from('{"text":"show my schedules"}\nnot json\n\n{"text":42}\n'), output);
    const lines = chunks.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({ intent: 'schedule.list' }),
      expect.objectContaining({ line: 2, error: expect.stringMatching(/invalid JSON/) }),
      expect.objectContaining({ line: 4, error: expect.any(String) }),
    ]);
  });
});
