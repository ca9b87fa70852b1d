import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { helpCommand } from '../../commands/help.ts';
import { feedbackCommand } from '../../commands/feedback.ts';
import { retrainCommand } from '../../commands/retrain.ts';
import { classifyLines, classifyText } from '../../src/cli/nlu.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { loadCorpus } from '../../src/nlu/corpus.ts';
import { createIntentService, type PulseIntentService } from '../../src/nlu/service.ts';
import type { DataSummary } from '../../src/repos/data-summary.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const commands = new CommandRegistry([helpCommand, feedbackCommand, retrainCommand]);
const heldout = loadCorpus('data/intents/heldout.jsonl');

let database: TestDatabase;
let repos: Repositories;
beforeEach(async () => {
  database = await openTestDatabase();
  repos = createRepositories(database.db);
});
afterEach(() => database.close());

describe(`createIntentService (${testDialect})`, () => {
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

  describe('the questions of the metric, clv and segment show issue', () => {
    // Countries and channels as the data summary has them (the service matches names against it).
    const summary = {
      orders: { countries: ['United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands'].map((name) => ({ name })) },
      spend: { channels: ['tv', 'search', 'social', 'display', 'email'].map((name) => ({ name, recentWeeklySpend: 1000 })) },
      kpis: [],
    } as unknown as DataSummary;
    // One service (one training and CV run) for the whole table.
    let own: TestDatabase;
    let service: PulseIntentService;
    beforeAll(async () => {
      own = await openTestDatabase();
      const ownRepos = createRepositories(own.db);
      service = await createIntentService({ repos: { ...ownRepos, dataSummary: { get: async () => summary } as Repositories['dataSummary'] }, commands });
    });
    afterAll(() => own.close());

    it.each([
      ['what was revenue last week?', 'metric revenue last week'],
      ['orders by country this month vs last month', 'metric orders this month by=country vs=previous'],
      ['top 10 products this quarter', 'metric revenue this quarter by=product top=10'],
      ['how many new customers did we get in November?', 'metric new_customers november'],
      ['which products sell best?', 'metric revenue by=product'],
      ['revenue last week by country vs last year top 5', 'metric revenue last week by=country vs=last_year top=5'],
      ['how much did we spend on ads last month by channel', 'metric spend last month by=channel'],
      ['what was our roas last quarter', 'metric roas last quarter'],
      ['which customers are we about to lose?', 'clv'],
      ['what is our churn risk?', 'clv'],
      ['what are our customers worth?', 'clv'],
      ['customer lifetime value for germany', 'clv country=Germany'],
      ['clv for the next 6 months top 20 in the UK', 'clv horizon=6m top=20 country="United Kingdom"'],
      ['who are our at-risk customers?', 'segment show at risk'],
      ['who are our best customers?', 'segment show champions'],
      ['show me the lost customers', 'segment show lost'],
      ['who are our champions right now', 'segment show champions'],
      ['segment our customers', 'segment'],
      ['which channel has the best ROI?', 'allocate roi'],
      ["what's the marginal roas of each channel", 'allocate roi'],
      ['hi', 'help'],
      ['hi! what do you do', 'help'],
      ['what can you do?', 'help'],
      ['thanks', 'help'],
      ["send me last week's revenue every monday at 9", 'schedule create "0 9 * * 1" metric revenue last week'],
    ])('turns %j into %j', async (text, commandLine) => {
      expect(await service.interpret(text)).toMatchObject({ action: 'run', commandLine });
    });

    it.each(["what's our NPS?", 'write me a tagline', 'how is the weather', 'bye', 'who is going to win the premier league'])('puts %j aside', async (text) => {
      expect((await service.interpret(text)).action).toBe('out_of_scope');
    });
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
