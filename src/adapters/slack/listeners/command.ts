import type { App as BoltApp, RespondArguments, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Conversation } from '../../../core/conversation.ts';
import type { Reply } from '../../../core/reply.ts';
import { escapeText, renderReply } from '../blocks.ts';
import { ADAPTER_NAME, receiveMessage, type ListenerContext } from '../context.ts';

/** Slack wants the ack within 3 s; past this, ack empty and answer through response_url. */
const ACK_BUDGET_MS = 2000;

/**
 * `/pulse …`: the ack carries the direct answer (arguments checked, errors explained), visible only to
 * the person. Queuing a job and the bookkeeping come after the ack: the job is then acknowledged in
 * the channel with a message that later shows progress and the result, or, when it cannot be queued
 * (Redis down), the person is told why through response_url.
 */
export function registerSlashCommand(bolt: BoltApp, ctx: ListenerContext): void {
  const name = ctx.pulse.config.slack!.command;
  // Bolt runs every listener's middleware chain for every request (some 20 µs each on a 2-core VM,
  // a third of a bare app's whole ack): taken in a global middleware, the slash command, Pulse's
  // busiest path, skips the chains of the event and button listeners. Everything else goes on to them.
  bolt.use(async (args) => {
    if (!('command' in args) || args.command.command !== name) return args.next();
    await answerSlashCommand(ctx, args);
  });
}

async function answerSlashCommand(ctx: ListenerContext, { command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> {
  const conversation: Conversation = { adapter: ADAPTER_NAME, channelId: command.channel_id, userId: command.user_id };
  const receiving = receiveMessage(ctx, { text: command.text, conversation, via: 'command' });
  const received = await Promise.race([receiving, delay(ACK_BUDGET_MS)]);
  const [first, ...others] = received?.replies ?? [];
  await ack(first ? ephemeral(first) : undefined);
  await ctx.afterAck(async () => {
    await nextTurn();
    const handling = received ?? (await receiving);
    for (const reply of received ? others : handling.replies) await respond(ephemeral(reply));
    for (const reply of await handling.finish()) {
      if (reply.job) await postJobMessage(ctx, conversation, reply, respond);
      else await respond(ephemeral(reply));
    }
  });
}

/** The job's message goes in the channel, where it shows progress; where Pulse may not post, the person hears why. */
async function postJobMessage(ctx: ListenerContext, conversation: Conversation, reply: Reply, respond: RespondFn): Promise<void> {
  await ctx.send(conversation, reply).catch(async (err: unknown) => {
    ctx.pulse.logger.warn({ err, channel: conversation.channelId }, 'could not post the job message in the channel');
    await respond({ response_type: 'ephemeral', text: `${escapeText(reply.text)}\n${NOT_IN_CHANNEL_HINT}` });
  });
}

const NOT_IN_CHANNEL_HINT = "_I can't post in this channel, so progress and results will not show here. Invite me with `/invite @Pulse`, or DM me._";

function ephemeral(reply: Reply): RespondArguments {
  const { text, blocks } = renderReply(reply);
  return { response_type: 'ephemeral', text, blocks };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** Lets the requests that arrived with this one be acked before this one's work goes on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
