import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/ml/random.ts';
import type { Fault, RecordedCall } from '../adapters/slack/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from '../adapters/slack/support.ts';
import { SlackRequests } from '../support/fake-slack-process.ts';

const CHANNELS = ['C1', 'C2', 'C3'];
const ROUNDS = 3;
/** Every Web API method Pulse calls, and the upload to the URL Slack hands out. */
const METHODS = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal', 'views.publish', 'users.info'];

/**
 * A seeded fault plan: about a third of all calls get HTTP 429 (Retry-After 1 s), 500 or 503 instead
 * of an answer, never more than two in a row for one method.
 */
function faultPlan(seed: number): (method: string) => Fault | undefined {
  const random = createRandom(seed);
  const streak = new Map<string, number>();
  return (method) => {
    const inRow = streak.get(method) ?? 0;
    const roll = random();
    if (inRow >= 2 || roll > 0.35) {
      streak.set(method, 0);
      return undefined;
    }
    streak.set(method, inRow + 1);
    const kind = random();
    return kind < 0.2 ? { status: 429, retryAfter: 1 } : kind < 0.6 ? { status: 500 } : { status: 503 };
  };
}

const ok = (call: RecordedCall) => call.fault === undefined;
const inChannel = (call: RecordedCall, channel: string) => call.args.channel === channel || call.args.channel_id === channel;

describe('Slack Web API answering 429, 500 and 503', () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('still delivers every message, edit and upload once, in order per channel', async () => {
    harness = await startSlackHarness({ SLACK_WORKSPACE_ADMINS: 'true' }, { retryBackoff: { minTimeout: 100, maxTimeout: 1000 } });
    const { fake } = harness;
    // Each method's first call fails for sure (which calls the seeded plan hits depends on timing); then the plan.
    fake.failNext('chat.postMessage', { status: 503 });
    fake.failNext('chat.update', { status: 500 });
    fake.failNext('files.getUploadURLExternal', { status: 429, retryAfter: 1 });
    fake.failNext('users.info', { status: 500 });
    fake.failNext('chat.postEphemeral', { status: 429, retryAfter: 1 });
    fake.failNext('views.publish', { status: 503 });
    fake.failNext('upload', { status: 503 });
    fake.failNext('files.completeUploadExternal', { status: 500 });
    fake.faultPlan = faultPlan(7);
    const slack = new SlackRequests(harness.eventsUrl, `${fake.url}/respond`);

    const sent = new Map<string, string[]>(CHANNELS.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const channel of CHANNELS) {
        for (const text of ['chart', 'spin 300']) {
          expect((await slack.slashCommand(text, { channelId: channel })).status).toBe(200);
          sent.get(channel)!.push(text);
        }
      }
    }
    await slack.event({ type: 'app_mention', user: 'U7', text: '<@UBOT> secret', channel: 'C9', ts: '3000.000100' }, 'EvSecret');
    await slack.event({ type: 'app_mention', user: 'U7', text: '<@UBOT> help spin', channel: 'C9', ts: '3001.000100' }, 'EvHelp');
    await slack.event({ type: 'app_home_opened', user: 'U7', channel: 'D1', tab: 'home' }, 'EvHome');

    const jobs = CHANNELS.length * ROUNDS * 2;
    const charts = jobs / 2;
    const results = (calls: RecordedCall[]) => calls.filter((c) => ok(c) && c.method === 'chat.update' && /Here is the chart|Spun for 300 ms/.test(String(c.args.text)));
    await fake.waitFor((calls) => results(calls).length >= jobs && calls.filter((c) => ok(c) && c.method === 'files.completeUploadExternal').length >= charts, 90_000);
    await fake.waitFor((calls) => ['chat.postEphemeral', 'views.publish'].every((m) => calls.some((c) => ok(c) && c.method === m)), 30_000);
    await harness.handle.app.queue.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show

    const calls = fake.calls;
    for (const channel of CHANNELS) {
      const mine = calls.filter((c) => ok(c) && inChannel(c, channel));
      const acks = mine.filter((c) => c.method === 'chat.postMessage');
      // One ack per command, in the order the commands were sent.
      expect(acks.map((c) => (String(c.args.text).startsWith('Drawing') ? 'chart' : 'spin 300'))).toEqual(sent.get(channel));
      for (const ack of acks) {
        const ts = (ack.answer as { ts: string }).ts;
        const edits = mine.filter((c) => c.method === 'chat.update' && c.args.ts === ts);
        const last = edits.at(-1)!;
        expect(results([last])).toHaveLength(1); // the result is the last word
        expect(results(edits)).toHaveLength(1); // and it was written once
        expect(mine.indexOf(ack)).toBeLessThan(mine.indexOf(edits[0]));
        const completes = mine.filter((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts);
        expect(completes).toHaveLength(String(ack.args.text).startsWith('Drawing') ? 1 : 0);
        if (completes.length) expect(mine.indexOf(completes[0])).toBeGreaterThan(mine.indexOf(last));
      }
    }
    expect(fake.uploads).toHaveLength(charts);
    expect(calls.filter((c) => ok(c) && c.method === 'chat.postEphemeral')).toHaveLength(1);
    expect(calls.filter((c) => ok(c) && c.method === 'chat.postMessage' && c.args.channel === 'C9')).toHaveLength(1);
    expect(calls.filter((c) => ok(c) && c.method === 'views.publish')).toHaveLength(1);

    const faulted = new Set(calls.filter((c) => c.fault).map((c) => c.method));
    expect(METHODS.filter((m) => !faulted.has(m))).toEqual([]); // every method was hit at least once
    const served = fake.faultsServed();
    console.info(`Slack faults: ${calls.length} calls, faults served ${JSON.stringify(served)}; ${jobs} jobs, ${charts} uploads, every one delivered once`);
  }, 150_000);
});
