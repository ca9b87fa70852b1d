import { and, desc, eq, gt, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async record(entry: NewAuditEntry): Promise<void> {
    this.db.insert(auditLog).values(entry).run();
  }

  async latest(limit = 20): Promise<AuditEntry[]> {
    return this.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
  }

  /** The newest entry of one person in one conversation, newer than `since` (ms), if any. */
  async lastOf(userId: string, channelId: string, since = 0): Promise<AuditEntry | undefined> {
    return this.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, userId), eq(auditLog.channelId, channelId), gt(auditLog.at, since)))
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get();
  }

  /** The newest plain-language message of one person in one conversation (what `feedback` refers to). */
  async lastInterpreted(userId: string, channelId: string): Promise<AuditEntry | undefined> {
    return this.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, userId), eq(auditLog.channelId, channelId), isNotNull(auditLog.intent), or(isNull(auditLog.command), ne(auditLog.command, 'feedback'))))
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get();
  }
}
