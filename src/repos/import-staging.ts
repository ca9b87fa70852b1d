import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { imports } from '../db/schema.ts';
import { PulseError } from '../errors.ts';
import type { ImportKind, ImportRecord, NewImport } from './imports.ts';
import { UPSERT_PRODUCT_SQL, type NewCustomer, type NewOrderLine, type NewProduct } from './sales.ts';

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
   * Rows (of all tables) kept in memory before the stage moves to a staging file (default 500,000:
   * about 60 MB of order lines; Online Retail fits).
   */
  memoryRows?: number;
}

const DEFAULT_MEMORY_ROWS = 500_000;
/** Rows per multi-row INSERT: binding 7 × 128 values at once beats 128 one-row statements. */
const ROWS_PER_STATEMENT = 128;
const ATTACHED = 'pulse_staging';
/** Staging connection's page cache: the staging file is written once, in order, so little is needed. */
const STAGING_CACHE_KIB = 8192;
/** Below this many rows, index maintenance is too cheap to be worth a rebuild. */
const REBUILD_INDEXES_FROM_ROWS = 10_000;

/**
 * Staged rows of one table as columns: text columns as arrays (their strings are shared between
 * rows: invoices, customers, countries), number columns as Float64Array (null as NaN). Compact,
 * and cheap for the garbage collector, which never scans typed arrays: rows held until the commit
 * would otherwise be hundreds of thousands of objects to mark at every collection.
 */
interface ColumnChunk {
  count: number;
  columns: (unknown[] | Float64Array)[];
}

/** A staged table: its columns (the same in the stage and the real table, which adds `import_id`). */
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
 * the stage moves to a staging file (a temporary SQLite database with its own connection: no
 * journal, no indexes, nothing shared), which the commit attaches and copies with INSERT … SELECT.
 * Memory stays bounded whatever the size of the file. The event loop is busy for the length of the
 * commit (about a second per 400,000 order lines).
 */
export class ImportStagingRepository {
  constructor(
    private readonly db: Db,
    private readonly options: ImportStagingOptions = {},
  ) {}

  /** A new, empty stage. Call `discard()` when done with it (after `commit`, or on failure). */
  async open(): Promise<ImportStage> {
    return new ImportStage(this.db, this.options);
  }
}

/** Rows of one table: in memory (as columns), or (past the memory budget) in the staging file. */
class StagedRows<Row> {
  private chunks: ColumnChunk[] = [];
  private buffered = 0;
  count = 0;
  spilled = false;

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

