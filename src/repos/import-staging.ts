import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { sqliteOnly, type Db, type SqliteOrm } from '../db/client.ts';
import { isBusy } from '../db/busy.ts';
import { buildMissingIndexes, buildMissingIndexesInBackground, missingIndexes } from '../db/declared-indexes.ts';
import type { PgClient } from '../db/pg/client.ts';
import { imports } from '../db/schema.ts';
import { PulseError } from '../errors.ts';
import type { ImportKind, ImportRecord, NewImport } from './imports.ts';
import { UPSERT_PRODUCT_SQL, type NewCustomer, type NewOrderLine, type NewProduct } from './sales.ts';
import { insertRows, packChunk, statementCache, type ColumnChunk } from './staging-rows.mjs';

/** An order line as staged: the import it belongs to is only known when the stage is committed. */
export type StagedOrderLine = Omit<NewOrderLine, 'importId'>;

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
  /** `alreadyStored`: lines left out because the same rows were already stored (another file, an overlapping export). */
  report: (importId: number, replaced: number[], alreadyStored: number) => unknown;
  /**
   * A named source's file name: earlier imports of this kind and name, and their rows, are deleted
   * in the same transaction (each run of a scheduled source holds the whole data set).
   */
  replaceFileName?: string;
  /** Replace an earlier import of the same content (kind and hash) instead of refusing the record as a duplicate. */
  replaceSameContent?: boolean;
}

export type StageCommitResult =
  | { status: 'committed'; importIds: number[] }
  /** A file with the same kind and content hash was imported meanwhile: nothing was written. */
  | { status: 'duplicate'; existing: ImportRecord };

export interface ImportStagingOptions {
  /** Folder for staging files (default: the OS temp folder, `TMPDIR`). */
  dir?: string;
  /**
   * Rows (of all tables) kept in memory before the stage moves to a staging file, written by a
   * thread of its own while the file is read (default 10,000: a small file is written from memory
   * at commit; a larger one is mostly staged by the time it has been read, and copied as stored).
   */
  memoryRows?: number;
}

const DEFAULT_MEMORY_ROWS = 10_000;
/**
 * Rows handed to the staging thread and not yet written: how far reading may run ahead of it. Bounds
 * memory, and leaves room for the thread to start while the file is read.
 */
const MAX_ROWS_IN_FLIGHT = 250_000;
const ATTACHED = 'pulse_staging';
/** Staging connection's page cache: the staging file is written once, in order, so little is needed. */
const STAGING_CACHE_KIB = 8192;
/** How long a commit waits for another connection's write lock (an index build of millions of lines takes seconds). */
const COMMIT_WAIT_WHEN_BUSY_MS = 120_000;
const COMMIT_RETRY_PAUSE_MS = 100;
/** Below this many rows, index maintenance is too cheap to be worth a rebuild. */
const REBUILD_INDEXES_FROM_ROWS = 10_000;

/** A staged table: its columns (the same in the stage and the real table, which adds `id` and `import_id`). */
interface TableSpec<Row> {
  staged: string;
  target: 'orders' | 'channel_spend' | 'kpi';
  columns: readonly { name: string; type: 'TEXT' | 'INTEGER' | 'REAL'; value: (row: Row) => unknown }[];
}

const ORDER_LINES: TableSpec<StagedOrderLine> = {
  staged: 'staged_orders',
  target: 'orders',
  columns: [
    { name: 'invoice', type: 'TEXT', value: (r) => r.invoice },
    { name: 'customer_id', type: 'TEXT', value: (r) => r.customerId },
    { name: 'ordered_at', type: 'INTEGER', value: (r) => r.orderedAt },
    { name: 'amount', type: 'REAL', value: (r) => r.amount },
    { name: 'quantity', type: 'REAL', value: (r) => r.quantity },
    { name: 'country', type: 'TEXT', value: (r) => r.country },
    { name: 'is_return', type: 'INTEGER', value: (r) => (r.isReturn ? 1 : 0) },
    { name: 'product_code', type: 'TEXT', value: (r) => r.productCode ?? null },
  ],
};

const SPEND: TableSpec<StagedSpend> = {
  staged: 'staged_spend',
  target: 'channel_spend',
  columns: [
    { name: 'period_start', type: 'TEXT', value: (r) => r.periodStart },
    { name: 'channel', type: 'TEXT', value: (r) => r.channel },
    { name: 'spend', type: 'REAL', value: (r) => r.spend },
    { name: 'impressions', type: 'REAL', value: (r) => r.impressions },
  ],
};

