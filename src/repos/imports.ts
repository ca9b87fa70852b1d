import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

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
    const [row] = await this.db.query((orm, { imports: i }) => orm.select().from(i).where(and(eq(i.kind, kind), eq(i.contentHash, contentHash))));
    return row as ImportRecord | undefined;
  }

  /** Starts an import's record; its figures are filled in by `complete` once the file is read. */
  async begin(entry: NewImport): Promise<number> {
    const [row] = await this.db.query((orm, { imports: i }) => orm.insert(i).values({ ...entry, linesRead: 0, imported: 0, report: {} }).returning({ id: i.id }));
    return row!.id;
  }

  async complete(id: number, figures: { linesRead: number; imported: number; report: unknown }): Promise<void> {
    await this.db.query((orm, { imports: i }) => orm.update(i).set(figures).where(eq(i.id, id)));
  }

  async listRecent(limit = 20): Promise<ImportRecord[]> {
    return (await this.db.query((orm, { imports: i }) => orm.select().from(i).orderBy(desc(i.id)).limit(limit))) as ImportRecord[];
  }
}
