import type Database from 'better-sqlite3';

/**
 * better-sqlite3 waits for another connection's write lock synchronously, for up to busy_timeout: in a
 * bot process that freezes the event loop (no acks, no help) for as long as, say, an import commits.
 * The bot's connection so waits briefly (EVENT_LOOP_BUSY_TIMEOUT_MS) and the writes on the ack path
 * retry asynchronously (retryWhenBusy), leaving the loop free between tries. Job threads keep the
 * long synchronous wait: blocking a job thread blocks nothing else.
 */
export const EVENT_LOOP_BUSY_TIMEOUT_MS = 100;
/** Free time for the event loop between two tries. */
const RETRY_GAP_MS = 100;

/** When the next retry may try: retries take turns, so at most one waits synchronously at a time. */
let nextTryAt = 0;

/** Gives a connection used on an event loop the short synchronous wait. */
export function waitBrieflyWhenBusy(sqlite: Database.Database): void {
  sqlite.pragma(`busy_timeout = ${EVENT_LOOP_BUSY_TIMEOUT_MS}`);
}

/** SQLite refused because another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED and their variants). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

export const BUSY_MESSAGE = 'The database is busy right now (another process is writing to it, an import perhaps); try again in a few seconds.';

/**
 * Runs a single-statement write again while SQLite says busy, after asynchronous pauses; gives up after
 * `timeoutMs`. Pending retries take turns (one try, then RETRY_GAP_MS free), however many there are.
 */
export async function retryWhenBusy<T>(write: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await write();
      nextTryAt = 0; // the lock is gone: the others need not wait their turn
      return result;
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      const at = Math.max(Date.now() + RETRY_GAP_MS, nextTryAt);
      nextTryAt = at + EVENT_LOOP_BUSY_TIMEOUT_MS + RETRY_GAP_MS;
      await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
    }
  }
}
