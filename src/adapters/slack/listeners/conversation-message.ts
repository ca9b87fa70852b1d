import type { Conversation, MessageVia } from '../../../core/conversation.ts';
import type { AttachedFile } from '../../../core/files.ts';
import { ADAPTER_NAME, handleMessage, sendAll, stripMentions, type ListenerContext } from '../context.ts';

/** The parts of a Slack file object Pulse reads. */
export interface SharedFile {
  name?: string;
  size?: number;
  url_private_download?: string;
}

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
 * A mention or DM: plain language or a command through the bot, answered in the thread. Shared files
 * travel with the message (described, not downloaded): `import orders` with a CSV is a command like
 * any other. The Slack event_id makes redelivered events (x-slack-retry-num) a no-op in the core.
 */
export async function handleConversationEvent(ctx: ListenerContext, event: ConversationEvent, eventId: string | undefined, via: MessageVia): Promise<void> {
  if (!event.user || event.bot_id || (event.subtype && event.subtype !== 'file_share')) return;
  const conversation: Conversation = { adapter: ADAPTER_NAME, channelId: event.channel, userId: event.user, threadTs: event.thread_ts ?? event.ts };
  const text = stripMentions(event.text ?? '');
  const files = event.files?.map(attachedFile);
  const replies = await handleMessage(ctx, { text, conversation, via, eventId, ...(files?.length ? { files } : {}) });
  await sendAll(ctx, conversation, replies);
}

function attachedFile(file: SharedFile): AttachedFile {
  return { source: 'slack', name: file.name ?? 'file', size: file.size, location: file.url_private_download ?? '' };
}
