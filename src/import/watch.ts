import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import type { ImportJobPayload } from '../../jobs/import.ts';
import type { Conversation } from '../core/conversation.ts';
import { errorMessage } from '../errors.ts';
import type { JobEvent, JobQueue } from '../queue/queue.ts';
import { formatImportReport } from './format.ts';
import type { ImportReport } from './types.ts';

/** Imports queued by the watcher carry this adapter name: no chat hears of them; the report is written beside the file. */
export const WATCH_ADAPTER = 'import-watch';

const SUBFOLDERS = { processing: 'processing', done: 'done', failed: 'failed' } as const;
const IMPORTABLE = /\.csv(?:\.gz)?$/i;

export interface ImportWatcherDeps {
  dir: string;
  queue: Pick<JobQueue, 'enqueue' | 'onEvent'>;
  logger: Logger;
  /** How long a file must keep its size before it counts as written (ms). */
  stableMs?: number;
}

/** `spend…` files are spend; every other CSV is orders. */
export function importKind(fileName: string): 'orders' | 'spend' {
  return /^spend/i.test(fileName) ? 'spend' : 'orders';
}

/**
 * IMPORT_WATCH_DIR: CSV files dropped in the folder are imported by the import job, as `pulse import`
 * and chat imports are (all of the file or none; a file imported before changes nothing, by content
 * hash). A file is claimed by moving it to `processing/` (a rename: of two bots watching one folder,
 * one gets it), then moved to `done/` or `failed/` with `<file>.report.txt` beside it. The import's
 * completion triggers the alert checks like any other import (src/scheduler/alert-scheduler.ts).
 * chokidar waits until a file has stopped growing (`awaitWriteFinish`) before it is claimed.
 */
export class ImportWatcher {
  private watcher: FSWatcher | undefined;
  private listening = false;
  private stopped = false;

  constructor(private readonly deps: ImportWatcherDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const sub of Object.values(SUBFOLDERS)) await mkdir(path.join(this.deps.dir, sub), { recursive: true });
    const leftover = await readdir(path.join(this.deps.dir, SUBFOLDERS.processing));
    if (leftover.length) this.deps.logger.warn({ files: leftover }, `files left in ${SUBFOLDERS.processing}/ by an earlier run: move them back to the folder to import them again`);
    if (!this.listening) {
      this.deps.queue.onEvent((event) => void this.onJobEvent(event));
      this.listening = true;
    }
    const stableMs = this.deps.stableMs ?? 2000;
    this.watcher = watch(this.deps.dir, {
      depth: 0,
      ignoreInitial: false,
      awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: Math.max(50, Math.round(stableMs / 4)) },
      ignored: (file, stats) => Boolean(stats?.isFile() && !IMPORTABLE.test(file)),
    });
    this.watcher.on('add', (file) => {
      if (path.resolve(path.dirname(file)) === path.resolve(this.deps.dir)) void this.claim(file);
    });
    this.watcher.on('error', (err) => this.deps.logger.error({ err }, 'import folder watcher error'));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
    this.deps.logger.info(`Watching ${this.deps.dir} for CSV files to import`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private async claim(file: string): Promise<void> {
    if (this.stopped) return;
    const name = path.basename(file);
    // A folder of its own keeps the file's name (the import report names it) whatever else is processing.
    const slot = path.join(this.deps.dir, SUBFOLDERS.processing, `${Date.now()}-${randomUUID().slice(0, 8)}`);
    const claimed = path.join(slot, name);
    await mkdir(slot);
    try {
      await rename(file, claimed);
    } catch (err) {
      // Another process took it first, or it went away.
      await rm(slot, { recursive: true, force: true });
      this.deps.logger.debug({ file, err: errorMessage(err) }, 'watched file not claimed');
      return;
    }
    const payload: ImportJobPayload = {
      kind: importKind(name),
      file: { source: 'local', name, location: claimed },
      options: { map: {} },
      importedBy: WATCH_ADAPTER,
    };
    const conversation: Conversation = { adapter: WATCH_ADAPTER, channelId: this.deps.dir, userId: WATCH_ADAPTER };
    try {
      await this.deps.queue.enqueue({ name: 'import', envelope: { payload, conversation }, jobId: `watch-${path.basename(slot)}` });
      this.deps.logger.info({ file: name, kind: payload.kind }, 'importing a file from the watched folder');
    } catch (err) {
      await this.finish(claimed, name, 'failed', `Could not queue the import: ${errorMessage(err)}\n`);
    }
  }

  /** The import of a watched file finished (in whichever process delivers its result): file and report to done/ or failed/. */
  private async onJobEvent(event: JobEvent): Promise<void> {
    if (event.type === 'progress' || event.name !== 'import' || event.envelope.conversation.adapter !== WATCH_ADAPTER) return;
    const file = (event.envelope.payload as ImportJobPayload).file;
    try {
      if (event.type === 'completed') await this.finish(file.location, file.name, 'done', `${formatImportReport(event.result.data as ImportReport)}\n`);
      else await this.finish(file.location, file.name, 'failed', `The import failed: ${event.error}\n`);
    } catch (err) {
      this.deps.logger.error({ err, file: file.name }, `could not move a watched file after its import: ${errorMessage(err)}`);
    }
  }

  private async finish(claimed: string, name: string, outcome: 'done' | 'failed', report: string): Promise<void> {
    const target = freePath(path.join(this.deps.dir, SUBFOLDERS[outcome]), name);
    await rename(claimed, target);
    await rm(path.dirname(claimed), { recursive: true, force: true });
    await writeFile(`${target}.report.txt`, report);
    this.deps.logger.info({ file: name, outcome }, `watched file ${outcome === 'done' ? 'imported' : 'not imported'}`);
  }
}

/** `name` in `dir`, or `name` with `-2`, `-3`, … before its extension when taken. */
function freePath(dir: string, name: string): string {
  const ext = /\.csv(?:\.gz)?$/i.exec(name)?.[0] ?? path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = path.join(dir, name);
  for (let n = 2; existsSync(candidate); n++) candidate = path.join(dir, `${stem}-${n}${ext}`);
  return candidate;
}
