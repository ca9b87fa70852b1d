import type pg from 'pg';
import { copyRows } from '../../db/pg/copy-rows.ts';
import { chooseOrdersLoad, loadOrders } from './orders-load.ts';
import type { NewCustomer, NewProduct } from '../sales.ts';
import type { ImportKind, ImportRecord } from '../imports.ts';
import { mergeStagedCustomers, type StageCommitResult, type StagedImportRecord, type StagedKpiValue, type StagedOrderLine, type StagedSpend } from '../import-staging.ts';

/**
 * An import's stage on PostgreSQL. Unlike SQLite, each transaction has a connection of its own, so
 * the stage is simply one transaction, held from the first row to the commit: rows stream with COPY
 * into temporary tables as the file is read (memory stays flat), and `commit` moves them into the
 * real tables with INSERT … SELECT, in the same transaction. `discard` rolls back whatever is left.
 * A batch's COPY runs while the importer reads the next batch (one behind: memory stays bounded).
 */
export class PgImportStage {
  private connection: pg.PoolClient | undefined;
  private opened: Promise<pg.PoolClient> | undefined;
  private readonly customers = new Map<string, NewCustomer>();
  private readonly products = new Map<string, string>();
  private readonly lineCustomerIds = new Set<string>();
  private readonly staged = { orders: 0, spend: 0, kpi: 0 };
  /** The COPY of the last batch, still running; a failure surfaces at the next batch or at the commit. */
  private copying: Promise<void> = Promise.resolve();
  private done = false;

  constructor(private readonly pool: pg.Pool) {}

  get counts(): Readonly<{ orders: number; customers: number; spend: number; kpi: number; inFile: boolean }> {
    return { ...this.staged, customers: this.customers.size, inFile: false };
  }

  async addOrderLines(rows: readonly StagedOrderLine[]): Promise<void> {
    this.writable();
    for (const r of rows) this.lineCustomerIds.add(r.customerId);
    await this.copy('staged_orders', ORDER_COLUMNS, rows.map((r) => [r.invoice, r.customerId, r.orderedAt, r.amount, r.quantity, r.country, r.isReturn ? 1 : 0, r.productCode ?? null]));
    this.staged.orders += rows.length;
  }

  /** As ImportStage.addCustomers: the first country and the earliest time of a customer staged twice. */
  async addCustomers(rows: readonly NewCustomer[]): Promise<void> {
    this.writable();
    mergeStagedCustomers(this.customers, rows);
  }

  async addProducts(rows: readonly NewProduct[]): Promise<void> {
    this.writable();
    for (const r of rows) this.products.set(r.code, r.name);
  }

  async addChannelSpend(rows: readonly StagedSpend[]): Promise<void> {
    this.writable();
    await this.copy('staged_spend', SPEND_COLUMNS, rows.map((r) => [r.periodStart, r.channel, r.spend, r.impressions]));
    this.staged.spend += rows.length;
  }

  async addKpiValues(rows: readonly StagedKpiValue[]): Promise<void> {
    this.writable();
    await this.copy('staged_kpi', KPI_COLUMNS, rows.map((r) => [r.periodStart, r.metric, r.value]));
    this.staged.kpi += rows.length;
  }

  /** As ImportStage.commit: the imports rows and the staged rows, all or nothing. */
  async commit(records: readonly StagedImportRecord[]): Promise<StageCommitResult> {
    this.writable();
    const kinds = new Set(records.map((r) => r.kind));
    if (kinds.size !== records.length) throw new Error('commit: one record per kind');
    if ((this.staged.orders || this.customers.size || this.products.size) && !kinds.has('orders')) throw new Error('commit: order lines staged without an orders record');
    if ((this.staged.spend || this.staged.kpi) && !kinds.has('spend')) throw new Error('commit: spend staged without a spend record');
    for (const id of this.lineCustomerIds) {
      if (!this.customers.has(id)) throw new Error(`commit: order lines staged for customer ${id}, who was not staged (addCustomers)`);
    }
    this.done = true;
    await this.copying;
    const db = await this.connect();
    for (const record of records) {
      const existing = record.replaceSameContent ? undefined : await this.findImport(db, record.kind, record.contentHash);
      if (existing) {
        await this.rollback();
        return { status: 'duplicate', existing };
      }
    }
    const importIds: number[] = [];
    for (const record of records) importIds.push(await this.writeRecord(db, record));
    await db.query('COMMIT');
    this.release();
    return { status: 'committed', importIds };
  }

