import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChartRef, FileRef, Reply } from '../core/reply.ts';
import type { JobFileRepository } from '../repos/job-files.ts';

/** Stored files are kept this long (a result is posted within minutes; a week leaves room for an outage). */
const KEEP_FILES_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
let lastPrunedAt = 0;

/**
 * The charts and files of a job's reply into the database, so that whichever process posts the
 * reply (a bot on another host) gets them without a shared folder. Done where the job ran.
 */
export async function storeReplyFiles(reply: Reply, jobId: string, jobFiles: JobFileRepository): Promise<Reply> {
  const store = async <T extends ChartRef | FileRef>(ref: T, mimeType: string): Promise<T> => {
    if (ref.storedId !== undefined) return ref;
    const content = await readFile(ref.path);
    return { ...ref, storedId: await jobFiles.save(jobId, { filename: path.basename(ref.path), mimeType, content }) };
  };
  if (!reply.charts?.length && !reply.files?.length) return reply;
  if (Date.now() - lastPrunedAt > PRUNE_EVERY_MS) {
    lastPrunedAt = Date.now();
    await jobFiles.deleteOlderThan(KEEP_FILES_MS);
  }
  return {
    ...reply,
    ...(reply.charts ? { charts: await Promise.all(reply.charts.map((c) => store(c, 'image/png'))) } : {}),
    ...(reply.files ? { files: await Promise.all(reply.files.map((f) => store(f, f.mimeType))) } : {}),
  };
}

/** Whether a reply carries files stored in the database (so posting it must read them first). */
export function hasStoredFiles(reply: Reply): boolean {
  return [...(reply.charts ?? []), ...(reply.files ?? [])].some((r) => r.storedId !== undefined);
}

/** The bytes of a reply's stored files, for the adapter that posts it; files on this host are read from their path. */
export async function loadReplyFiles(reply: Reply, jobFiles: JobFileRepository): Promise<Reply> {
  const refs = [...(reply.charts ?? []), ...(reply.files ?? [])];
  const wanted = refs.filter((r) => r.storedId !== undefined && r.content === undefined && !existsSync(r.path)).map((r) => r.storedId!);
  if (wanted.length === 0) return reply;
  const stored = new Map((await jobFiles.get(wanted)).map((f) => [f.id, f.content]));
  const load = <T extends ChartRef | FileRef>(ref: T): T => {
    const content = ref.storedId === undefined ? undefined : stored.get(ref.storedId);
    return content ? { ...ref, content } : ref;
  };
  return { ...reply, ...(reply.charts ? { charts: reply.charts.map(load) } : {}), ...(reply.files ? { files: reply.files.map(load) } : {}) };
}