const KPI: TableSpec<StagedKpiValue> = {
  staged: 'staged_kpi',
  target: 'kpi',
  columns: [
    { name: 'period_start', type: 'TEXT', value: (r) => r.periodStart },
    { name: 'metric', type: 'TEXT', value: (r) => r.metric },
    { name: 'value', type: 'REAL', value: (r) => r.value },
  ],
};

/**
 * Bulk writes of imported files, all-or-nothing without holding a transaction across awaits.
 *
 * A file is read asynchronously (streamed), but the bot's SQLite connection is shared by every
 * request: a transaction left open while the file streams would swallow, and on failure roll back,
 * whatever other requests write meanwhile (audit rows, job runs). So the rows read are staged
 * privately, and `commit` writes them into the real tables in ONE synchronous transaction on the
 * target connection, with no await inside it: no other request's statement can run in between,
 * and a failed import leaves nothing. Staged rows stay in memory up to `memoryRows`; beyond that
 * they go to a staging file (a temporary SQLite database: no journal, no indexes, nothing shared),
 * written by a thread of its own while the main thread goes on reading the file, and which the
 * commit attaches and copies. Memory stays bounded whatever the size of the file.
 *
 * The staging file holds the rows as the real tables will: same table definitions, the ids they
 * will take and the id of their import, as foreseen when the file was opened. When that still holds
 * at commit (no other import committed meanwhile), SQLite copies the rows over as they are stored
 * (`INSERT INTO t SELECT * FROM staged`, its transfer optimisation) instead of building each row
 * again; otherwise they are inserted afresh with the ids and import id of the moment. The event
 * loop is busy for the length of the commit (about a quarter of a second per 400,000 order lines
 * into an empty table). What follows a large commit runs in threads of their own: the build of the
 * indexes it dropped (buildMissingIndexesInBackground; jobs wait for it, see whenIndexesBuilt) and
 * the checkpoint (see BackgroundCheckpoint).
 */
export class ImportStagingRepository {
  constructor(
    private readonly db: Db,
    private readonly options: ImportStagingOptions = {},
  ) {}

  /** A new, empty stage. Call `discard()` when done with it (after `commit`, or on failure). */
  async open(): Promise<ImportStage> {
    if (this.db.dialect === 'postgres') {
      const { PgImportStage } = await import('./pg/import-stage.ts');
      return new PgImportStage((this.db as PgClient).pool);
    }
    return new SqliteImportStage(sqliteOnly(this.db, 'Importing'), this.options);
  }
}

/** What an import writes through, on either dialect (PostgreSQL's: src/repos/pg/import-stage.ts). */
export type ImportStage = Pick<SqliteImportStage, 'counts' | 'addOrderLines' | 'addCustomers' | 'addProducts' | 'addChannelSpend' | 'addKpiValues' | 'commit' | 'discard'>;

/** Where a table's rows went in the staging file: the id its first row took there. */
interface StagedIn {
  firstId: number;
  /** The import id written on every staged row. */
  importId: number;
}

/** Rows of one table: in memory (as columns) until the stage moves to the staging file. */
class StagedRows<Row> {
  private chunks: ColumnChunk[] = [];
  private buffered = 0;
  count = 0;
  /** Set once the rows go to the staging file. */
  stagedIn: StagedIn | null = null;

  constructor(readonly spec: TableSpec<Row>) {}

  get inMemory(): number {
    return this.buffered;
  }

  add(rows: readonly Row[]): void {
    const count = rows.length;
    const columns = this.spec.columns.map(({ type, value }) => {
      if (type === 'TEXT') return rows.map(value);
      const numbers = new Float64Array(count);
      for (let i = 0; i < count; i++) numbers[i] = (value(rows[i]) as number | null) ?? NaN;
      return numbers;
    });
    this.chunks.push({ count, columns });
    this.buffered += count;
    this.count += count;
  }

  /** Hands over the chunks held in memory (to the staging thread). */
  take(): ColumnChunk[] {
    const chunks = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    return chunks;
  }

