import type { App as PulseApp } from '../../app.ts';
import type { Conversation, IncomingMessage } from '../../core/conversation.ts';
import type { Bot } from '../../core/bot.ts';
import type { Reply } from '../../core/reply.ts';
import type { WorkspaceAdmins } from './admins.ts';

/** What every listener needs: the bot, the app's data, and a way to post replies. */
export interface ListenerContext {
  bot: Bot;
  pulse: PulseApp;
  admins: WorkspaceAdmins;
  send(conversation: Conversation, reply: Reply): Promise<void>;
}

export const ADAPTER_NAME = 'slack';

/** Runs a message through the bot, marking workspace admins; lookup failures just mean "not an admin". */
export async function handleMessage(ctx: ListenerContext, message: Omit<IncomingMessage, 'speakerIsAdmin'>): Promise<Reply[]> {
  const speakerIsAdmin = await ctx.admins.isAdmin(message.conversation.userId).catch((err: unknown) => {
    ctx.pulse.logger.warn({ err }, 'users.info failed; treating the speaker as a non-admin');
    return false;
  });
  return ctx.bot.handle({ ...message, speakerIsAdmin });
}

/** Sends replies one after the other, so they appear in order. */
export async function sendAll(ctx: ListenerContext, conversation: Conversation, replies: Reply[]): Promise<void> {
  for (const reply of replies) await ctx.send(conversation, reply);
}

/** `<@U123> forecast revenue` → `forecast revenue`. */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}
