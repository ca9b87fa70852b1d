import { asc, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export interface StoredFile {
  id: number;
  filename: string;
  mimeType: string;
  content: Buffer;
}

/** Charts and exports of jobs, carried from the worker to the process that posts the result. */
export class JobFileRepository {
  constructor(private readonly db: Db) {}

  /** Stores one file of a job; returns its id, which the job's reply carries. */
  async save(jobId: string, file: { filename: string; mimeType: string; content: Buffer }): Promise<number> {
    const [row] = await this.db.query((orm, { jobFiles: f }) => orm.insert(f).values({ jobId, ...file }).returning({ id: f.id }));
    return row!.id;
  }

  async get(ids: readonly number[]): Promise<StoredFile[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query((orm, { jobFiles: f }) =>
      orm.select({ id: f.id, filename: f.filename, mimeType: f.mimeType, content: f.content }).from(f).where(inArray(f.id, [...ids])).orderBy(asc(f.id)),
    );
    return rows.map((row) => ({ ...row, content: Buffer.from(row.content) }));
  }

  async deleteOlderThan(ms: number, now = Date.now()): Promise<void> {
    await this.db.query((orm, { jobFiles: f }) => orm.delete(f).where(lt(f.createdAt, now - ms)));
  }
}
