import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { conversationState } from '../db/schema.ts';

export interface LastCommand {
  commandLine: string;
  intent: string | null;
  updatedAt: number;
}

/** The last command of each conversation, for follow-ups. One row per conversation key. */
export class ConversationRepository {
  constructor(private readonly db: Db) {}

  /** The conversation's last command if it was run after `since` (ms). */
  async lastCommand(conversationKey: string, since: number): Promise<LastCommand | undefined> {
    return this.db
      .select({ commandLine: conversationState.commandLine, intent: conversationState.intent, updatedAt: conversationState.updatedAt })
      .from(conversationState)
      .where(and(eq(conversationState.conversationKey, conversationKey), gt(conversationState.updatedAt, since)))
      .get();
  }

  async remember(conversationKey: string, commandLine: string, intent: string | undefined, at = Date.now()): Promise<void> {
    const values = { conversationKey, commandLine, intent: intent ?? null, updatedAt: at };
    this.db
      .insert(conversationState)
      .values(values)
      .onConflictDoUpdate({ target: conversationState.conversationKey, set: { commandLine, intent: values.intent, updatedAt: at } })
      .run();
  }

  async forgetOlderThan(ms: number): Promise<void> {
    this.db.delete(conversationState).where(lt(conversationState.updatedAt, Date.now() - ms)).run();
  }
}
