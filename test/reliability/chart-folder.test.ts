import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.ts';
import type { TestAppHandle } from '../support/app.ts';
import { finalUpdate, say, startBotApp } from '../support/bot.ts';

describe('a chart folder that cannot be written', () => {
  let handle: TestAppHandle | undefined;
  afterEach(async () => {
    await handle?.cleanup();
    handle = undefined;
  });

  it('fails the job with a clear message in the channel, and the bot goes on', async () => {
    const started = await startBotApp({ CHART_DIR: '/dev/null/charts' }); // below a file: no folder can be made
    handle = started.handle;
    await seedDemo(handle.app.database.db, { seed: 42 });
    await handle.app.repos.dataSummary.refresh();
    const ack = await say(handle, 'metric revenue 2025-11');
    const update = finalUpdate(started.updates, ack.job!.id);
    expect(update).toMatchObject({ status: 'failed', error: expect.stringMatching(/^I could not write \/dev\/null\/charts\S* \(a part of the path is not a folder\)\. An admin should check that CHART_DIR/) });
    expect(await handle.app.repos.jobRuns.get(ack.job!.id)).toMatchObject({ status: 'failed', attempts: 1 }); // not retried: it cannot help
    expect((await say(handle, 'help')).text).toMatch(/Pulse/);
  });
});
