import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { imports } from '../db/schema.ts';

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

/**
 * The record of each file imported (and of demo seeds). Importing a file's rows and its record in
 * one transaction goes through `ImportStagingRepository` (import-staging.ts).
 */
export class ImportsRepository {
  constructor(private readonly db: Db) {}

  async findByHash(kind: ImportKind, contentHash: string): Promise<ImportRecord | undefined> {
    return this.db
      .select()
      .from(imports)
      .where(and(eq(imports.kind, kind), eq(imports.contentHash, contentHash)))
      .get() as ImportRecord | undefined;
  }

  /** Starts an import's record; its figures are filled in by `complete` once the file is read. */
  async begin(entry: NewImport): Promise<number> {
    const row = this.db
      .insert(imports)
      .values({ ...entry, linesRead: 0, imported: 0, report: {} })
      .returning({ id: imports.id })
      .get();
    return row.id;
  }

  async complete(id: number, figures: { linesRead: number; imported: number; report: unknown }): Promise<void> {
    this.db.update(imports).set(figures).where(eq(imports.id, id)).run();
  }

  async listRecent(limit = 20): Promise<ImportRecord[]> {
    return this.db.select().from(imports).orderBy(desc(imports.id)).limit(limit).all() as ImportRecord[];
  }
}