  /** Writes the rows held in memory to the staging file. */
  spill(staging: Database.Database): void {
    const { staged, columns } = this.spec;
    if (!this.spilled) {
      staging.exec(`CREATE TABLE ${staged} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
      this.spillStatements = statementCache(staging, `INSERT INTO ${staged} (${columns.map((c) => c.name).join(', ')})`, columns.length);
    }
    this.spilled = true;
    insertRows(this.spillStatements!, columns.length, this.chunks);
    this.chunks = [];
    this.buffered = 0;
  }

  /** Inserts every row into the real table with `import_id` (inside commit's transaction). */
  moveTo(sqlite: Database.Database, importId: number): void {
    const { target, staged, columns } = this.spec;
    const list = columns.map((c) => c.name).join(', ');
    if (this.spilled) {
      sqlite.prepare(`INSERT INTO main.${target} (${list}, import_id) SELECT ${list}, ? FROM ${ATTACHED}.${staged} ORDER BY rowid`).run(importId);
    } else {
      // The import id as an SQL literal: one value fewer to bind per row.
      insertRows(statementCache(sqlite, `INSERT INTO main.${target} (${list}, import_id)`, columns.length, `, ${Math.trunc(importId)}`), columns.length, this.chunks);
    }
  }

  private spillStatements: ((rows: number) => Statement) | undefined;
}

/** Multi-row INSERT statements for `rows` rows, prepared once each; `suffix` ends every row's values. */
function statementCache(sqlite: Database.Database, insert: string, columnCount: number, suffix = ''): (rows: number) => Statement {
  const tuple = `(${Array(columnCount).fill('?').join(', ')}${suffix})`;
  const prepared = new Map<number, Statement>();
  return (rows) => {
    let statement = prepared.get(rows);
    if (!statement) prepared.set(rows, (statement = sqlite.prepare(`${insert} VALUES ${Array(rows).fill(tuple).join(', ')}`)));
    return statement;
  };
}

/** Inserts the rows of `chunks`, ROWS_PER_STATEMENT at a time. */
function insertRows(statement: (rows: number) => Statement, columnCount: number, chunks: readonly ColumnChunk[]): void {
  const params = new Array<unknown>(columnCount * ROWS_PER_STATEMENT);
  for (const { count, columns } of chunks) {
    let row = 0;
    for (; row + ROWS_PER_STATEMENT <= count; row += ROWS_PER_STATEMENT) {
      // Column by column: each loop reads one kind of array.
      for (let c = 0; c < columnCount; c++) {
        const column = columns[c];
        if (column instanceof Float64Array) {
          for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
            const value = column[row + r];
            params[r * columnCount + c] = value !== value ? null : value; // NaN: a null number
          }
        } else {
          for (let r = 0; r < ROWS_PER_STATEMENT; r++) params[r * columnCount + c] = column[row + r];
        }
      }
      statement(ROWS_PER_STATEMENT).run(params);
    }
    if (row < count) {
      const rest = count - row;
      const values = new Array<unknown>(rest * columnCount);
      for (let r = 0; r < rest; r++) {
        for (let c = 0; c < columnCount; c++) {
          const value = columns[c][row + r];
          values[r * columnCount + c] = value !== value ? null : value;
        }
      }
      statement(rest).run(values);
    }
  }
}

export class ImportStage {
  private readonly memoryRows: number;
  private readonly parentDir: string;
  private dir: string | null = null;
  /** The staging file's connection, once rows went past the memory budget. */
  private staging: Database.Database | null = null;
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
    private readonly db: Db,
    options: ImportStagingOptions,
  ) {
    this.memoryRows = options.memoryRows ?? DEFAULT_MEMORY_ROWS;
    this.parentDir = options.dir ?? tmpdir();
  }

  /** Rows staged so far, per table, and whether they went past memory into a staging file. */
  get counts(): Readonly<{ orders: number; customers: number; spend: number; kpi: number; inFile: boolean }> {
    return { orders: this.orders.count, customers: this.customers.size, spend: this.spend.count, kpi: this.kpi.count, inFile: this.staging !== null };
  }

  /** Order lines, in file order (their ids in `orders` will follow that order). */
  async addOrderLines(rows: readonly StagedOrderLine[]): Promise<void> {
    this.writable();
    for (const r of rows) this.lineCustomerIds.add(r.customerId);
    this.stageRows(this.orders, rows);
  }

  /**
   * Customers of the staged lines (every customer id of a staged line must be staged). A customer
   * staged twice keeps the first country and the earliest time; on commit, customers already in
   * the database keep their country and get the earlier first-seen time.
   */
  async addCustomers(rows: readonly NewCustomer[]): Promise<void> {
    this.writable();
    for (const r of rows) {
      const known = this.customers.get(r.id);
      if (!known) this.customers.set(r.id, { ...r });
      else {
        known.country ??= r.country;
        if (r.firstSeenAt < known.firstSeenAt) known.firstSeenAt = r.firstSeenAt;
      }
    }
  }

  /** Products of the staged lines; a code staged twice keeps the last name. */
  async addProducts(rows: readonly NewProduct[]): Promise<void> {
    this.writable();
    for (const r of rows) this.products.set(r.code, r.name);
  }

  async addChannelSpend(rows: readonly StagedSpend[]): Promise<void> {
    this.writable();
    this.stageRows(this.spend, rows);
  }

  async addKpiValues(rows: readonly StagedKpiValue[]): Promise<void> {
    this.writable();
    this.stageRows(this.kpi, rows);
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
    if (this.staging) {
      for (const table of [this.orders, this.spend, this.kpi]) if (table.count) table.spill(this.staging);
      this.staging.exec('COMMIT');
      this.staging.close();
    }
    this.done = true;

    const sqlite = this.db.$client;
    if (sqlite.inTransaction) {
      // Only possible if some code holds a transaction open across an await on this connection.
      throw new PulseError('E_BUSY', 'The database is in the middle of another write; try the import again.');
    }
    // Everything from here to the end is synchronous: no other request's statement can run in between.
    const file = this.staging ? this.stagingFile() : null;
    const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
    if (file) sqlite.prepare(`ATTACH DATABASE ? AS ${ATTACHED}`).run(file);
    try {
      if (foreignKeys) sqlite.pragma('foreign_keys = OFF');
      return sqlite.transaction(() => this.writeRecords(records)).immediate();
    } finally {
      if (foreignKeys) sqlite.pragma('foreign_keys = ON');
      if (file) sqlite.exec(`DETACH DATABASE ${ATTACHED}`);
    }
  }

  /** Drops the stage and deletes its file, if any. Safe to call more than once, and after `commit`. */
  async discard(): Promise<void> {
    this.done = true;
    if (this.staging?.open) this.staging.close();
    this.staging = null;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private stageRows<Row>(table: StagedRows<Row>, rows: readonly Row[]): void {
    if (rows.length === 0) return;
    table.add(rows);
    if (this.staging) table.spill(this.staging);
    else if (this.orders.inMemory + this.spend.inMemory + this.kpi.inMemory > this.memoryRows) {
      const staging = this.openStagingFile();
      for (const t of [this.orders, this.spend, this.kpi]) if (t.count) t.spill(staging);
    }
  }

  /** The staging file: private to this stage, one transaction for all of it (nothing else waits on it). */
  private openStagingFile(): Database.Database {
    this.dir = mkdtempSync(path.join(this.parentDir, 'pulse-import-'));
    const staging = new Database(this.stagingFile());
    this.staging = staging;
    // Written once and read once, in order: large pages, no journal, no syncing.
    staging.pragma('page_size = 65536');
    staging.pragma('journal_mode = OFF');
    staging.pragma('synchronous = OFF');
    staging.pragma(`cache_size = -${STAGING_CACHE_KIB}`);
    staging.exec('BEGIN');
    return staging;
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
        const firstNewId = this.nextOrderId();
        this.withIndexesRebuiltIfLarge('orders', this.orders.count, () => this.orders.moveTo(sqlite, importId));
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

  /** Deletes the earlier imports of `kind` named `fileName` and their rows; returns their ids. */
  private nextOrderId(): number {
    return ((this.db.$client.prepare('SELECT max(id) AS id FROM main.orders').get() as { id: number | null }).id ?? 0) + 1;
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
