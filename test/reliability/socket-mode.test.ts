import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../adapters/slack/fake-slack.ts';
import { startSlackHarness, type SlackHarness } from '../adapters/slack/support.ts';

const answersIn = (calls: RecordedCall[], channel: string) => calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') && c.args.channel === channel);

function mention(eventId: string, channel: string, text: string) {
  return { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, channel, ts: `${Date.now() / 1000}` } };
}

function slashCommand(text: string, channel: string, responseUrl: string) {
  return { command: '/pulse', text, user_id: 'U1', channel_id: channel, team_id: 'T1', response_url: responseUrl, trigger_id: 't1' };
}

function buttonClick(channel: string, value: string) {
  return {
    type: 'block_actions',
    user: { id: 'U1' },
    team: { id: 'T1' },
    channel: { id: channel },
    container: { type: 'message', channel_id: channel, message_ts: '1700000000.000100' },
    message: { ts: '1700000000.000100' },
    trigger_id: 't2',
    actions: [{ type: 'button', action_id: 'pulse_choice_0', block_id: 'b1', value, action_ts: '1' }],
  };
}

/**
 * Socket Mode (SLACK_APP_TOKEN) against a local WebSocket server standing in for Slack: commands,
 * mentions and button clicks arrive through the socket and are answered; when the server drops the
 * connection, Pulse opens a new one, and an event Slack delivers again is not answered twice.
 */
describe('Socket Mode', () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers a slash command, a mention and a button click, reconnects after a drop, answers nothing twice', async () => {
    harness = await startSlackHarness({ SLACK_APP_TOKEN: 'xapp-1-test' });
    const { fake } = harness;
    const socket = fake.socket;
    const until = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    await until(() => socket.connected === 1, 'the first connection');
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);

    const help = socket.send('slash_commands', slashCommand('help', 'C1', `${fake.url}/respond`));
    await until(() => socket.acks.some((a) => a.envelopeId === help), 'the help ack');
    expect(String(socket.acks.find((a) => a.envelopeId === help)!.payload?.text)).toMatch(/Pulse/); // answered in the ack itself

    socket.send('slash_commands', slashCommand('spin 20', 'C2', `${fake.url}/respond`));
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && c.args.channel === 'C2' && /Spun for 20 ms/.test(String(c.args.text))), 15_000);

    socket.send('events_api', mention('Ev1', 'C3', 'help spin'));
    await fake.waitFor((calls) => answersIn(calls, 'C3').length === 1, 15_000);

    socket.send('interactive', buttonClick('C4', 'help'));
    await fake.waitFor((calls) => answersIn(calls, 'C4').length === 1, 15_000);

    // Slack drops the connection; Pulse asks for a new address and connects again.
    const startedAt = Date.now();
    socket.drop();
    await until(() => socket.connections === 2 && socket.connected === 1, 'the reconnection', 30_000);
    const reconnectMs = Date.now() - startedAt;
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);

    // Slack delivers Ev1 again (its ack may have been lost with the connection), and something new.
    const again = socket.send('events_api', mention('Ev1', 'C3', 'help spin'), 1);
    socket.send('events_api', mention('Ev2', 'C5', 'help'));
    socket.send('slash_commands', slashCommand('spin 20', 'C6', `${fake.url}/respond`));
    await fake.waitFor((calls) => answersIn(calls, 'C5').length === 1 && calls.some((c) => c.method === 'chat.update' && c.args.channel === 'C6' && /Spun/.test(String(c.args.text))), 15_000);
    await until(() => socket.acks.some((a) => a.envelopeId === again), 'the redelivery ack');
    await harness.handle.app.queue.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate

    expect(answersIn(fake.calls, 'C3')).toHaveLength(1); // Ev1 once, though delivered twice
    for (const channel of ['C2', 'C4', 'C5', 'C6']) expect(answersIn(fake.calls, channel)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'chat.update' && /Spun/.test(String(c.args.text)))).toHaveLength(2);
    expect(new Set(socket.acks.map((a) => a.envelopeId)).size).toBe(socket.acks.length); // every envelope acked once
    expect(socket.acks).toHaveLength(7); // 3 slash commands, 3 mentions (one delivered again), 1 click
    console.info(`Socket Mode: 7 envelopes (3 slash commands, 3 mentions of which one delivered twice, 1 click), reconnected in ${reconnectMs} ms after a drop, nothing answered twice`);
  }, 90_000);
});
