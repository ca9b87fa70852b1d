import type { App as PulseApp } from '../../app.ts';
import type { Conversation, IncomingMessage } from '../../core/conversation.ts';
import type { Bot, Handling } from '../../core/bot.ts';
import type { Reply } from '../../core/reply.ts';
import type { WorkspaceAdmins } from './admins.ts';

/** What every listener needs: the bot, the app's data, and a way to post replies. */
export interface ListenerContext {
  bot: Bot;
  pulse: PulseApp;
  admins: WorkspaceAdmins;
  send(conversation: Conversation, reply: Reply): Promise<void>;
  /** Runs what a listener does after its ack, so that stopping waits for it. */
  afterAck(work: () => Promise<void>): Promise<void>;
}

export const ADAPTER_NAME = 'slack';

/** Runs a message through the bot to the end, marking workspace admins. */
export async function handleMessage(ctx: ListenerContext, message: Omit<IncomingMessage, 'speakerIsAdmin'>): Promise<Reply[]> {
  return ctx.bot.handle(await markAdmin(ctx, message));
}

/** The bot's first step on a message (what the ack may carry), marking workspace admins; `finish` does the rest. */
export async function receiveMessage(ctx: ListenerContext, message: Omit<IncomingMessage, 'speakerIsAdmin'>): Promise<Handling> {
  return ctx.bot.receive(await markAdmin(ctx, message));
}

/** Workspace admins count as admins; lookup failures just mean "not an admin". */
async function markAdmin(ctx: ListenerContext, message: Omit<IncomingMessage, 'speakerIsAdmin'>): Promise<IncomingMessage> {
  const speakerIsAdmin = await ctx.admins.isAdmin(message.conversation.userId).catch((err: unknown) => {
    ctx.pulse.logger.warn({ err }, 'users.info failed; treating the speaker as a non-admin');
    return false;
  });
  return { ...message, speakerIsAdmin };
}

/** Sends replies one after the other, so they appear in order. */
export async function sendAll(ctx: ListenerContext, conversation: Conversation, replies: Reply[]): Promise<void> {
  for (const reply of replies) await ctx.send(conversation, reply);
}

/** `<@U123> forecast revenue` → `forecast revenue`. */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}
