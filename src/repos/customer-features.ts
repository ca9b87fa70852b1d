import type { Db } from '../db/client.ts';
import { DAY_MS } from '../time/calendar.ts';
import { dialectSql, type DialectSql } from './calendar-sql.ts';

/** Which purchases count: all, or one country (its stored spelling) and/or a time window (ms UTC, inclusive). */
export interface FeatureFilter {
  country?: string;
  since?: number;
  asOf?: number;
}

export interface CustomerFeature {
  customerId: string;
  /** Whole days from the last purchase to the reference time. */
  recencyDays: number;
  /** Distinct purchase invoices. */
  frequency: number;
  /** Value: purchases net of returns (the revenue definition of `metric` and `forecast`). */
  monetary: number;
}

/** A customer whose returns cancel their purchases: left out of segments, reported apart. */
export interface NetNonPositiveCustomer {
  customerId: string;
  /** Purchases, before returns. */
  purchases: number;
  /** Purchases net of returns (≤ 0). */
  net: number;
}

export interface CustomerFeatures {
  /** as_of when given, else the latest purchase in the filtered data + 24 h; undefined when there is none. */
  reference?: number;
  /** Customers with a purchase and a positive value net of returns, by id. */
  customers: CustomerFeature[];
  /** Customers with a purchase whose value net of returns is zero or less, most bought first. */
  netNonPositive: NetNonPositiveCustomer[];
}

/**
 * Order lines under the filter; every part is optional (`? IS NULL OR …`, typed for PostgreSQL). One
 * statement for every filter, which also keeps SQLite on its scan of orders_customer, in customer
 * order: through the country index it would sort the lines of a large country (3× slower for the UK).
 */
const FILTER = `(CAST(? AS TEXT) IS NULL OR country = ?)
  AND (CAST(? AS BIGINT) IS NULL OR ordered_at >= ?)
  AND (CAST(? AS BIGINT) IS NULL OR ordered_at <= ?)`;

function filterParams({ country, since, asOf }: FeatureFilter): unknown[] {
  return [country, country, since, since, asOf, asOf].map((value) => value ?? null);
}

/** A valid purchase (not a return, amount > 0): what recency and frequency count. */
const VALID_PURCHASE = 'is_return = 0 AND amount > 0';

/** Per-customer RFM features, computed in SQL over the orders table. */
export class CustomerFeatureRepository {
  private readonly dialect: DialectSql;

  constructor(private readonly db: Db) {
    this.dialect = dialectSql(db.dialect);
  }

  async features(filter: FeatureFilter = {}): Promise<CustomerFeatures> {
    const latest = await this.latestPurchase(filter);
    if (latest === null) return { reference: filter.asOf, customers: [], netNonPositive: [] };
    const reference = filter.asOf ?? latest + DAY_MS;
    const validCase = (then: string, otherwise = '') => `CASE WHEN ${VALID_PURCHASE} THEN ${then}${otherwise && ` ELSE ${otherwise}`} END`;
    // Recency and frequency from valid purchases; value = every line's amount (returns are negative),
    // for customers with a valid purchase. Integer division of non-negative milliseconds is
    // floor((reference − last purchase) / 1 day).
    const sql = `SELECT customer_id AS "customerId",
                   (CAST(? AS BIGINT) - max(${validCase('ordered_at')})) / ${DAY_MS} AS "recencyDays",
                   count(DISTINCT ${validCase('invoice')}) AS frequency,
                   ${this.dialect.round2('sum(amount)')} AS monetary,
                   ${this.dialect.round2(`sum(${validCase('amount', '0')})`)} AS purchases
                 FROM orders WHERE ${FILTER}
                 GROUP BY customer_id
                 HAVING count(DISTINCT ${validCase('invoice')}) > 0
                 ORDER BY customer_id`;
    const rows = await this.db.all<CustomerFeature & { purchases: number }>(sql, [reference, ...filterParams(filter)]);
    const customers: CustomerFeature[] = [];
    const netNonPositive: NetNonPositiveCustomer[] = [];
    for (const { purchases, ...row } of rows) {
      if (row.monetary > 0) customers.push(row);
      else netNonPositive.push({ customerId: row.customerId, purchases, net: row.monetary });
    }
    netNonPositive.sort((a, b) => b.purchases - a.purchases || a.customerId.localeCompare(b.customerId));
    return { reference, customers, netNonPositive };
  }

  /** Customers with at least one valid purchase under the filter (segmented, or reported apart when their returns cancel it). */
  async customerCount(filter: FeatureFilter = {}): Promise<number> {
    const row = await this.db.get<{ n: number }>(`SELECT count(DISTINCT customer_id) AS n FROM orders WHERE ${FILTER} AND ${VALID_PURCHASE}`, filterParams(filter));
    return row?.n ?? 0;
  }

  /** Countries present in the orders, as stored, most customers first. */
  async countries(): Promise<string[]> {
    const rows = await this.db.all<{ country: string }>(
      'SELECT country FROM orders WHERE country IS NOT NULL GROUP BY country ORDER BY count(DISTINCT customer_id) DESC, country',
    );
    return rows.map((row) => row.country);
  }

  async hasOrders(): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM orders LIMIT 1')) !== undefined;
  }

  /** The latest valid purchase, read on its own: inlined as a joined CTE, SQLite re-ran it for every order line (an as_of run took minutes). */
  private async latestPurchase(filter: FeatureFilter): Promise<number | null> {
    const row = await this.db.get<{ latest: number | null }>(`SELECT max(ordered_at) AS latest FROM orders WHERE ${FILTER} AND ${VALID_PURCHASE}`, filterParams(filter));
    return row?.latest ?? null;
  }
}
