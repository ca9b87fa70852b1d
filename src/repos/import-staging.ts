import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { imports } from '../db/schema.ts';
import { PulseError } from '../errors.ts';
import type { ImportKind, ImportRecord, NewImport } from './imports.ts';
import type { NewCustomer } from './sales.ts';

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

const STAGING_SCHEMA = `
  CREATE TABLE staged_orders (invoice TEXT NOT NULL, customer_id TEXT NOT NULL, ordered_at INTEGER NOT NULL,
    amount REAL NOT NULL, quantity REAL NOT NULL, country TEXT, is_return INTEGER NOT NULL);
  CREATE TABLE staged_customers (id TEXT PRIMARY KEY, country TEXT, first_seen_at INTEGER);
  CREATE TABLE staged_spend (period_start TEXT NOT NULL, channel TEXT NOT NULL, spend REAL NOT NULL, impressions REAL);
  CREATE TABLE staged_kpi (period_start TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL);
`;

/** Rows per multi-row INSERT into the stage: binding 7 × 128 values at once beats 128 statements. */
const ROWS_PER_STATEMENT = 128;
const ORDER_COLUMNS = 7;
const ATTACHED = 'pulse_staging';
/** Staging connection's page cache: the stage is written once, sequentially, so little is needed. */
const STAGING_CACHE_KIB = 8192;
/** Below this many rows, index maintenance is too cheap to be worth a rebuild. */
const REBUILD_INDEXES_FROM_ROWS = 10_000;