  async discard(): Promise<void> {
    this.done = true;
    await this.copying.catch(() => {});
    await this.rollback();
  }

  private async writeRecord(db: pg.PoolClient, record: StagedImportRecord): Promise<number> {
    // Chosen (and its locks taken) before anything is written: see orders-load.ts.
    const load = record.kind === 'orders' ? await chooseOrdersLoad(db, this.staged.orders) : 'maintain';
    const replacedSame = record.replaceSameContent ? await this.deleteImports(db, record.kind, 'content_hash = $2', [record.contentHash]) : [];
    const importId = (
      await db.query<{ id: number }>(
        "INSERT INTO imports (kind, file_name, content_hash, imported_by, lines_read, imported, report) VALUES ($1, $2, $3, $4, 0, 0, '{}') RETURNING id",
        [record.kind, record.fileName, record.contentHash, record.importedBy ?? null],
      )
    ).rows[0]!.id;
    const replaced = [...replacedSame, ...(record.replaceFileName ? await this.deleteImports(db, record.kind, 'file_name = $2 AND id <> $3', [record.replaceFileName, importId]) : [])];
    let alreadyStored = 0;
    if (record.kind === 'orders') {
      await this.upsertCustomersAndProducts(db);
      const firstNewId = Number((await db.query<{ id: number }>('SELECT coalesce(max(id), 0) + 1 AS id FROM orders')).rows[0]!.id);
      await loadOrders(db, load, async () => {
        await db.query(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}, import_id) SELECT ${ORDER_COLUMNS.join(', ')}, $1 FROM staged_orders ORDER BY seq`, [importId]);
      });
      alreadyStored = await dropLinesAlreadyStored(db, importId, firstNewId);
    } else {
      await db.query(`INSERT INTO channel_spend (${SPEND_COLUMNS.join(', ')}, import_id) SELECT ${SPEND_COLUMNS.join(', ')}, $1 FROM staged_spend ORDER BY seq`, [importId]);
      await db.query(`INSERT INTO kpi (${KPI_COLUMNS.join(', ')}, import_id) SELECT ${KPI_COLUMNS.join(', ')}, $1 FROM staged_kpi ORDER BY seq`, [importId]);
    }
    await db.query('UPDATE imports SET lines_read = $1, imported = $2, report = $3 WHERE id = $4', [
      record.linesRead,
      record.imported - alreadyStored,
      JSON.stringify(record.report(importId, replaced, alreadyStored)),
      importId,
    ]);
    return importId;
  }

  /** Customers keep the country stored and move first_seen_at earlier; products take the name of the latest file. */
  private async upsertCustomersAndProducts(db: pg.PoolClient): Promise<void> {
    await copyRows(db, 'staged_customers', ['id', 'country', 'first_seen_at'], [...this.customers.values()].map((c) => [c.id, c.country, c.firstSeenAt]));
    await db.query(`INSERT INTO customers AS c (id, country, first_seen_at) SELECT id, country, first_seen_at FROM staged_customers
      ON CONFLICT (id) DO UPDATE SET country = coalesce(c.country, excluded.country),
        first_seen_at = least(coalesce(c.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`);
    await copyRows(db, 'staged_products', ['code', 'name'], [...this.products].map(([code, name]) => [code, name]));
    await db.query('INSERT INTO products (code, name) SELECT code, name FROM staged_products ON CONFLICT (code) DO UPDATE SET name = excluded.name');
  }

  private async deleteImports(db: pg.PoolClient, kind: ImportKind, where: string, params: unknown[]): Promise<number[]> {
    const ids = (await db.query<{ id: number }>(`SELECT id FROM imports WHERE kind = $1 AND ${where} ORDER BY id`, [kind, ...params])).rows.map((r) => r.id);
    if (ids.length === 0) return ids;
    for (const table of kind === 'orders' ? ['orders'] : ['channel_spend', 'kpi']) await db.query(`DELETE FROM ${table} WHERE import_id = ANY($1)`, [ids]);
    await db.query('DELETE FROM imports WHERE id = ANY($1)', [ids]);
    return ids;
  }

  private async findImport(db: pg.PoolClient, kind: ImportKind, contentHash: string): Promise<ImportRecord | undefined> {
    const { rows } = await db.query(
      `SELECT id, kind, file_name AS "fileName", content_hash AS "contentHash", lines_read AS "linesRead", imported, report,
              imported_by AS "importedBy", created_at AS "createdAt"
       FROM imports WHERE kind = $1 AND content_hash = $2`,
      [kind, contentHash],
    );
    return rows[0] as ImportRecord | undefined;
  }

  /** The stage's connection and transaction, with its temporary tables (dropped at commit or rollback). */
  private connect(): Promise<pg.PoolClient> {
    this.opened ??= (async () => {
      const connection = await this.pool.connect();
      this.connection = connection;
      await connection.query('BEGIN');
      await connection.query(STAGING_TABLES);
      return connection;
    })();
    return this.opened;
  }

  /**
   * Starts the COPY of a batch after the one before, and returns once that one is done: the server
   * stores a batch while the file's next one is parsed. `rows` are the caller's fresh arrays, not
   * the importer's batch, so nothing changes under the COPY.
   */
  private async copy(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const previous = this.copying;
    this.copying = previous.then(async () => copyRows(await this.connect(), table, columns, rows));
    this.copying.catch(() => {}); // awaited later: at the next batch, the commit or the discard
    await previous;
  }

  private async rollback(): Promise<void> {
    if (!this.connection) return;
    await this.connection.query('ROLLBACK').catch(() => {});
    this.release();
  }

  private release(): void {
    this.connection?.release();
    this.connection = undefined;
  }

  private writable(): void {
    if (this.done) throw new Error('This import stage was already committed or discarded.');
  }
}

const ORDER_COLUMNS = ['invoice', 'customer_id', 'ordered_at', 'amount', 'quantity', 'country', 'is_return', 'product_code'] as const;
const SPEND_COLUMNS = ['period_start', 'channel', 'spend', 'impressions'] as const;
const KPI_COLUMNS = ['period_start', 'metric', 'value'] as const;

/** `seq` keeps file order: order ids follow the lines of the file, as on SQLite. */
const STAGING_TABLES = `
  CREATE TEMPORARY TABLE staged_orders (seq bigserial, invoice text COLLATE "C", customer_id text COLLATE "C", ordered_at bigint,
    amount double precision, quantity double precision, country text COLLATE "C", is_return smallint, product_code text COLLATE "C") ON COMMIT DROP;
  CREATE TEMPORARY TABLE staged_spend (seq bigserial, period_start text COLLATE "C", channel text COLLATE "C", spend double precision, impressions double precision) ON COMMIT DROP;
  CREATE TEMPORARY TABLE staged_kpi (seq bigserial, period_start text COLLATE "C", metric text COLLATE "C", value double precision) ON COMMIT DROP;
  CREATE TEMPORARY TABLE staged_customers (id text COLLATE "C", country text COLLATE "C", first_seen_at bigint) ON COMMIT DROP;
  CREATE TEMPORARY TABLE staged_products (code text COLLATE "C", name text) ON COMMIT DROP;`;

/**
 * As ImportStage's: deletes the lines just inserted that were already stored (a multiset per invoice,
 * customer, time, amount, quantity, return flag and product), over the time range both share.
 */
async function dropLinesAlreadyStored(db: pg.PoolClient, importId: number, firstNewId: number): Promise<number> {
  if (firstNewId === 1) return 0;
  const range = (await db.query<{ lo: number | null; hi: number | null }>('SELECT min(ordered_at) AS lo, max(ordered_at) AS hi FROM orders WHERE id >= $1', [firstNewId])).rows[0]!;
  if (range.lo === null || range.hi === null) return 0;
  const overlap = await db.query('SELECT 1 FROM orders WHERE ordered_at BETWEEN $1 AND $2 AND id < $3 LIMIT 1', [range.lo, range.hi, firstNewId]);
  if (!overlap.rowCount) return 0;
  const deleted = await db.query(
    `DELETE FROM orders WHERE id IN (
       SELECT n.id FROM (
         SELECT id, invoice, customer_id, ordered_at, amount, quantity, is_return, product_code,
                row_number() OVER (PARTITION BY invoice, customer_id, ordered_at, amount, quantity, is_return, product_code ORDER BY id) AS k
         FROM orders WHERE import_id = $1 AND ordered_at BETWEEN $2 AND $3) n
       WHERE n.k <= (
         SELECT count(*) FROM orders o
         WHERE o.customer_id = n.customer_id AND o.ordered_at = n.ordered_at AND o.id < $4
           AND o.invoice = n.invoice AND o.amount = n.amount AND o.quantity = n.quantity AND o.is_return = n.is_return
           AND o.product_code IS NOT DISTINCT FROM n.product_code))`,
    [importId, range.lo, range.hi, firstNewId],
  );
  return deleted.rowCount ?? 0;
}

