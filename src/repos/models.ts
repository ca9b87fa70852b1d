import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { models } from '../db/schema.ts';

export type ModelRow = typeof models.$inferSelect;

/** Versioned models per kind (intents, segments, forecasts); at most one active per kind. */
export class ModelRepository {
  constructor(private readonly db: Db) {}

  async active(kind: string): Promise<ModelRow | undefined> {
    return this.db.select().from(models).where(and(eq(models.kind, kind), eq(models.active, true))).get();
  }

  /** The active version's number only (cheap: callers check it before every use). */
  async activeVersion(kind: string): Promise<number | undefined> {
    return this.db.select({ version: models.version }).from(models).where(and(eq(models.kind, kind), eq(models.active, true))).get()?.version;
  }

  async versions(kind: string, limit = 10): Promise<ModelRow[]> {
    return this.db.select().from(models).where(eq(models.kind, kind)).orderBy(desc(models.version)).limit(limit).all();
  }

  /** Stores the next version; activates it (deactivating the others) when `activate` is true. */
  async add(entry: { kind: string; metrics: unknown; payload: string; activate: boolean; createdBy?: string }): Promise<ModelRow> {
    return this.db.transaction((tx) => {
      const current = tx.select({ v: max(models.version) }).from(models).where(eq(models.kind, entry.kind)).get();
      const version = (current?.v ?? 0) + 1;
      if (entry.activate) tx.update(models).set({ active: false }).where(eq(models.kind, entry.kind)).run();
      return tx
        .insert(models)
        .values({ kind: entry.kind, version, metrics: entry.metrics ?? {}, payload: entry.payload, active: entry.activate, createdBy: entry.createdBy })
        .returning()
        .get();
    });
  }

  async activate(kind: string, version: number): Promise<ModelRow | undefined> {
    return this.db.transaction((tx) => {
      const row = tx.select().from(models).where(and(eq(models.kind, kind), eq(models.version, version))).get();
      if (!row) return undefined;
      tx.update(models).set({ active: false }).where(eq(models.kind, kind)).run();
      tx.update(models).set({ active: true }).where(eq(models.id, row.id)).run();
      return { ...row, active: true };
    });
  }
}
