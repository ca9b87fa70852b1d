import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { writeOffLoop } from '../db/sqlite-writer.ts';
import { insertStatements } from './bulk-insert.ts';
import { WriteBatch } from './write-batch.ts';

export interface LastCommand {
  commandLine: string;
  intent: string | null;
  updatedAt: number;
}

type Remembered = { conversationKey: string; commandLine: string; intent: string | null; updatedAt: number };

const COLUMNS = ['conversation_key', 'command_line', 'intent', 'updated_at'] as const;
const REPLACE = 'ON CONFLICT (conversation_key) DO UPDATE SET command_line = excluded.command_line, intent = excluded.intent, updated_at = excluded.updated_at';

/** The last command of each conversation, for follow-ups. One row per conversation key. */
export class ConversationRepository {
  /** Commands of one event-loop turn are remembered together, off the event loop (they follow the ack). */
  private readonly pending: WriteBatch<Remembered>;

  constructor(private readonly db: Db) {
    this.pending = new WriteBatch((items) => {
      const rows = [...new Map(items.map((item) => [item.conversationKey, item])).values()]; // one row per key: the latest
      return writeOffLoop(db, insertStatements('conversation_state', COLUMNS, rows.length, (i) => rememberedRow(rows[i]), REPLACE));
    });
  }

  /** The conversation's last command if it was run after `since` (ms). */
  async lastCommand(conversationKey: string, since: number): Promise<LastCommand | undefined> {
    const [row] = await this.db.query((orm, { conversationState: c }) =>
      orm
        .select({ commandLine: c.commandLine, intent: c.intent, updatedAt: c.updatedAt })
        .from(c)
        .where(and(eq(c.conversationKey, conversationKey), gt(c.updatedAt, since))),
    );
    return row;
  }

  /** Resolves once stored, at the end of the current event-loop turn. */
  remember(conversationKey: string, commandLine: string, intent: string | undefined, at = Date.now()): Promise<void> {
    return this.pending.add({ conversationKey, commandLine, intent: intent ?? null, updatedAt: at });
  }

  async forgetOlderThan(ms: number): Promise<void> {
    await this.db.query((orm, { conversationState: c }) => orm.delete(c).where(lt(c.updatedAt, Date.now() - ms)));
  }
}

function rememberedRow(r: Remembered): unknown[] {
  return [r.conversationKey, r.commandLine, r.intent, r.updatedAt];
}
