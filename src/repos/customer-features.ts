import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.ts';

import { DAY_MS } from '../time/calendar.ts';

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

/** Order lines under the filter. Every filter is optional: `? IS NULL OR …`. */
const FILTERED_LINES = `
  SELECT customer_id, invoice, ordered_at, amount, is_return FROM orders
  WHERE (@country IS NULL OR country = @country)
    AND (@since IS NULL OR ordered_at >= @since)
    AND (@asOf IS NULL OR ordered_at <= @asOf)`;

/** Valid purchases only (not a return, amount > 0): what recency and frequency count. */
const VALID_PURCHASES = `SELECT * FROM (${FILTERED_LINES}) WHERE is_return = 0 AND amount > 0`;

/** The latest valid purchase, read on its own: inlined as a joined CTE, SQLite re-ran it for every order line (an as_of run took minutes). */
const LATEST_PURCHASE_SQL = `SELECT max(ordered_at) AS latest FROM (${VALID_PURCHASES})`;

/**
 * Recency and frequency from valid purchases; value = every line's amount (returns are negative),
 * for customers with a valid purchase. Integer division of non-negative milliseconds is
 * floor((reference − last purchase) / 1 day).
 */
const FEATURES_SQL = `
  SELECT customer_id AS customerId,
         (CAST(@reference AS INTEGER) - max(CASE WHEN is_return = 0 AND amount > 0 THEN ordered_at END)) / ${DAY_MS} AS recencyDays,
         count(DISTINCT CASE WHEN is_return = 0 AND amount > 0 THEN invoice END) AS frequency,
         round(sum(amount), 2) AS monetary,
         round(sum(CASE WHEN is_return = 0 AND amount > 0 THEN amount ELSE 0 END), 2) AS purchases
  FROM (${FILTERED_LINES})
  GROUP BY customer_id
  HAVING frequency > 0
  ORDER BY customer_id`;

const CUSTOMER_COUNT_SQL = `SELECT count(DISTINCT customer_id) AS n FROM (${VALID_PURCHASES})`;

/** Per-customer RFM features, computed in SQL over the orders table. */
export class CustomerFeatureRepository {
  private statements?: { latestPurchase: Statement; features: Statement; customerCount: Statement; countries: Statement; anyOrder: Statement };

  constructor(private readonly db: Db) {}

  async features(filter: FeatureFilter = {}): Promise<CustomerFeatures> {
    const { latest } = this.prepared().latestPurchase.get(bindings(filter)) as { latest: number | null };
    if (latest === null) return { reference: filter.asOf, customers: [], netNonPositive: [] };
    const reference = filter.asOf ?? latest + DAY_MS;
    const rows = this.prepared().features.all({ ...bindings(filter), reference }) as Array<CustomerFeature & { purchases: number }>;
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
    return (this.prepared().customerCount.get(bindings(filter)) as { n: number }).n;
  }

  /** Countries present in the orders, as stored, most customers first. */
  async countries(): Promise<string[]> {
    return (this.prepared().countries.all() as Array<{ country: string }>).map((row) => row.country);
  }

  async hasOrders(): Promise<boolean> {
    return this.prepared().anyOrder.get() !== undefined;
  }

  private prepared() {
    if (!this.statements) {
      const sqlite = this.db.$client;
      this.statements = {
        latestPurchase: sqlite.prepare(LATEST_PURCHASE_SQL),
        features: sqlite.prepare(FEATURES_SQL),
        customerCount: sqlite.prepare(CUSTOMER_COUNT_SQL),
        countries: sqlite.prepare(
          'SELECT country FROM orders WHERE country IS NOT NULL GROUP BY country ORDER BY count(DISTINCT customer_id) DESC, country',
        ),
        anyOrder: sqlite.prepare('SELECT 1 FROM orders LIMIT 1'),
      };
    }
    return this.statements;
  }
}

function bindings({ country, since, asOf }: FeatureFilter) {
  return { country: country ?? null, since: since ?? null, asOf: asOf ?? null };
}
