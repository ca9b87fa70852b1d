import type { App as BoltApp, RespondArguments } from '@slack/bolt';
import type { Conversation } from '../../../core/conversation.ts';
import type { Reply } from '../../../core/reply.ts';
import { escapeText, renderReply } from '../blocks.ts';
import { ADAPTER_NAME, handleMessage, type ListenerContext } from '../context.ts';

/** Slack wants the ack within 3 s; past this, ack empty and answer through response_url. */
const ACK_BUDGET_MS = 2000;

/**
 * `/pulse …`: direct answers come back in the ack, visible only to the person; queued work is
 * acknowledged in the channel with a message that later shows progress and the result.
 */
export function registerSlashCommand(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.command(ctx.pulse.config.slack!.command, async ({ command, ack, respond }) => {
    const conversation: Conversation = { adapter: ADAPTER_NAME, channelId: command.channel_id, userId: command.user_id };
    const handling = handleMessage(ctx, { text: command.text, conversation, via: 'command' });
    const replies = await Promise.race([handling, delay(ACK_BUDGET_MS)]);
    const inTime = replies !== undefined;
    const direct = (replies ?? []).filter((r) => !r.job);
    await ack(inTime && direct[0] ? ephemeral(direct[0]) : undefined);
    const all = replies ?? (await handling);
    for (const reply of inTime ? direct.slice(1) : all.filter((r) => !r.job)) await respond(ephemeral(reply));
    for (const reply of all.filter((r) => r.job)) {
      await ctx.send(conversation, reply).catch(async (err: unknown) => {
        ctx.pulse.logger.warn({ err, channel: conversation.channelId }, 'could not post the job message in the channel');
        await respond({ response_type: 'ephemeral', text: `${escapeText(reply.text)}\n${NOT_IN_CHANNEL_HINT}` });
      });
    }
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
