import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { imports } from '../db/schema.ts';
import { PulseError } from '../errors.ts';
import type { ImportKind, ImportRecord, NewImport } from './imports.ts';
import type { NewCustomer } from './sales.ts';
import { openStagingWriter, type StagedOrderColumns, type StagingMessage, type StagingWriter } from './import-staging-writer.mjs';

/** An order line as staged: the import it belongs to is only known when the stage is committed. */
export interface StagedOrderLine {
  invoice: string;
  customerId: string;
  orderedAt: number;
  amount: number;
  quantity: number;
  country: string | null;
  isReturn: boolean;
}

export interface StagedSpend {
  periodStart: string;
  channel: string;
  spend: number;
  impressions: number | null;
}

export interface StagedKpiValue {
  periodStart: string;
  metric: string;
  value: number;
}

/** An `imports` row written by `commit`, with the rows staged for its kind. */
export interface StagedImportRecord extends NewImport {
  linesRead: number;
  imported: number;
  /** The report stored with the import, built once its id is known (inside the transaction). */
  report: (importId: number) => unknown;
}

export type StageCommitResult =
  | { status: 'committed'; importIds: number[] }
  /** A file with the same kind and content hash was imported meanwhile: nothing was written. */
  | { status: 'duplicate'; existing: ImportRecord };

export interface ImportStagingOptions {
  /** Folder for staging files (default: the OS temp folder, `TMPDIR`). */
  dir?: string;
}

/** The staging writer's worker thread (plain JavaScript: it starts in milliseconds). */
const STAGING_THREAD = new URL('./import-staging-thread.mjs', import.meta.url);
const ATTACHED = 'pulse_staging';
/** Staging connection's page cache: the stage is written once, sequentially, so little is needed. */
const STAGING_CACHE_KIB = 8192;
/**
 * Order lines staged on the import's own thread before the writer moves to a worker thread: small
 * files never pay for starting a thread; large ones write while they read (on another core).
 */
const THREAD_FROM_ROWS = 50_000;
/** Batches handed to the staging thread and not yet written: bounds memory, lets reading run ahead. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Below this many rows, index maintenance is too cheap to be worth a rebuild. */
const REBUILD_INDEXES_FROM_ROWS = 10_000;

type StagingReply = { id: number; type: 'ack' } | { id: number; type: 'error'; message: string; code?: string };

/**
 * Bulk writes of imported files, all-or-nothing without holding a transaction across awaits.
 *
 * A file is read asynchronously (streamed), but the bot's SQLite connection is shared by every
 * request: a transaction left open while the file streams would swallow, and on failure roll back,
 * whatever other requests write meanwhile (audit rows, job runs). So the rows are first written to
 * a private staging database (a temporary SQLite file with its own connection, on a worker thread
 * of its own so that writing it overlaps reading the file: no journal, no indexes, nothing shared),
 * then `commit` moves them into the real tables in ONE synchronous transaction on the target
 * connection (ATTACH, INSERT … SELECT, imports row), with no await inside it. The event loop is busy for the length of that transaction (about a second per 400,000
 * order lines), but no other request's write can end up inside it, and a failed import leaves nothing.
 */
export class ImportStagingRepository {
  constructor(
    private readonly db: Db,
    private readonly options: ImportStagingOptions = {},
  ) {}

  /** A new, empty stage. Call `discard()` when done with it (after `commit`, or on failure). */
  async open(): Promise<ImportStage> {
    return new ImportStage(this.db, this.options.dir ?? tmpdir());
  }
}

export class ImportStage {
  private readonly dir: string;
  private readonly file: string;
  /** The writer while it runs on this thread; null once it has moved to `worker`. */
  private local: StagingWriter | null;
  private worker: Worker | null = null;
  private readonly staged = { orders: 0, customers: 0, spend: 0, kpi: 0 };
  /** Customer ids of the staged lines, and the customers staged: each of the first must be in the second. */
  private readonly lineCustomerIds = new Set<string>();
  private readonly customerIds = new Set<string>();
  private nextMessageId = 1;
  /** Messages sent to the worker thread and not yet answered, oldest first. */
  private readonly pending = new Map<number, { written: Promise<void>; resolve: () => void; reject: (err: Error) => void }>();
  /** Set when staging failed: every later call rejects with it. */
  private failure: Error | null = null;
  private done = false;

