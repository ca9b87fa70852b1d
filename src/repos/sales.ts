import { count, countDistinct, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { insertRows } from './bulk-insert.ts';

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

const ORDER_LINE_COLUMNS = ['invoice', 'customer_id', 'ordered_at', 'amount', 'quantity', 'country', 'is_return', 'import_id', 'product_code'];

function orderLineValues(r: NewOrderLine): unknown[] {
  return [r.invoice, r.customerId, r.orderedAt, r.amount, r.quantity, r.country, r.isReturn ? 1 : 0, r.importId, r.productCode ?? null];
}

/** Adds products not seen before and renames known ones (the latest file's name wins). */
export const UPSERT_PRODUCT_SQL = 'INSERT INTO products (code, name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name';

/** `upsertCustomers`' statement: a CASE, not SQLite's scalar min(a, b), which PostgreSQL spells LEAST. */
const UPSERT_CUSTOMER_SQL = `INSERT INTO customers (id, country, first_seen_at) VALUES (?, ?, ?)
  ON CONFLICT(id) DO UPDATE SET
    country = coalesce(customers.country, excluded.country),
    first_seen_at = CASE WHEN customers.first_seen_at IS NULL OR excluded.first_seen_at < customers.first_seen_at
                         THEN excluded.first_seen_at ELSE customers.first_seen_at END`;

/**
 * Customers and their order lines. Each write method is one transaction of its own. Imported files
 * go through `ImportStagingRepository` instead, which writes a whole file in one transaction.
 */
export class SalesRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds customers not seen before; for known ones keeps the country already stored and moves
   * first_seen_at earlier if this data goes further back.
   */
  async upsertCustomers(rows: readonly NewCustomer[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const row of rows) await tx.run(UPSERT_CUSTOMER_SQL, [row.id, row.country, row.firstSeenAt]);
    });
  }

  /** Inserts in multi-row statements (one round trip per few hundred lines on PostgreSQL). */
  async insertOrderLines(rows: readonly NewOrderLine[]): Promise<void> {
    await this.db.transaction((tx) => insertRows(tx, 'orders', ORDER_LINE_COLUMNS, rows.length, (i) => orderLineValues(rows[i]!)));
  }

  async upsertProducts(rows: readonly NewProduct[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const row of rows) await tx.run(UPSERT_PRODUCT_SQL, [row.code, row.name]);
    });
  }

  async countCustomers(): Promise<number> {
    const rows = await this.db.query((orm, t) => orm.select({ n: count() }).from(t.customers));
    return rows[0]?.n ?? 0;
  }

  async countOrderLines(importId?: number): Promise<number> {
    const rows = await this.db.query((orm, t) => {
      const query = orm.select({ n: count() }).from(t.orders);
      return importId === undefined ? query : query.where(eq(t.orders.importId, importId));
    });
    return rows[0]?.n ?? 0;
  }

  async countInvoices(): Promise<number> {
    const rows = await this.db.query((orm, t) => orm.select({ n: countDistinct(t.orders.invoice) }).from(t.orders));
    return rows[0]?.n ?? 0;
  }
}
