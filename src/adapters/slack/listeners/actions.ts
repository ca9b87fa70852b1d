import type { App as BoltApp, BlockButtonAction } from '@slack/bolt';
import type { Conversation } from '../../../core/conversation.ts';
import { CHOICE_ACTION, FEEDBACK_RIGHT_ACTION, FEEDBACK_WRONG_ACTION } from '../blocks.ts';
import { ADAPTER_NAME, handleMessage, sendAll, type ListenerContext } from '../context.ts';

/** Buttons: a "did you mean" choice runs its command; right/wrong become a `feedback` command. */
export function registerActions(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.action<BlockButtonAction>(new RegExp(`^${CHOICE_ACTION}`), async ({ ack, body, action }) => {
    await ack();
    await runAsAction(ctx, body, action.value ?? '');
  });
  for (const [actionId, verdict] of [[FEEDBACK_RIGHT_ACTION, 'right'], [FEEDBACK_WRONG_ACTION, 'wrong']] as const) {
    bolt.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      const { text, intent } = JSON.parse(action.value ?? '{}') as { text?: string; intent?: string };
      await runAsAction(ctx, body, `feedback ${verdict} text="${(text ?? '').replace(/"/g, "'")}" predicted=${intent ?? ''}`);
    });
  }
}

async function runAsAction(ctx: ListenerContext, body: BlockButtonAction, text: string): Promise<void> {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!channelId || !text) return;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const conversation: Conversation = { adapter: ADAPTER_NAME, channelId, userId: body.user.id, threadTs: message?.thread_ts ?? message?.ts };
  const replies = await handleMessage(ctx, { text, conversation, via: 'action' });
  await sendAll(ctx, conversation, replies);
}