  /**
   * The staging table, defined as the real one (so SQLite can copy rows between them as stored),
   * with its rows to be numbered from `firstId` and to carry `importId`.
   */
  stagingTable(sqlite: Database.Database, stagedIn: StagedIn): StagingTable {
    const { target, staged, columns } = this.spec;
    const definition = (sqlite.prepare("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?").get(target) as { sql: string } | undefined)?.sql;
    const renamed = definition?.replace(new RegExp(`^CREATE TABLE\\s+["\`]?${target}["\`]?\\s*\\(`, 'i'), `CREATE TABLE ${staged} (`);
    if (!renamed || renamed === definition || !/AUTOINCREMENT/i.test(renamed)) throw new Error(`${target}: expected an AUTOINCREMENT table, found ${definition}`);
    this.stagedIn = stagedIn;
    return {
      name: staged,
      create: [renamed, `INSERT INTO sqlite_sequence (name, seq) VALUES ('${staged}', ${Math.trunc(stagedIn.firstId) - 1})`],
      insert: `INSERT INTO ${staged} (${columns.map((c) => c.name).join(', ')}, import_id)`,
      columnCount: columns.length,
      suffix: `, ${Math.trunc(stagedIn.importId)}`,
    };
  }

  /**
   * Inserts every row into the real table with `import_id` (inside commit's transaction); returns
   * the id of the first row inserted.
   */
  moveTo(sqlite: Database.Database, importId: number): number {
    const { target, staged, columns } = this.spec;
    const list = columns.map((c) => c.name).join(', ');
    const nextId = nextRowId(sqlite, target);
    const stagedIn = this.stagedIn;
    if (!stagedIn) {
      // The import id as an SQL literal: one value fewer to bind per row.
      insertRows(statementCache(sqlite, `INSERT INTO main.${target} (${list}, import_id)`, columns.length, `, ${Math.trunc(importId)}`), columns.length, this.chunks);
      return nextId;
    }
    if (stagedIn.importId === importId && stagedIn.firstId >= nextId) {
      // Ids and import id as foreseen: the rows are copied as stored (needs foreign keys off).
      sqlite.prepare(`INSERT INTO main.${target} SELECT * FROM ${ATTACHED}.${staged}`).run();
      return stagedIn.firstId;
    }
    sqlite.prepare(`INSERT INTO main.${target} (${list}, import_id) SELECT ${list}, ? FROM ${ATTACHED}.${staged} ORDER BY rowid`).run(importId);
    return nextId;
  }
}

/** The id an AUTOINCREMENT table's next row takes. */
function nextRowId(sqlite: Database.Database, table: string): number {
  const row = sqlite
    .prepare(`SELECT max(coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(rowid) FROM main.${table}), 0)) AS last`)
    .get(table) as { last: number };
  return row.last + 1;
}

/** A table of the staging file, as the staging thread creates and fills it. */
interface StagingTable {
  name: string;
  create: string[];
  insert: string;
  columnCount: number;
  suffix: string;
}

type ThreadReply = { type: 'written'; rows: number } | { type: 'finished' } | { type: 'failed'; message: string };

/**
 * The staging file's writer, a thread (import-staging-thread.mjs) that inserts the chunks it is sent
 * while this thread goes on reading the file. At most MAX_ROWS_IN_FLIGHT rows wait for it.
 */
class StagingThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private finished = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(file: string) {
    // Plain JavaScript: no loader flags (tsx's) to inherit, so it starts in milliseconds.
    this.worker = new Worker(new URL('./import-staging-thread.mjs', import.meta.url), { workerData: { file, cacheKib: STAGING_CACHE_KIB }, execArgv: [] });
    this.worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'written') this.inFlight -= reply.rows;
      else if (reply.type === 'finished') this.finished = true;
      else this.failure = new Error(`Writing the import's staging file failed: ${reply.message}`);
      this.notify();
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      this.notify();
    });
    this.worker.on('exit', (code) => {
      if (!this.finished) this.failure ??= new Error(`The import's staging thread stopped (exit code ${code}).`);
      this.notify();
    });
  }

  define(table: StagingTable): void {
    this.worker.postMessage({ type: 'table', ...table });
  }

  /** Sends the chunks (packed: see packChunk); waits while too many rows are pending. */
  async write(table: string, chunks: readonly ColumnChunk[]): Promise<void> {
    for (const chunk of chunks) {
      this.throwIfFailed();
      const packed = packChunk(chunk);
      this.worker.postMessage({ type: 'rows', name: table, chunk: packed.chunk }, packed.transfer);
      this.inFlight += chunk.count;
    }
    while (this.inFlight > MAX_ROWS_IN_FLIGHT) await this.nextReply();
  }

  /** Waits until every row is written and the staging file is complete and closed. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    this.worker.postMessage({ type: 'finish' });
    while (!this.finished) await this.nextReply();
  }

  async stop(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }

  private nextReply(): Promise<void> {
    this.throwIfFailed();
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => this.throwIfFailed());
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** Rows from which a commit's pages are checkpointed in the background (fewer: SQLite's own checkpoint is quick). */
const BACKGROUND_CHECKPOINT_FROM_ROWS = 50_000;
/** Connections whose automatic checkpoints are held off while checkpoints run in the background. */
const heldAutocheckpoints = new WeakMap<Database.Database, { setting: number; pending: number }>();
const runningCheckpoints = new Set<Promise<void>>();

