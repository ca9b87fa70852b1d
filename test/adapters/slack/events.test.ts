import { afterEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './support.ts';

const mention = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  user: 'U1',
  text: `<@UBOT> ${text}`,
  channel: 'C1',
  ts: '1700000000.000100',
  ...extra,
});

describe('Slack events, buttons and security', () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('replies to a mention in its thread, and to a DM', async () => {
    slack = await startSlackHarness();
    await slack.event(mention('help'), 'Ev1');
    await slack.event({ type: 'message', channel_type: 'im', user: 'U2', text: 'help spin', channel: 'D1', ts: '1700000001.000100' }, 'Ev2');
    await slack.event({ type: 'message', channel_type: 'im', bot_id: 'B9', user: 'U3', text: 'help', channel: 'D1', ts: '1700000002.000100' }, 'Ev3');
    await slack.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 2);
    const posts = slack.fake.callsTo('chat.postMessage');
    expect(posts[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100' });
    expect(String(posts[0].args.text)).toContain('Pulse answers marketing questions');
    const dm = posts.find((p) => p.args.channel === 'D1')!;
    expect(String(dm.args.text)).toContain('*spin*');
    expect(posts).toHaveLength(2);
  });

  it('runs a queued job once when Slack redelivers the same event', async () => {
    slack = await startSlackHarness();
    await slack.event(mention('spin 50'), 'EvSame');
    await slack.event(mention('spin 50'), 'EvSame', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('Spun')));
    await slack.handle.app.queue.whenIdle();
    expect((await slack.handle.app.repos.jobRuns.latest({ kind: 'spin' }))).toHaveLength(1);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('uploads a job chart as a PNG to the job message thread', async () => {
    slack = await startSlackHarness();
    await slack.slashCommand('chart');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'files.completeUploadExternal'));
    const methods = slack.fake.calls.map((c) => c.method);
    expect(methods.indexOf('chat.update')).toBeLessThan(methods.indexOf('files.getUploadURLExternal'));
    expect(slack.fake.callsTo('files.getUploadURLExternal')[0].args).toMatchObject({ filename: 'revenue-by-month.png' });
    expect(slack.fake.callsTo('files.completeUploadExternal')[0].args).toMatchObject({ channel_id: 'C1', thread_ts: '1001.000100' });
    expect(slack.fake.uploads).toHaveLength(1);
    expect(slack.fake.uploads[0].bytes.includes(Buffer.from('\x89PNG', 'latin1'))).toBe(true);
  });

  it('runs the command behind a clicked "did you mean" button', async () => {
    slack = await startSlackHarness();
    await slack.action(buttonClick({ messageTs: '1700000000.000100', actionId: 'pulse_choice_0', value: 'spin 20' }));
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('Spun for 20 ms')));
    expect(slack.fake.callsTo('chat.postMessage')[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100', text: 'Spinning for 20 ms…' });
    expect((await slack.handle.app.repos.audit.latest(1))[0]).toMatchObject({ source: 'slack:action', command: 'spin', outcome: 'queued' });
  });

  it('turns a right/wrong click into a feedback command about the answered text', async () => {
    slack = await startSlackHarness();
    await slack.action(
      buttonClick({
        messageTs: '1700000000.000200',
        threadTs: '1700000000.000100',
        actionId: 'pulse_feedback_wrong',
        value: JSON.stringify({ text: 'say "hi"', intent: 'help' }),
      }),
    );
    const isReply = (method: string) => method === 'chat.postMessage' || method === 'chat.postEphemeral';
    await slack.fake.waitFor((calls) => calls.some((c) => isReply(c.method)));
    expect((await slack.handle.app.repos.audit.latest(1))[0]).toMatchObject({ source: 'slack:action', text: `feedback wrong text="say 'hi'" predicted=help` });
    expect(slack.fake.calls.find((c) => isReply(c.method))!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100' });
  });

  it('publishes the App Home view', async () => {
    slack = await startSlackHarness();
    await slack.slashCommand('spin 10');
    await slack.adapter.settled(); // the job is queued right after the ack
    await slack.handle.app.queue.whenIdle();
    await slack.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' }, 'EvHome');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'views.publish'));
    const { user_id, view } = slack.fake.callsTo('views.publish')[0].args as { user_id: string; view: { type: string; blocks: unknown[] } };
    expect(user_id).toBe('U1');
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('spin: completed');
    expect(text).toContain('No schedules yet.');
    expect(text).not.toContain('secret');
  });

  it('rejects a forged signature with 401 and enqueues nothing', async () => {
    slack = await startSlackHarness();
    const body = new URLSearchParams({ command: '/pulse', text: 'spin 10', user_id: 'U1', channel_id: 'C1' }).toString();
    const response = await slack.post(body, 'application/x-www-form-urlencoded', { 'x-slack-signature': 'v0=deadbeef' });
    expect(response.status).toBe(401);
    expect((await slack.handle.app.repos.jobRuns.latest())).toHaveLength(0);
    expect((await slack.handle.app.repos.audit.latest())).toHaveLength(0);
  });

  it('rejects a correctly signed request older than five minutes', async () => {
    slack = await startSlackHarness();
    const body = new URLSearchParams({ command: '/pulse', text: 'spin 10', user_id: 'U1', channel_id: 'C1' }).toString();
    const response = await slack.post(body, 'application/x-www-form-urlencoded', {}, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(response.status).toBe(401);
    expect((await slack.handle.app.repos.jobRuns.latest())).toHaveLength(0);
  });

  it('refuses an admin-only command to a non-admin and audits it; workspace admins may run it', async () => {
    slack = await startSlackHarness({ SLACK_WORKSPACE_ADMINS: 'true' });
    slack.fake.workspaceAdmins.add('UADMIN');
    const refused = (await (await slack.slashCommand('secret', 'U1')).json()) as { text: string };
    expect(refused.text).toContain('Only admins may use `secret`');
    await slack.adapter.settled(); // the audit row is written right after the ack
    expect((await slack.handle.app.repos.audit.latest(1))[0]).toMatchObject({ userId: 'U1', source: 'slack:command', outcome: 'refused' });
    const allowed = (await (await slack.slashCommand('secret', 'UADMIN')).json()) as { text: string };
    expect(allowed.text).toBe('the secret');
    expect(slack.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U1', 'UADMIN']);
  });
});

/** A block_actions payload: user U1 clicks a button on a message in channel C1. */
function buttonClick(click: { messageTs: string; threadTs?: string; actionId: string; value: string }) {
  return {
    type: 'block_actions',
    user: { id: 'U1' },
    team: { id: 'T1' },
    channel: { id: 'C1' },
    container: { type: 'message', channel_id: 'C1', message_ts: click.messageTs },
    message: { ts: click.messageTs, ...(click.threadTs ? { thread_ts: click.threadTs } : {}) },
    trigger_id: `trigger-${click.actionId}`,
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'b1', value: click.value, action_ts: '1' }],
  };
}
