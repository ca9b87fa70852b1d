import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { imports } from '../db/schema.ts';
import { PulseError } from '../errors.ts';

export type ImportKind = 'orders' | 'spend';

export interface ImportRecord {
  id: number;
  kind: ImportKind;
  fileName: string;
  contentHash: string;
  linesRead: number;
  imported: number;
  report: unknown;
  importedBy: string | null;
  createdAt: number;
}

export interface NewImport {
  kind: ImportKind;
  fileName: string;
  contentHash: string;
  importedBy?: string | null;
}

/** Connections with a write transaction open across awaits (see `withWriteTransaction`). */
const busyConnections = new WeakSet<object>();

export class ImportsRepository {
  constructor(private readonly db: Db) {}

  findByHash(kind: ImportKind, contentHash: string): ImportRecord | undefined {
    return this.db
      .select()
      .from(imports)
      .where(and(eq(imports.kind, kind), eq(imports.contentHash, contentHash)))
      .get() as ImportRecord | undefined;
  }

  /** Starts an import's record; its figures are filled in by `complete` once the file is read. */
  begin(entry: NewImport): number {
    const row = this.db
      .insert(imports)
      .values({ ...entry, linesRead: 0, imported: 0, report: {} })
      .returning({ id: imports.id })
      .get();
    return row.id;
  }

  complete(id: number, figures: { linesRead: number; imported: number; report: unknown }): void {
    this.db.update(imports).set(figures).where(eq(imports.id, id)).run();
  }

  listRecent(limit = 20): ImportRecord[] {
    return this.db.select().from(imports).orderBy(desc(imports.id)).limit(limit).all() as ImportRecord[];
  }

  /**
   * Runs `work` inside one explicit write transaction that stays open across its awaits (a
   * streamed file is read asynchronously). BEGIN IMMEDIATE takes SQLite's write lock at once, so
   * other connections wait; on this connection, a second import or seed started meanwhile is
   * refused rather than silently joining our transaction. Any error rolls everything back.
   */
  async withWriteTransaction<T>(work: () => Promise<T>): Promise<T> {
    const sqlite = this.db.$client;
    if (busyConnections.has(sqlite) || sqlite.inTransaction) {
      throw new PulseError('E_BUSY', 'Another import is writing to this database; try again when it has finished.');
    }
    busyConnections.add(sqlite);
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw err;
      }
    } finally {
      busyConnections.delete(sqlite);
    }
  }
}
