/** Where each job's status message lives (its ts), and when it was last updated (progress throttling). */
export class JobMessages {
  private readonly posted = new Map<string, { promise: Promise<string | undefined>; resolve: (ts: string | undefined) => void }>();
  private readonly lastProgressAt = new Map<string, number>();
  /** Jobs whose acknowledgement is being posted (perhaps waiting out a 429): no timeout for them. */
  private readonly posting = new Set<string>();

  constructor(
    private readonly options: { minProgressIntervalMs: number; waitForPostMs: number },
  ) {}

  /** The acknowledgement message for the job is on its way. */
  startPosting(jobId: string): void {
    this.posting.add(jobId);
  }

  /** The acknowledgement message for the job was posted (ts) or could not be (undefined). */
  remember(jobId: string, ts: string | undefined): void {
    this.posting.delete(jobId);
    this.entry(jobId).resolve(ts);
  }

  /**
   * The job's message ts, once posted. Job events can overtake the acknowledgement; jobs that were
   * never acknowledged here (schedules) resolve undefined after `waitForPostMs` unless a post is under way.
   */
  whenPosted(jobId: string): Promise<string | undefined> {
    const entry = this.entry(jobId);
    const timer = setInterval(() => {
      if (!this.posting.has(jobId)) entry.resolve(undefined);
    }, this.options.waitForPostMs);
    timer.unref();
    return entry.promise.finally(() => clearInterval(timer));
  }

  /** True when a progress update may be shown now (at most one per interval per job). */
  takeProgressSlot(jobId: string, now = Date.now()): boolean {
    const last = this.lastProgressAt.get(jobId);
    if (last !== undefined && now - last < this.options.minProgressIntervalMs) return false;
    this.lastProgressAt.set(jobId, now);
    return true;
  }

  forget(jobId: string): void {
    this.posted.delete(jobId);
    this.posting.delete(jobId);
    this.lastProgressAt.delete(jobId);
  }

  private entry(jobId: string) {
    let entry = this.posted.get(jobId);
    if (!entry) {
      let resolve!: (ts: string | undefined) => void;
      const promise = new Promise<string | undefined>((r) => (resolve = r));
      entry = { promise, resolve };
      this.posted.set(jobId, entry);
    }
    return entry;
  }
}
