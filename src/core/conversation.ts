import type { AttachedFile } from './files.ts';

/** Where a message came from and where answers go. Carried inside queued jobs, so plain data. */
export interface Conversation {
  /** Adapter name: 'console', 'slack', 'cli', 'schedule' ... */
  adapter: string;
  channelId: string;
  userId: string;
  threadTs?: string;
}

export type MessageVia = 'command' | 'mention' | 'dm' | 'console' | 'schedule' | 'action';

export interface IncomingMessage {
  text: string;
  conversation: Conversation;
  via: MessageVia;
  /** Unique id of the platform event, used to act once on retried deliveries. */
  eventId?: string;
  /** Set by adapters that know the speaker is an admin (e.g. Slack workspace admins). */
  speakerIsAdmin?: boolean;
  /** Files shared with the message (Slack file_share); only their description, never their bytes. */
  files?: AttachedFile[];
  /** Set when a schedule sent the message (via 'schedule'): which one. */
  scheduleId?: number;
}
