import { and, desc, eq, gt, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { auditLog } from '../db/schema.ts';
import { warmUpWriter, writeOffLoop } from '../db/sqlite-writer.ts';
import { insertStatements } from './bulk-insert.ts';
import { storableText } from './storable-text.ts';
import { WriteBatch } from './write-batch.ts';

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;

const COLUMNS = ['user_id', 'channel_id', 'source', 'text', 'intent', 'command', 'outcome', 'detail'] as const;

export class AuditRepository {
  /** Entries of one event-loop turn go in together (a burst of commands: one INSERT), off the event loop. */
  private readonly pending: WriteBatch<NewAuditEntry>;

  constructor(private readonly client: Db) {
    this.pending = new WriteBatch((entries) => writeOffLoop(client, insertStatements('audit_log', COLUMNS, entries.length, (i) => auditRow(entries[i]))));
  }

  /** Readies what writes the entries (a thread, for an SQLite file), so the first one does not wait for it. */
  prepareToRecord(): void {
    warmUpWriter(this.client);
  }

  /** Resolves once the entry is stored, at the end of the current event-loop turn; retries while the database is busy. */
  record(entry: NewAuditEntry): Promise<void> {
    return this.pending.add(entry);
  }

  async latest(limit = 20): Promise<AuditEntry[]> {
    return this.client.query((orm, { auditLog: l }) => orm.select().from(l).orderBy(desc(l.id)).limit(limit));
  }

  /** The newest entry of one person in one conversation, newer than `since` (ms), if any. */
  async lastOf(userId: string, channelId: string, since = 0): Promise<AuditEntry | undefined> {
    const [row] = await this.client.query((orm, { auditLog: l }) =>
      orm
        .select()
        .from(l)
        .where(and(eq(l.userId, userId), eq(l.channelId, channelId), gt(l.at, since)))
        .orderBy(desc(l.id))
        .limit(1),
    );
    return row;
  }

  /** The newest plain-language message of one person in one conversation (what `feedback` refers to). */
  async lastInterpreted(userId: string, channelId: string): Promise<AuditEntry | undefined> {
    const [row] = await this.client.query((orm, { auditLog: l }) =>
      orm
        .select()
        .from(l)
        .where(and(eq(l.userId, userId), eq(l.channelId, channelId), isNotNull(l.intent), or(isNull(l.command), ne(l.command, 'feedback'))))
        .orderBy(desc(l.id))
        .limit(1),
    );
    return row;
  }
}

function auditRow(e: NewAuditEntry): unknown[] {
  return [e.userId ?? null, e.channelId ?? null, e.source, e.text ?? null, e.intent ?? null, e.command ?? null, e.outcome, e.detail ?? null].map((value) => storableText(value));
}