  constructor(
    private readonly db: Db,
    parentDir: string,
  ) {
    this.dir = mkdtempSync(path.join(parentDir, 'pulse-import-'));
    this.file = path.join(this.dir, 'staging.db');
    try {
      this.local = openStagingWriter({ file: this.file, cacheKib: STAGING_CACHE_KIB, resume: false });
    } catch (err) {
      this.removeFiles();
      throw err;
    }
  }

  /** Rows staged so far, per table. */
  get counts(): Readonly<{ orders: number; customers: number; spend: number; kpi: number }> {
    return this.staged;
  }

  /** Order lines, in file order (their ids in `orders` will follow that order). */
  async addOrderLines(rows: readonly StagedOrderLine[]): Promise<void> {
    const count = rows.length;
    if (count === 0) return;
    const m: StagedOrderColumns = {
      type: 'orders',
      count,
      invoice: new Array<string>(count),
      customerId: new Array<string>(count),
      orderedAt: new Float64Array(count),
      amount: new Float64Array(count),
      quantity: new Float64Array(count),
      country: new Array<string | null>(count),
      isReturn: new Uint8Array(count),
    };
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      this.lineCustomerIds.add(r.customerId);
      m.invoice[i] = r.invoice;
      m.customerId[i] = r.customerId;
      m.orderedAt[i] = r.orderedAt;
      m.amount[i] = r.amount;
      m.quantity[i] = r.quantity;
      m.country[i] = r.country;
      m.isReturn[i] = r.isReturn ? 1 : 0;
    }
    this.staged.orders += count;
    await this.send(m, [m.orderedAt.buffer, m.amount.buffer, m.quantity.buffer, m.isReturn.buffer] as ArrayBuffer[]);
    if (this.local && this.staged.orders >= THREAD_FROM_ROWS) this.moveToThread();
  }

  /**
   * Customers of the staged lines (every customer id of a staged line must be staged). A customer
   * staged twice keeps the first country and the earliest time; on commit, customers already in
   * the database keep their country and get the earlier first-seen time.
   */
  async addCustomers(rows: readonly NewCustomer[]): Promise<void> {
    for (const r of rows) this.customerIds.add(r.id);
    this.staged.customers = this.customerIds.size;
    if (rows.length) await this.send({ type: 'customers', rows: rows.map((r) => [r.id, r.country, r.firstSeenAt]) });
  }

  async addChannelSpend(rows: readonly StagedSpend[]): Promise<void> {
    this.staged.spend += rows.length;
    if (rows.length) await this.send({ type: 'spend', rows: rows.map((r) => [r.periodStart, r.channel, r.spend, r.impressions]) });
  }

  async addKpiValues(rows: readonly StagedKpiValue[]): Promise<void> {
    this.staged.kpi += rows.length;
    if (rows.length) await this.send({ type: 'kpi', rows: rows.map((r) => [r.periodStart, r.metric, r.value]) });
  }

  /**
   * Writes the `imports` rows, in order, and moves the staged rows into the real tables in one
   * transaction: customers and order lines go with the 'orders' record, spend and KPI values with
   * the 'spend' record. If a record's kind and content hash were imported meanwhile, nothing is
   * written. The stage cannot be used afterwards; still call `discard()` to delete its file.
   */
  async commit(records: readonly StagedImportRecord[]): Promise<StageCommitResult> {
    this.writable();
    const kinds = new Set(records.map((r) => r.kind));
    if (kinds.size !== records.length) throw new Error('commit: one record per kind');
    if ((this.staged.orders || this.staged.customers) && !kinds.has('orders')) throw new Error('commit: order lines staged without an orders record');
    if ((this.staged.spend || this.staged.kpi) && !kinds.has('spend')) throw new Error('commit: spend staged without a spend record');
    // Checked here, so the move can skip the per-row foreign-key lookups (see moveStagedRows).
    for (const id of this.lineCustomerIds) {
      if (!this.customerIds.has(id)) throw new Error(`commit: order lines staged for customer ${id}, who was not staged (addCustomers)`);
    }
    // The writer writes what it still has, commits and closes the file.
    await this.send({ type: 'close' });
    await this.waitForAll();
    this.done = true;
    void this.worker?.terminate();

    const sqlite = this.db.$client;
    if (sqlite.inTransaction) {
      // Only possible if some code holds a transaction open across an await on this connection.
      throw new PulseError('E_BUSY', 'The database is in the middle of another write; try the import again.');
    }
    // Everything from here to DETACH is synchronous: no other request's statement can run in between.
    const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
    sqlite.prepare(`ATTACH DATABASE ? AS ${ATTACHED}`).run(this.file);
    try {
      if (foreignKeys) sqlite.pragma('foreign_keys = OFF');
      return sqlite.transaction(() => this.moveStagedRows(records)).immediate();
    } finally {
      if (foreignKeys) sqlite.pragma('foreign_keys = ON');
      sqlite.exec(`DETACH DATABASE ${ATTACHED}`);
    }
  }

  /** Drops the stage and deletes its file. Safe to call more than once, and after `commit`. */
  async discard(): Promise<void> {
    this.done = true;
    this.local?.abandon();
    this.local = null;
    await this.worker?.terminate();
    this.fail(new Error('The import stage was discarded.'));
    this.removeFiles();
  }

  /**
   * Writes a message: on this thread (synchronously), or by handing it to the worker thread. Then
   * resolves at once while at most MAX_BATCHES_IN_FLIGHT wait to be written, else when enough are:
   * reading runs ahead of writing, but not far.
   */
  private async send(message: StagingMessage, transfer: ArrayBuffer[] = []): Promise<void> {
    this.writable();
    if (this.local) return this.local.handle(message);
    const id = this.nextMessageId++;
    let settle!: { resolve: () => void; reject: (err: Error) => void };
    const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    written.catch(() => {}); // also reported to whoever waits next (see fail)
    this.pending.set(id, { written, ...settle });
    this.worker!.postMessage({ ...message, id }, transfer);
    while (this.pending.size > MAX_BATCHES_IN_FLIGHT) await this.pending.values().next().value!.written;
  }

  /** Hands the staging file over to a worker thread: this thread commits and closes it, the worker reopens it. */
  private moveToThread(): void {
    this.local!.handle({ type: 'close' });
    this.local = null;
    // execArgv: [] keeps loaders such as tsx out of the thread: it runs plain JavaScript.
    const worker = new Worker(STAGING_THREAD, { execArgv: [], workerData: { file: this.file, cacheKib: STAGING_CACHE_KIB, resume: true } });
    worker.on('message', (reply: StagingReply) => this.onReply(reply));
    worker.on('error', (err) => this.fail(new Error(`The import's staging thread failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (!this.done) this.fail(new Error(`The import's staging thread stopped (exit code ${code}).`));
    });
    this.worker = worker;
  }

  /** Waits until the worker thread has handled every message sent. */
  private async waitForAll(): Promise<void> {
    for (const { written } of [...this.pending.values()]) await written;
    if (this.failure) throw this.failure;
  }

  private onReply(reply: StagingReply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.type === 'ack') waiting?.resolve();
    else this.fail(Object.assign(new Error(`Staging the import failed: ${reply.message}`), { code: reply.code }));
  }

  /** Records the staging failure and rejects everything waiting with it. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }

  /**
   * The body of commit's transaction: synchronous, never awaits. Foreign keys are not checked row by
   * row here (a third of the time): every order line's customer is staged (checked in `commit`) and
   * inserted first, and the imports rows are inserted before the rows that point to them.
   */
  private moveStagedRows(records: readonly StagedImportRecord[]): StageCommitResult {
    for (const record of records) {
      const existing = this.findImport(record.kind, record.contentHash);
      if (existing) return { status: 'duplicate', existing };
    }
    const sqlite = this.db.$client;
    const importIds: number[] = [];
    for (const record of records) {
      const importId = this.db
        .insert(imports)
        .values({ kind: record.kind, fileName: record.fileName, contentHash: record.contentHash, importedBy: record.importedBy ?? null, linesRead: 0, imported: 0, report: {} })
        .returning({ id: imports.id })
        .get().id;
      importIds.push(importId);
      if (record.kind === 'orders') {
        sqlite.exec(
          `INSERT INTO main.customers AS c (id, country, first_seen_at)
           SELECT id, country, first_seen_at FROM ${ATTACHED}.staged_customers WHERE true
           ON CONFLICT(id) DO UPDATE SET
             country = coalesce(c.country, excluded.country),
             first_seen_at = min(coalesce(c.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`,
        );
        this.withIndexesRebuiltIfLarge('orders', this.staged.orders, () =>
          sqlite
            .prepare(
              `INSERT INTO main.orders (invoice, customer_id, ordered_at, amount, quantity, country, is_return, import_id)
               SELECT invoice, customer_id, ordered_at, amount, quantity, country, is_return, ? FROM ${ATTACHED}.staged_orders ORDER BY rowid`,
            )
            .run(importId),
        );
      } else {
        sqlite
          .prepare(
            `INSERT INTO main.channel_spend (period_start, channel, spend, impressions, import_id)
             SELECT period_start, channel, spend, impressions, ? FROM ${ATTACHED}.staged_spend ORDER BY rowid`,
          )
          .run(importId);
        sqlite
          .prepare(
            `INSERT INTO main.kpi (period_start, metric, value, import_id)
             SELECT period_start, metric, value, ? FROM ${ATTACHED}.staged_kpi ORDER BY rowid`,
          )
          .run(importId);
      }
      this.db
        .update(imports)
        .set({ linesRead: record.linesRead, imported: record.imported, report: record.report(importId) })
        .where(eq(imports.id, importId))
        .run();
    }
    return { status: 'committed', importIds };
  }

  /**
   * Runs `insert` into `table`; when it adds at least as many rows as the table holds, drops the
   * table's indexes first and builds them again afterwards (inside the same transaction): building
   * an index from sorted keys is several times faster than inserting as many keys one by one.
   */
  private withIndexesRebuiltIfLarge(table: string, adding: number, insert: () => void): void {
    const sqlite = this.db.$client;
    const holds = (sqlite.prepare(`SELECT max(rowid) AS n FROM main.${table}`).get() as { n: number | null }).n ?? 0;
    const indexes =
      adding >= Math.max(holds, REBUILD_INDEXES_FROM_ROWS)
        ? (sqlite
            .prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
            .all(table) as { name: string; sql: string }[])
        : [];
    const dropped: typeof indexes = [];
    try {
      for (const index of indexes) {
        sqlite.exec(`DROP INDEX main."${index.name.replaceAll('"', '""')}"`);
        dropped.push(index);
      }
    } catch {
      // A statement still reading the table on this connection prevents DROP: insert with the indexes.
      for (const index of dropped) sqlite.exec(index.sql);
      dropped.length = 0;
    }
    insert();
    for (const index of dropped) sqlite.exec(index.sql);
  }

  private findImport(kind: ImportKind, contentHash: string): ImportRecord | undefined {
    return this.db
      .select()
      .from(imports)
      .where(and(eq(imports.kind, kind), eq(imports.contentHash, contentHash)))
      .get() as ImportRecord | undefined;
  }

  private writable(): void {
    if (this.done) throw new Error('This import stage was already committed or discarded.');
    if (this.failure) throw this.failure;
  }

  private removeFiles(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
