import type { App as BoltApp } from '@slack/bolt';
import type { ListenerContext } from '../context.ts';
import { handleConversationEvent, type ConversationEvent } from './conversation-message.ts';

/** Messages in the DM with Pulse (message.im); other channels' messages and bot messages are ignored. */
export function registerDirectMessage(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.event('message', async ({ event, body }) => {
    if (!('channel_type' in event) || event.channel_type !== 'im') return;
    await handleConversationEvent(ctx, event as unknown as ConversationEvent, body.event_id, 'dm');
  });
}
