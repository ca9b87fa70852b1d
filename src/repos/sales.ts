import { count, countDistinct, eq } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { customers, orders } from '../db/schema.ts';

export interface NewCustomer {
  id: string;
  country: string | null;
  firstSeenAt: number;
}

/** One order line (Online Retail has one row per product line of an invoice). */
export interface NewOrderLine {
  invoice: string;
  customerId: string;
  orderedAt: number;
  amount: number;
  quantity: number;
  country: string | null;
  isReturn: boolean;
  importId: number | null;
  /** The product's code (`products.code`), when the file names products. */
  productCode?: string | null;
}

/** A product as an order file names it. */
export interface NewProduct {
  code: string;
  name: string;
}

const ORDER_LINES_PER_STATEMENT = 100;
const INSERT_ORDER_LINE =
  'INSERT INTO orders (invoice, customer_id, ordered_at, amount, quantity, country, is_return, import_id, product_code) VALUES';
const ORDER_LINE_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';

function orderLineValues(r: NewOrderLine): unknown[] {
  return [r.invoice, r.customerId, r.orderedAt, r.amount, r.quantity, r.country, r.isReturn ? 1 : 0, r.importId, r.productCode ?? null];
}

/** Adds products not seen before and renames known ones (the latest file's name wins). */
export const UPSERT_PRODUCT_SQL = 'INSERT INTO products (code, name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name';

/**
 * Customers and their order lines. Each write method is one transaction of its own. Imported files
 * go through `ImportStagingRepository` instead, which writes a whole file in one transaction.
 */
export class SalesRepository {
  private statements?: { upsertCustomer: Statement; insertOrderLine: Statement; insertOrderLineChunk: Statement };

  constructor(private readonly db: Db) {}

  /**
   * Adds customers not seen before; for known ones keeps the country already stored and moves
   * first_seen_at earlier if this data goes further back.
   */
  async upsertCustomers(rows: readonly NewCustomer[]): Promise<void> {
    const { upsertCustomer } = this.prepared();
    this.db.$client.transaction(() => {
      for (const row of rows) upsertCustomer.run(row.id, row.country, row.firstSeenAt);
    })();
  }

  /** Inserts in multi-row statements of ORDER_LINES_PER_STATEMENT rows: a third faster than one by one. */
  async insertOrderLines(rows: readonly NewOrderLine[]): Promise<void> {
    const { insertOrderLine, insertOrderLineChunk } = this.prepared();
    this.db.$client.transaction(() => {
      let start = 0;
      for (; start + ORDER_LINES_PER_STATEMENT <= rows.length; start += ORDER_LINES_PER_STATEMENT) {
        insertOrderLineChunk.run(rows.slice(start, start + ORDER_LINES_PER_STATEMENT).flatMap(orderLineValues));
      }
      for (const row of rows.slice(start)) insertOrderLine.run(orderLineValues(row));
    })();
  }

  async upsertProducts(rows: readonly NewProduct[]): Promise<void> {
    const upsert = this.db.$client.prepare(UPSERT_PRODUCT_SQL);
    this.db.$client.transaction(() => {
      for (const row of rows) upsert.run(row.code, row.name);
    })();
  }

  async countCustomers(): Promise<number> {
    return this.db.select({ n: count() }).from(customers).get()?.n ?? 0;
  }

  async countOrderLines(importId?: number): Promise<number> {
    const query = this.db.select({ n: count() }).from(orders);
    const row = importId === undefined ? query.get() : query.where(eq(orders.importId, importId)).get();
    return row?.n ?? 0;
  }

  async countInvoices(): Promise<number> {
    return this.db.select({ n: countDistinct(orders.invoice) }).from(orders).get()?.n ?? 0;
  }

  private prepared() {
    if (!this.statements) {
      const sqlite = this.db.$client;
      this.statements = {
        upsertCustomer: sqlite.prepare(
          `INSERT INTO customers (id, country, first_seen_at) VALUES (?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET
             country = coalesce(customers.country, excluded.country),
             first_seen_at = min(coalesce(customers.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`,
        ),
        insertOrderLine: sqlite.prepare(`${INSERT_ORDER_LINE} ${ORDER_LINE_PLACEHOLDERS}`),
        insertOrderLineChunk: sqlite.prepare(
          `${INSERT_ORDER_LINE} ${Array(ORDER_LINES_PER_STATEMENT).fill(ORDER_LINE_PLACEHOLDERS).join(', ')}`,
        ),
      };
    }
    return this.statements;
  }
}
