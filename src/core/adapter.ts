import type { Bot } from './bot.ts';
import type { Conversation } from './conversation.ts';
import type { Reply } from './reply.ts';

export type JobUpdate =
  | { jobId: string; name: string; status: 'progress'; percent: number; note?: string }
  | { jobId: string; name: string; status: 'completed'; reply: Reply; summary: string }
  | { jobId: string; name: string; status: 'failed'; error: string };

/** How the core talks back, whatever the platform: replies and updates on queued work. */
export interface ReplyPort {
  send(conversation: Conversation, reply: Reply): Promise<void>;
  jobUpdate(conversation: Conversation, update: JobUpdate): Promise<void>;
}

/** A platform (Slack, console, tests): feeds messages into the bot and renders what comes back. */
export interface Adapter extends ReplyPort {
  readonly name: string;
  start(bot: Bot): Promise<void>;
  stop(): Promise<void>;
}
