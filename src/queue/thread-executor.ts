import { Worker } from 'node:worker_threads';
import { isPrivateMemoryDatabase, type Config } from '../config.ts';
import type { JobResult } from './job.ts';
import { deserializeError, type JobExecutor, type JobProgress, type JobTask, type SerializedError } from './executor.ts';
import type { ThreadMessage } from './thread-main.ts';

interface Pending {
  task: JobTask;
  onProgress: (progress: JobProgress) => void;
  resolve: (result: JobResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
}

const entry = new URL('./thread-entry.mjs', import.meta.url);

/**
 * Runs jobs in a small pool of worker threads so CPU-heavy analytics never stall the event loop
 * that answers Slack. Each thread opens its own database connection (the file, not :memory:).
 */
export class ThreadExecutor implements JobExecutor {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private closed = false;

  constructor(
    private readonly options: { size: number; config: Config; jobsModule: string },
  ) {
    if (isPrivateMemoryDatabase(options.config)) {
      throw new Error('Worker threads need a database file; use the in-process executor with :memory:.');
    }
  }

  execute(task: JobTask, onProgress: (progress: JobProgress) => void): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('The job executor is closed.'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, onProgress, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.find((s) => !s.busy) ?? this.spawn();
      if (!slot) return;
      const pending = this.waiting.shift()!;
      slot.busy = pending;
      slot.worker.postMessage({ type: 'run', task: pending.task });
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.options.size) return undefined;
    const worker = new Worker(entry, {
      workerData: { config: this.options.config, jobsModule: this.options.jobsModule },
    });
    const slot: Slot = { worker };
    worker.on('message', (message: ThreadMessage) => this.onMessage(slot, message));
    worker.on('error', (err) => this.onCrash(slot, err));
    worker.on('exit', (code) => {
      if (code !== 0) this.onCrash(slot, new Error(`A job thread stopped with exit code ${code}.`));
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: ThreadMessage): void {
    const pending = slot.busy;
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onProgress(message.progress);
      return;
    }
    slot.busy = undefined;
    if (message.type === 'done') pending.resolve(message.result);
    else pending.reject(deserializeError(message.error as SerializedError));
    this.dispatch();
  }

  private onCrash(slot: Slot, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    slot.busy?.reject(this.closed ? new Error('Stopped by a shutdown before it finished; run it again.') : err);
    slot.busy = undefined;
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.reject(new Error('Shutting down before the job started.'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }
}
