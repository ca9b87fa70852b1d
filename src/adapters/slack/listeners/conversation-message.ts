import type { Conversation, MessageVia } from '../../../core/conversation.ts';
import { ADAPTER_NAME, handleMessage, sendAll, stripMentions, type ListenerContext } from '../context.ts';
import { importRequest, runFileImport, type SharedFile } from '../file-import.ts';

/** The fields Pulse reads from app_mention and message.im events. */
export interface ConversationEvent {
  text?: string;
  user?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  files?: SharedFile[];
}

/**
 * A mention or DM: plain language or a command through the bot, answered in the thread. The
 * Slack event_id makes redelivered events (x-slack-retry-num) a no-op in the core.
 */
export async function handleConversationEvent(ctx: ListenerContext, event: ConversationEvent, eventId: string | undefined, via: MessageVia): Promise<void> {
  if (!event.user || event.bot_id || (event.subtype && event.subtype !== 'file_share')) return;
  const conversation: Conversation = { adapter: ADAPTER_NAME, channelId: event.channel, userId: event.user, threadTs: event.thread_ts ?? event.ts };
  const text = stripMentions(event.text ?? '');
  const kind = importRequest(text, event.files);
  if (kind) {
    await runFileImport(ctx, { conversation, kind, files: event.files!, text, eventId, via });
    return;
  }
  const replies = await handleMessage(ctx, { text, conversation, via, eventId });
  await sendAll(ctx, conversation, replies);
}
