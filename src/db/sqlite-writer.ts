import { Worker } from 'node:worker_threads';
import type { Db } from './client.ts';
import { SqliteClient } from './sqlite-client.ts';

export interface SqlStatement {
  text: string;
  params: unknown[];
}

/** Longest a statement waits for another connection's write lock before trying again (in the thread). */
const BUSY_TIMEOUT_MS = 5_000;
/** After this long without the lock, a batch fails (the caller logs it). */
const GIVE_UP_MS = 30_000;
/** A writer with nothing to do for this long ends its thread; the next write starts another. */
const IDLE_MS = 30_000;

const entry = new URL('./sqlite-writer-thread.mjs', import.meta.url);

/**
 * Bookkeeping writes (audit rows, queued job runs) off the event loop. better-sqlite3 commits
 * synchronously, and a commit now and then waits on the disk: a WAL checkpoint's fsync, writeback
 * on a busy machine (measured on the 5M-line database: a 50-row INSERT takes 0.1 ms at the median,
 * 12 ms at p99, up to 0.9 s), or another process's write lock. On the bot's event loop that wait
 * holds every ack. A thread with its own connection waits instead; the event loop only posts the
 * statements and hears back. One writer per database file and process; its thread ends when idle.
 */
export class SqliteWriter {
  private static readonly writers = new Map<string, SqliteWriter>();
  private worker?: Worker;
  private readonly waiting = new Map<number, { resolve(): void; reject(err: unknown): void }>();
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;

  private constructor(private readonly file: string) {}

  static for(file: string): SqliteWriter {
    let writer = SqliteWriter.writers.get(file);
    if (!writer) SqliteWriter.writers.set(file, (writer = new SqliteWriter(file)));
    return writer;
  }

  /** Runs the statements in one transaction in the writer's thread; resolves once committed. */
  run(statements: SqlStatement[]): Promise<void> {
    const worker = this.started();
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    if (this.waiting.size === 0) worker.ref(); // a write under way keeps the process alive
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, statements });
    });
  }

  /** Starts the thread now rather than at the first write (a thread takes a moment to start). */
  warmUp(): void {
    if (this.worker) return;
    this.started();
    this.rest();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(entry, { workerData: { file: this.file, busyTimeoutMs: BUSY_TIMEOUT_MS, giveUpMs: GIVE_UP_MS } });
    worker.on('message', ({ id, error }: { id: number; error?: { message: string; code?: string } }) => this.settle(id, error));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      // A thread ended for idleness had nothing pending; the waiters now belong to its successor.
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new Error('The database writer thread stopped.'));
    });
    this.worker = worker;
    return worker;
  }

  private settle(id: number, error?: { message: string; code?: string }): void {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    if (error) waiter?.reject(Object.assign(new Error(error.message), { code: error.code }));
    else waiter?.resolve();
    if (this.waiting.size === 0) this.rest();
  }

  private fail(err: unknown): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }

  /** Nothing pending: the thread no longer keeps the process alive, and ends after IDLE_MS. */
  private rest(): void {
    const worker = this.worker;
    worker?.unref();
    this.idleTimer = setTimeout(() => {
      if (this.waiting.size > 0 || this.worker !== worker) return;
      this.worker = undefined;
      void worker?.terminate();
    }, IDLE_MS).unref();
  }
}

/**
 * Runs bookkeeping statements in one transaction: in the writer thread for an SQLite file, on the
 * connection itself otherwise (PostgreSQL is asynchronous already; `:memory:` is one connection's own).
 */
export function writeOffLoop(db: Db, statements: SqlStatement[]): Promise<void> {
  const writer = writerOf(db);
  if (writer) return writer.run(statements);
  return db.transaction(async (tx) => {
    for (const { text, params } of statements) await tx.run(text, params);
  });
}

/** Readies the writer thread of `db`, if it has one: for a process that is about to write (the bot). */
export function warmUpWriter(db: Db): void {
  writerOf(db)?.warmUp();
}

function writerOf(db: Db): SqliteWriter | undefined {
  return db instanceof SqliteClient && !db.sqlite.memory ? SqliteWriter.for(db.sqlite.name) : undefined;
}