/**
 * Bulk writes of imported files, all-or-nothing without holding a transaction across awaits.
 *
 * A file is read asynchronously (streamed), but the bot's SQLite connection is shared by every
 * request: a transaction left open while the file streams would swallow, and on failure roll back,
 * whatever other requests write meanwhile (audit rows, job runs). So the rows are first written to
 * a private staging database (a temporary SQLite file with its own connection: no journal, no
 * indexes, nothing shared), then `commit` moves them into the real tables in ONE synchronous
 * transaction on the target connection (ATTACH, INSERT … SELECT, imports row), with no await
 * inside it. The event loop is busy for the length of that transaction (about a second per 400,000
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
  private staging: Database.Database | null;
  private readonly statements: Record<'orderChunk' | 'order' | 'customer' | 'spend' | 'kpi', Statement>;
  private readonly params = new Array<unknown>(ROWS_PER_STATEMENT * ORDER_COLUMNS);
  private readonly staged = { orders: 0, customers: 0, spend: 0, kpi: 0 };
  /** Customer ids of the staged lines, and the customers staged: each of the first must be in the second. */
  private readonly lineCustomerIds = new Set<string>();
  private readonly customerIds = new Set<string>();
  private done = false;

  constructor(
    private readonly db: Db,
    parentDir: string,
  ) {
    this.dir = mkdtempSync(path.join(parentDir, 'pulse-import-'));
    this.file = path.join(this.dir, 'staging.db');
    const staging = new Database(this.file);
    this.staging = staging;
    try {
      staging.pragma('page_size = 65536');
      staging.pragma('journal_mode = OFF');
      staging.pragma('synchronous = OFF');
      staging.pragma(`cache_size = -${STAGING_CACHE_KIB}`);
      staging.exec(STAGING_SCHEMA);
      const orderValues = '(?, ?, ?, ?, ?, ?, ?)';
      const insertOrders = 'INSERT INTO staged_orders (invoice, customer_id, ordered_at, amount, quantity, country, is_return) VALUES';
      this.statements = {
        orderChunk: staging.prepare(`${insertOrders} ${Array(ROWS_PER_STATEMENT).fill(orderValues).join(', ')}`),
        order: staging.prepare(`${insertOrders} ${orderValues}`),
        customer: staging.prepare(
          `INSERT INTO staged_customers AS c (id, country, first_seen_at) VALUES (?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET
             country = coalesce(c.country, excluded.country),
             first_seen_at = min(coalesce(c.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`,
        ),
        spend: staging.prepare('INSERT INTO staged_spend (period_start, channel, spend, impressions) VALUES (?, ?, ?, ?)'),
        kpi: staging.prepare('INSERT INTO staged_kpi (period_start, metric, value) VALUES (?, ?, ?)'),
      };
      // The connection is private: one transaction for the whole staging keeps it cheap, and
      // rolling it back (discard) costs nothing.
      staging.exec('BEGIN');
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
    const { orderChunk, order } = this.writable();
    const params = this.params;
    let start = 0;
    for (; start + ROWS_PER_STATEMENT <= rows.length; start += ROWS_PER_STATEMENT) {
      let p = 0;
      for (let i = start; i < start + ROWS_PER_STATEMENT; i++) {
        const r = rows[i];
        this.lineCustomerIds.add(r.customerId);
        params[p++] = r.invoice;
        params[p++] = r.customerId;
        params[p++] = r.orderedAt;
        params[p++] = r.amount;
        params[p++] = r.quantity;
        params[p++] = r.country;
        params[p++] = r.isReturn ? 1 : 0;
      }
      orderChunk.run(params);
    }
    for (let i = start; i < rows.length; i++) {
      const r = rows[i];
      this.lineCustomerIds.add(r.customerId);
      order.run(r.invoice, r.customerId, r.orderedAt, r.amount, r.quantity, r.country, r.isReturn ? 1 : 0);
    }
    this.staged.orders += rows.length;
  }

  /**
   * Customers of the staged lines (every customer id of a staged line must be staged). A customer
   * staged twice keeps the first country and the earliest time; on commit, customers already in
   * the database keep their country and get the earlier first-seen time.
   */
  async addCustomers(rows: readonly NewCustomer[]): Promise<void> {
    const { customer } = this.writable();
    for (const r of rows) {
      customer.run(r.id, r.country, r.firstSeenAt);
      this.customerIds.add(r.id);
    }
    this.staged.customers = this.customerIds.size;
  }

  async addChannelSpend(rows: readonly StagedSpend[]): Promise<void> {
    const { spend } = this.writable();
    for (const r of rows) spend.run(r.periodStart, r.channel, r.spend, r.impressions);
    this.staged.spend += rows.length;
  }

  async addKpiValues(rows: readonly StagedKpiValue[]): Promise<void> {
    const { kpi } = this.writable();
    for (const r of rows) kpi.run(r.periodStart, r.metric, r.value);
    this.staged.kpi += rows.length;
  }

  /**
   * Writes the `imports` rows, in order, and moves the staged rows into the real tables in one
   * transaction: customers and order lines go with the 'orders' record, spend and KPI values with
   * the 'spend' record. If a record's kind and content hash were imported meanwhile, nothing is
   * written. The stage cannot be used afterwards; still call `discard()` to delete its file.
   */
  async commit(records: readonly StagedImportRecord[]): Promise<StageCommitResult> {
    const staging = this.writable() && this.staging!;
    const kinds = new Set(records.map((r) => r.kind));
    if (kinds.size !== records.length) throw new Error('commit: one record per kind');
    if ((this.staged.orders || this.staged.customers) && !kinds.has('orders')) throw new Error('commit: order lines staged without an orders record');
    if ((this.staged.spend || this.staged.kpi) && !kinds.has('spend')) throw new Error('commit: spend staged without a spend record');
    // Checked here, so the move can skip the per-row foreign-key lookups (see moveStagedRows).
    for (const id of this.lineCustomerIds) {
      if (!this.customerIds.has(id)) throw new Error(`commit: order lines staged for customer ${id}, who was not staged (addCustomers)`);
    }
    staging.exec('COMMIT');
    staging.close();
    this.staging = null;
    this.done = true;

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
    if (this.staging?.open) this.staging.close();
    this.staging = null;
    this.removeFiles();
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

  private writable() {
    if (this.done || !this.staging) throw new Error('This import stage was already committed or discarded.');
    return this.statements;
  }

  private removeFiles(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
