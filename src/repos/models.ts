import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { models } from '../db/schema.ts';

export type ModelRow = typeof models.$inferSelect;

class VersionTaken extends Error {}

/** Versioned models per kind (intents, segments, forecasts); at most one active per kind. */
export class ModelRepository {
  constructor(private readonly db: Db) {}

  async active(kind: string): Promise<ModelRow | undefined> {
    const [row] = await this.db.query((orm, { models: m }) => orm.select().from(m).where(and(eq(m.kind, kind), eq(m.active, true))));
    return row;
  }

  /** The active version's number only (cheap: callers check it before every use). */
  async activeVersion(kind: string): Promise<number | undefined> {
    const [row] = await this.db.query((orm, { models: m }) => orm.select({ version: m.version }).from(m).where(and(eq(m.kind, kind), eq(m.active, true))));
    return row?.version;
  }

  async versions(kind: string, limit = 10): Promise<ModelRow[]> {
    return this.db.query((orm, { models: m }) => orm.select().from(m).where(eq(m.kind, kind)).orderBy(desc(m.version)).limit(limit));
  }

  /**
   * Stores the next version; activates it (deactivating the others) when `activate` is true.
   * Undefined, with nothing changed, when another process stored that version at the same time (two
   * bots starting together on one PostgreSQL database both train the first model).
   */
  async add(entry: { kind: string; metrics: unknown; payload: string; activate: boolean; createdBy?: string }): Promise<ModelRow | undefined> {
    return this.db
      .transaction(async (tx) => {
        const [current] = await tx.query((orm, { models: m }) => orm.select({ v: max(m.version) }).from(m).where(eq(m.kind, entry.kind)));
        const version = (current?.v ?? 0) + 1;
        if (entry.activate) await tx.query((orm, { models: m }) => orm.update(m).set({ active: false }).where(eq(m.kind, entry.kind)));
        const [row] = await tx.query((orm, { models: m }) =>
          orm
            .insert(m)
            .values({ kind: entry.kind, version, metrics: entry.metrics ?? {}, payload: entry.payload, active: entry.activate, createdBy: entry.createdBy })
            .onConflictDoNothing({ target: [m.kind, m.version] })
            .returning(),
        );
        if (!row) throw new VersionTaken(); // rolls back the deactivation above
        return row;
      })
      .catch((err: unknown) => {
        if (err instanceof VersionTaken) return undefined;
        throw err;
      });
  }

  async activate(kind: string, version: number): Promise<ModelRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query((orm, { models: m }) => orm.select().from(m).where(and(eq(m.kind, kind), eq(m.version, version))));
      if (!row) return undefined;
      await tx.query((orm, { models: m }) => orm.update(m).set({ active: false }).where(eq(m.kind, kind)));
      await tx.query((orm, { models: m }) => orm.update(m).set({ active: true }).where(eq(m.id, row.id)));
      return { ...row, active: true };
    });
  }
}
