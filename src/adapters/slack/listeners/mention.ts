import type { App as BoltApp } from '@slack/bolt';
import type { ListenerContext } from '../context.ts';
import { handleConversationEvent, type ConversationEvent } from './conversation-message.ts';

/** `@Pulse …` in a channel. */
export function registerMention(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.event('app_mention', async ({ event, body }) => {
    await handleConversationEvent(ctx, event as ConversationEvent, body.event_id, 'mention');
  });
}