/** Resolves once the checkpoints started in the background by the imports committed so far are done. */
export async function backgroundCheckpointsDone(): Promise<void> {
  await Promise.all([...runningCheckpoints]);
}

/**
 * After a large commit on a WAL database, the copy of its pages from the write-ahead log into the
 * database file (and the sync of both), as a thread of its own on its own connection. SQLite would
 * otherwise run it at the end of the COMMIT, on the committing connection: a second (or ten, for
 * millions of lines) after the rows are stored and readable. The thread is started before the
 * transaction and told to go after it, and this connection's automatic checkpoint is held off
 * until it is done (so that it does not run the same copy first, in the event loop). A checkpoint
 * that fails is left to SQLite's next automatic one.
 */
class BackgroundCheckpoint {
  private started = false;

  private constructor(
    private readonly worker: Worker,
  ) {}

  static prepare(sqlite: Database.Database, rows: number): BackgroundCheckpoint | null {
    if (rows < BACKGROUND_CHECKPOINT_FROM_ROWS || sqlite.memory || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return null;
    const held = heldAutocheckpoints.get(sqlite) ?? { setting: sqlite.pragma('wal_autocheckpoint', { simple: true }) as number, pending: 0 };
    heldAutocheckpoints.set(sqlite, held);
    held.pending++;
    sqlite.pragma('wal_autocheckpoint = 0');
    const worker = new Worker(new URL('./wal-checkpoint-thread.mjs', import.meta.url), { workerData: { file: sqlite.name }, execArgv: [] });
    const done = new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('error', () => resolve());
    }).then(() => {
      runningCheckpoints.delete(done);
      if (--held.pending > 0) return;
      heldAutocheckpoints.delete(sqlite);
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${held.setting}`);
    });
    runningCheckpoints.add(done);
    return new BackgroundCheckpoint(worker);
  }

  start(): void {
    this.started = true;
    this.worker.postMessage({ type: 'checkpoint' });
  }

  cancelUnlessStarted(): void {
    if (!this.started) this.worker.postMessage({ type: 'cancel' });
  }
}

export class SqliteImportStage {
  private readonly memoryRows: number;
  private readonly parentDir: string;
  private dir: string | null = null;
  /** The staging file's writer, once rows went past the memory budget. */
  private thread: StagingThread | null = null;
  private readonly orders = new StagedRows(ORDER_LINES);
  private readonly spend = new StagedRows(SPEND);
  private readonly kpi = new StagedRows(KPI);
  /** Customers, merged as staged (first country, earliest time): few, so always in memory. */
  private readonly customers = new Map<string, NewCustomer>();
  /** Products named by the staged lines (code → name): a catalogue, so always in memory. */
  private readonly products = new Map<string, string>();
  /** Customer ids of the staged lines: each must be a staged customer (checked at commit). */
  private readonly lineCustomerIds = new Set<string>();
  private done = false;

  constructor(
    private readonly db: SqliteOrm,
    options: ImportStagingOptions,
  ) {
    this.memoryRows = options.memoryRows ?? DEFAULT_MEMORY_ROWS;
    this.parentDir = options.dir ?? tmpdir();
  }

  /** Rows staged so far, per table, and whether they went past memory into a staging file. */
  get counts(): Readonly<{ orders: number; customers: number; spend: number; kpi: number; inFile: boolean }> {
    return { orders: this.orders.count, customers: this.customers.size, spend: this.spend.count, kpi: this.kpi.count, inFile: this.thread !== null };
  }

  /** Order lines, in file order (their ids in `orders` will follow that order). */
  async addOrderLines(rows: readonly StagedOrderLine[]): Promise<void> {
    this.writable();
    let last: string | undefined;
    for (const r of rows) {
      // An invoice's lines share their customer: skip the set when it repeats.
      if (r.customerId !== last) this.lineCustomerIds.add((last = r.customerId));
    }
    await this.stageRows(this.orders, rows);
  }

  /**
   * Customers of the staged lines (every customer id of a staged line must be staged). A customer
   * staged twice keeps the first country and the earliest time; on commit, customers already in
   * the database keep their country and get the earlier first-seen time.
   */
  async addCustomers(rows: readonly NewCustomer[]): Promise<void> {
    this.writable();
    mergeStagedCustomers(this.customers, rows);
  }

  /** Products of the staged lines; a code staged twice keeps the last name. */
  async addProducts(rows: readonly NewProduct[]): Promise<void> {
    this.writable();
    for (const r of rows) this.products.set(r.code, r.name);
  }

  async addChannelSpend(rows: readonly StagedSpend[]): Promise<void> {
    this.writable();
    await this.stageRows(this.spend, rows);
  }

  async addKpiValues(rows: readonly StagedKpiValue[]): Promise<void> {
    this.writable();
    await this.stageRows(this.kpi, rows);
  }

  /**
   * Writes the `imports` rows, in order, and the staged rows into the real tables in one
   * transaction: customers and order lines go with the 'orders' record, spend and KPI values with
   * the 'spend' record. If a record's kind and content hash were imported meanwhile, nothing is
   * written. The stage cannot be used afterwards; still call `discard()` to delete its file.
   */
  async commit(records: readonly StagedImportRecord[]): Promise<StageCommitResult> {
    this.writable();
    const kinds = new Set(records.map((r) => r.kind));
    if (kinds.size !== records.length) throw new Error('commit: one record per kind');
    if ((this.orders.count || this.customers.size || this.products.size) && !kinds.has('orders')) throw new Error('commit: order lines staged without an orders record');
    if ((this.spend.count || this.kpi.count) && !kinds.has('spend')) throw new Error('commit: spend staged without a spend record');
    // Checked here, so the commit can skip the per-row foreign-key lookups (see writeRecords).
    for (const id of this.lineCustomerIds) {
      if (!this.customers.has(id)) throw new Error(`commit: order lines staged for customer ${id}, who was not staged (addCustomers)`);
    }
    this.done = true;
    if (this.thread) {
      for (const table of this.tables()) await this.thread.write(table.spec.staged, table.take());
      await this.thread.finish();
    }

    const file = this.thread ? this.stagingFile() : null;
    // Another connection's write (the build of a large import's indexes, a worker's) holds the lock:
    // nothing was written, so the commit is tried again after a pause that leaves the event loop free.
    const deadline = Date.now() + COMMIT_WAIT_WHEN_BUSY_MS;
    for (;;) {
      try {
        return this.commitNow(records, file);
      } catch (err) {
        if (!isBusy(err) || Date.now() > deadline) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, COMMIT_RETRY_PAUSE_MS));
    }
  }

  /** The commit, synchronous from start to end: no other request's statement can run in between. */
  private commitNow(records: readonly StagedImportRecord[], file: string | null): StageCommitResult {
    const sqlite = this.db.$client;
    if (sqlite.inTransaction) {
      // Only possible if some code holds a transaction open across an await on this connection.
      throw new PulseError('E_BUSY', 'The database is in the middle of another write; try the import again.');
    }
    const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
    const checkpoint = BackgroundCheckpoint.prepare(sqlite, this.orders.count + this.spend.count + this.kpi.count);
    // The indexes a large import dropped are built after the commit, off the event loop, where they can be.
    const indexesAfterCommit = !sqlite.memory && sqlite.pragma('journal_mode', { simple: true }) === 'wal';
    if (file) sqlite.prepare(`ATTACH DATABASE ? AS ${ATTACHED}`).run(file);
    try {
      if (foreignKeys) sqlite.pragma('foreign_keys = OFF');
      const result = sqlite.transaction(() => {
        const written = this.writeRecords(records);
        if (!indexesAfterCommit) buildMissingIndexes(sqlite, 'orders');
        return written;
      }).immediate();
      checkpoint?.start();
      if (indexesAfterCommit && missingIndexes(sqlite, 'orders').length) void buildMissingIndexesInBackground(sqlite.name, 'orders');
      return result;
    } finally {
      checkpoint?.cancelUnlessStarted();
      if (foreignKeys) sqlite.pragma('foreign_keys = ON');
      if (file) sqlite.exec(`DETACH DATABASE ${ATTACHED}`);
    }
  }

  /** Drops the stage and deletes its file, if any. Safe to call more than once, and after `commit`. */
  async discard(): Promise<void> {
    this.done = true;
    const thread = this.thread;
    this.thread = null;
    await thread?.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private tables(): StagedRows<unknown>[] {
    return [this.orders, this.spend, this.kpi] as StagedRows<unknown>[];
  }

  private async stageRows<Row>(table: StagedRows<Row>, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    table.add(rows);
    if (!this.thread && this.orders.inMemory + this.spend.inMemory + this.kpi.inMemory > this.memoryRows) this.openStagingFile();
    if (!this.thread) return;
    for (const t of this.tables()) if (t.inMemory) await this.thread.write(t.spec.staged, t.take());
  }

  /**
   * The staging file, private to this stage, and its writing thread. Its rows are numbered as the
   * real tables would number them now, and carry the id the import would take now.
   */
  private openStagingFile(): void {
    const sqlite = this.db.$client;
    this.dir = mkdtempSync(path.join(this.parentDir, 'pulse-import-'));
    const thread = new StagingThread(this.stagingFile());
    this.thread = thread;
    const importId = nextRowId(sqlite, 'imports');
    for (const table of this.tables()) thread.define(table.stagingTable(sqlite, { firstId: nextRowId(sqlite, table.spec.target), importId }));
  }

  private stagingFile(): string {
    return path.join(this.dir!, 'staging.db');
  }

  /**
   * The body of commit's transaction: synchronous, never awaits. Foreign keys are not checked row by
   * row here (a third of the time): every order line's customer is staged (checked in `commit`) and
   * inserted first, and the imports rows are inserted before the rows that point to them.
   */
  private writeRecords(records: readonly StagedImportRecord[]): StageCommitResult {
    for (const record of records) {
      const existing = record.replaceSameContent ? undefined : this.findImport(record.kind, record.contentHash);
      if (existing) return { status: 'duplicate', existing };
    }
    const sqlite = this.db.$client;
    const importIds: number[] = [];
    for (const record of records) {
      // Before the insert: (kind, content hash) is unique.
      const replacedSame = record.replaceSameContent ? this.deleteImports(record.kind, 'content_hash = ?', [record.contentHash]) : [];
      const importId = this.db
        .insert(imports)
        .values({ kind: record.kind, fileName: record.fileName, contentHash: record.contentHash, importedBy: record.importedBy ?? null, linesRead: 0, imported: 0, report: {} })
        .returning({ id: imports.id })
        .get().id;
      importIds.push(importId);
      const replaced = [
        ...replacedSame,
        ...(record.replaceFileName ? this.deleteImports(record.kind, 'file_name = ? AND id <> ?', [record.replaceFileName, importId]) : []),
      ];
      let alreadyStored = 0;
      if (record.kind === 'orders') {
        const upsert = sqlite.prepare(
          `INSERT INTO main.customers AS c (id, country, first_seen_at) VALUES (?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET
             country = coalesce(c.country, excluded.country),
             first_seen_at = min(coalesce(c.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`,
        );
        for (const c of this.customers.values()) upsert.run(c.id, c.country, c.firstSeenAt);
        const upsertProduct = sqlite.prepare(UPSERT_PRODUCT_SQL);
        for (const [code, name] of this.products) upsertProduct.run(code, name);
        const firstNewId = this.withIndexesDroppedIfLarge('orders', this.orders.count, () => this.orders.moveTo(sqlite, importId));
        alreadyStored = this.dropLinesAlreadyStored(importId, firstNewId);
      } else {
        this.spend.moveTo(sqlite, importId);
        this.kpi.moveTo(sqlite, importId);
      }
      this.db
        .update(imports)
        .set({ linesRead: record.linesRead, imported: record.imported - alreadyStored, report: record.report(importId, replaced, alreadyStored) })
        .where(eq(imports.id, importId))
        .run();
    }
    return { status: 'committed', importIds };
  }

  /**
   * Runs `insert` into `table`. When it adds at least as many rows as the table holds, the table's
   * indexes are dropped first, to be built again from the stored rows (sorting their keys is several
   * times faster than inserting as many keys one by one): after the commit, in the background where the
   * database allows (see `commit`), or earlier if a statement of the transaction needs them (the check
   * for lines already stored). A smaller insert first builds what an earlier import left to be built.
   */
  private withIndexesDroppedIfLarge<T>(table: string, adding: number, insert: () => T): T {
    const sqlite = this.db.$client;
    const holds = (sqlite.prepare(`SELECT max(rowid) AS n FROM main.${table}`).get() as { n: number | null }).n ?? 0;
    if (adding < Math.max(holds, REBUILD_INDEXES_FROM_ROWS)) {
      buildMissingIndexes(sqlite, table);
      return insert();
    }
    const indexes = sqlite.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { name: string; sql: string }[];
    const dropped: typeof indexes = [];
    try {
      for (const index of indexes) {
        sqlite.exec(`DROP INDEX main."${index.name.replaceAll('"', '""')}"`);
        dropped.push(index);
      }
    } catch {
      // A statement still reading the table on this connection prevents DROP: insert with the indexes.
      for (const index of dropped) sqlite.exec(index.sql);
      buildMissingIndexes(sqlite, table);
    }
    return insert();
  }

  /**
   * Deletes the lines just inserted (ids from `firstNewId`) that were already stored: the same
   * invoice, customer, time, amount, quantity, return flag and product, counted as a multiset (a file
   * that holds a line twice, as Online Retail does, keeps both unless both were there). This is what
   * makes a re-saved file (another encoding, another hash) or an export overlapping the last one add
   * only what is new. Only the time range both share is compared, through the per-customer index.
   */
  private dropLinesAlreadyStored(importId: number, firstNewId: number): number {
    if (firstNewId === 1) return 0; // the table was empty
    const sqlite = this.db.$client;
    // The new lines' time range (a rowid range), then whether any earlier line falls in it at all.
    const range = sqlite.prepare('SELECT min(ordered_at) AS lo, max(ordered_at) AS hi FROM main.orders WHERE id >= ?').get(firstNewId) as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) return 0;
    if (!sqlite.prepare('SELECT 1 FROM main.orders WHERE ordered_at BETWEEN ? AND ? AND id < ? LIMIT 1').get(range.lo, range.hi, firstNewId)) return 0;
    // The lines are compared through the per-customer index, which a large insert dropped.
    buildMissingIndexes(sqlite, 'orders');
    return sqlite
      .prepare(
        `DELETE FROM main.orders WHERE id IN (
           SELECT n.id FROM (
             SELECT id, invoice, customer_id, ordered_at, amount, quantity, is_return, product_code,
                    row_number() OVER (PARTITION BY invoice, customer_id, ordered_at, amount, quantity, is_return, product_code ORDER BY id) AS k
             FROM main.orders WHERE import_id = @importId AND ordered_at BETWEEN @lo AND @hi) n
           WHERE n.k <= (
             SELECT count(*) FROM main.orders o
             WHERE o.customer_id = n.customer_id AND o.ordered_at = n.ordered_at AND o.id < @firstNewId
               AND o.invoice = n.invoice AND o.amount = n.amount AND o.quantity = n.quantity AND o.is_return = n.is_return
               AND o.product_code IS n.product_code))`,
      )
      .run({ importId, lo: range.lo, hi: range.hi, firstNewId }).changes;
  }

  /** Deletes the imports of `kind` matching `where` (over `imports`) and their rows; returns their ids. */
  private deleteImports(kind: ImportKind, where: string, params: unknown[]): number[] {
    const sqlite = this.db.$client;
    const ids = (sqlite.prepare(`SELECT id FROM main.imports WHERE kind = ? AND ${where} ORDER BY id`).all(kind, ...params) as { id: number }[]).map((r) => r.id);
    const tables = kind === 'orders' ? ['orders'] : ['channel_spend', 'kpi'];
    for (const id of ids) {
      for (const table of tables) sqlite.prepare(`DELETE FROM main.${table} WHERE import_id = ?`).run(id);
      sqlite.prepare('DELETE FROM main.imports WHERE id = ?').run(id);
    }
    return ids;
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
  }
}

/** A customer staged twice keeps the first country and the earliest time (both dialects' stages). */
export function mergeStagedCustomers(customers: Map<string, NewCustomer>, rows: readonly NewCustomer[]): void {
  for (const r of rows) {
    const known = customers.get(r.id);
    if (!known) customers.set(r.id, { ...r });
    else {
      known.country ??= r.country;
      if (r.firstSeenAt < known.firstSeenAt) known.firstSeenAt = r.firstSeenAt;
    }
  }
}
