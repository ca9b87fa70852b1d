import { isBusy, retryWhenBusy } from '../db/busy.ts';

interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Small bookkeeping writes (audit rows, queued job runs) made during one turn of the event loop are
 * stored together at the end of that turn, after the requests that arrived in it were answered: one
 * statement and one commit for a burst instead of one each. Each write's promise settles once its
 * row is stored; while another process holds the write lock the batch retries (retryWhenBusy), and a
 * row the database refuses fails alone, not its batch.
 */
export class WriteBatch<T> {
  private waiting: Array<Waiting<T>> = [];

  constructor(private readonly store: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ item, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      await retryWhenBusy(() => this.store(batch.map((w) => w.item)));
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1 || isBusy(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      for (const w of batch) await retryWhenBusy(() => this.store([w.item])).then(w.resolve, w.reject);
    }
  }
}
