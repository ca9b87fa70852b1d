import { afterEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './support.ts';

describe('Slack adapter (HTTP mode, fake Web API)', () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('answers `/pulse help` in the ack, visible only to the person', async () => {
    slack = await startSlackHarness();
    const response = await slack.slashCommand('help');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_type: string; text: string; blocks: Array<{ text?: { text: string } }> };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Pulse answers marketing questions');
    expect(body.blocks.map((b) => b.text?.text).join('\n')).toContain('spin');
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts a queued job in the channel, edits it with progress, then with the result', async () => {
    slack = await startSlackHarness();
    const response = await slack.slashCommand('spin 300');
    expect(response.status).toBe(200);
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('Spun for 300 ms')));
    const posts = slack.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].args).toMatchObject({ channel: 'C1', text: 'Spinning for 300 ms…' });
    const methods = slack.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.method);
    expect(methods[0]).toBe('chat.postMessage');
    const updates = slack.fake.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.slice(0, -1).every((u) => /spin: \d+%/.test(String(u.args.text)))).toBe(true);
    expect(updates.every((u) => u.args.ts === '1001.000100')).toBe(true);
  });
});

describe('Slack rate limits', () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('waits out a 429 on the job message and still edits it in order afterwards', async () => {
    slack = await startSlackHarness();
    slack.fake.rateLimitNext('chat.postMessage');
    await slack.slashCommand('spin 50');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('Spun for 50 ms')));
    const chat = slack.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.method);
    expect(chat.slice(0, 2)).toEqual(['chat.postMessage', 'chat.postMessage']);
    expect(chat.slice(2).every((m) => m === 'chat.update')).toBe(true);
    expect(String(slack.fake.callsTo('chat.update').at(-1)!.args.text)).toContain('Spun for 50 ms');
  });
});

describe('Slack channels Pulse is not in', () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('tells the person through response_url when the job message cannot be posted', async () => {
    slack = await startSlackHarness();
    slack.fake.channelsWithoutBot.add('C1');
    await slack.slashCommand('spin 10');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    const response = slack.fake.callsTo('response_url')[0].args;
    expect(response).toMatchObject({ response_type: 'ephemeral' });
    expect(String(response.text)).toMatch(/^Spinning for 10 ms…\n.*Invite me/);
  });
});
