import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { helpCommand } from '../../commands/help.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { loadCorpus } from '../../src/nlu/corpus.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';
import { createIntentService, missingIntents } from '../../src/nlu/service.ts';
import { CORPUS_PATH, MODEL_KIND } from '../../src/nlu/training.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const commands = new CommandRegistry([helpCommand]);
const OLDER_INTENTS = new Set(['metric', 'clv', 'alert']);

let database: TestDatabase;
let repos: Repositories;
beforeEach(async () => {
  database = await openTestDatabase();
  repos = createRepositories(database.db);
});
afterEach(() => database.close());

/** A model as stored before metric, clv and alert existed: trained on the corpus without them. */
async function storeOlderModel(): Promise<number> {
  const model = trainIntentModel(loadCorpus(CORPUS_PATH).filter((example) => !OLDER_INTENTS.has(example.intent)));
  expect(missingIntents(model).sort()).toEqual(['alert', 'clv', 'metric']);
  const row = await repos.models.add({ kind: MODEL_KIND, metrics: { inScopeAccuracy: 0.99, outOfScopeRecall: 0.99 }, payload: JSON.stringify(model.toJSON()), activate: true, createdBy: 'U1' });
  return row!.version;
}

describe(`a stored intent model that lacks intents the code defines (${testDialect})`, () => {
  it('is replaced by one trained on today\'s corpus, stored as the new active version; the old one is kept', async () => {
    const old = await storeOlderModel();
    const service = await createIntentService({ repos, commands });
    expect(service.version).toBe(old + 1);
    expect(missingIntents(service.model)).toEqual([]);
    const active = (await repos.models.active(MODEL_KIND))!;
    expect(active.version).toBe(old + 1);
    expect(active.createdBy).toBe(`system: v${old} lacked metric, clv, alert`);
    expect((await repos.models.versions(MODEL_KIND)).map((row) => row.version)).toEqual([old + 1, old]);
    const answer = await service.interpret('what was revenue last week?');
    expect(answer).toMatchObject({ action: 'run', intent: 'metric' });
  });

  it('is also replaced when another process activates it while the service runs (a rollback to it)', async () => {
    const service = await createIntentService({ repos, commands });
    const current = service.version;
    const old = await storeOlderModel();
    expect(old).toBe(current + 1);
    await service.interpret('hello');
    expect(service.version).toBe(old + 1);
    expect(missingIntents(service.model)).toEqual([]);
  });

  it('a stored model that knows every intent is used as it is', async () => {
    const first = await createIntentService({ repos, commands });
    const again = await createIntentService({ repos, commands });
    expect(again.version).toBe(first.version);
    expect(await repos.models.versions(MODEL_KIND)).toHaveLength(1);
  });
});
