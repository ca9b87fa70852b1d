import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.ts';

export const DAY_MS = 86_400_000;

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
  /** Distinct invoices. */
  frequency: number;
  /** Total spent. */
  monetary: number;
}

export interface CustomerFeatures {
  /** as_of when given, else the latest purchase in the filtered data + 24 h; undefined when there is none. */
  reference?: number;
  customers: CustomerFeature[];
}

/**
 * Valid purchases only (not a return, amount > 0). Every filter is optional: `? IS NULL OR …`.
 * Integer division of non-negative milliseconds is floor((reference − last purchase) / 1 day).
 */
const VALID_PURCHASES = `
  SELECT customer_id, invoice, ordered_at, amount FROM orders
  WHERE is_return = 0 AND amount > 0
    AND (@country IS NULL OR country = @country)
    AND (@since IS NULL OR ordered_at >= @since)
    AND (@asOf IS NULL OR ordered_at <= @asOf)`;

const FEATURES_SQL = `
  WITH valid AS (${VALID_PURCHASES}),
       reference AS (SELECT coalesce(@asOf, max(ordered_at) + ${DAY_MS}) AS at FROM valid)
  SELECT valid.customer_id AS customerId,
         (reference.at - max(valid.ordered_at)) / ${DAY_MS} AS recencyDays,
         count(DISTINCT valid.invoice) AS frequency,
         sum(valid.amount) AS monetary,
         reference.at AS reference
  FROM valid, reference
  GROUP BY valid.customer_id
  ORDER BY valid.customer_id`;

const CUSTOMER_COUNT_SQL = `SELECT count(DISTINCT customer_id) AS n FROM (${VALID_PURCHASES})`;

/** Per-customer RFM features, computed in SQL over the orders table. */
export class CustomerFeatureRepository {
  private statements?: { features: Statement; customerCount: Statement; countries: Statement; anyOrder: Statement };

  constructor(private readonly db: Db) {}

  async features(filter: FeatureFilter = {}): Promise<CustomerFeatures> {
    const rows = this.prepared().features.all(bindings(filter)) as Array<CustomerFeature & { reference: number }>;
    return {
      reference: rows[0]?.reference,
      customers: rows.map(({ customerId, recencyDays, frequency, monetary }) => ({ customerId, recencyDays, frequency, monetary })),
    };
  }

  /** Customers with at least one valid purchase under the filter. */
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
