import type { Db } from '../db/client.ts';
import { DAY_MS } from '../time/calendar.ts';
import { dialectSql, type DialectSql } from './calendar-sql.ts';

/** Whose purchases: all, or one country (its stored spelling); up to and including the calendar day (UTC) of `asOf`. */
export interface PurchaseFilter {
  country?: string;
  /** ms UTC; purchases on the whole calendar day that contains it count. Absent: up to the last purchase. */
  asOf?: number;
}

/**
 * Purchase days as columns, the input of the lifetime-value models (src/ml/clv): one entry per
 * customer and calendar day (UTC) with at least one purchase (PURCHASE_LINE), the day's lines summed.
 */
export interface PurchaseDays {
  /** Index into `ids` of each entry. */
  customer: Int32Array;
  /** Start of the day, ms UTC. */
  time: Float64Array;
  /** Amount bought that day (sum of its purchase lines). */
  amount: Float64Array;
  /** Every customer with an order line under the country filter, including those without entries. */
  ids: string[];
  /** Day (start, ms UTC) the entries run to: the as_of day, or the last purchase day when none was given; undefined when there is no purchase. */
  asOfDay?: number;
  /** Last day with a purchase under the country filter, whatever the as_of (ms UTC, start of day). */
  lastPurchaseDay?: number;
  /** Customers whose purchases all come after the as_of day. */
  onlyLater: number;
  /** Customers with order lines but no purchase (only returns). */
  noPurchase: number;
}

/**
 * A purchase is an order line that is not a return (the importer marks invoices starting with C and
 * negative quantities or amounts as returns). Unlike segment's RFM features (amount > 0), a line of
 * amount 0 counts: a free order is still a visit, and the published BG/NBD fit of CDNOW counts its
 * 8 zero-value purchases (without them r = 0.2439 and LL = −9,578.2 instead of 0.243 and −9,582.4).
 * Returns never count and are not netted out of spend (Gamma-Gamma needs positive order values).
 */
export const PURCHASE_LINE = 'is_return = 0 AND amount >= 0';

/**
 * The statement groups lines per customer and day in the database, so a 5M-line table reaches
 * JavaScript as ~1.5M short rows in typed arrays; days with only returns come back with a NULL
 * amount, so that customers without any purchase are counted in the same scan. Without a country
 * the table is read in one pass (a full scan: it beats the customer index's row look-ups); with
 * one, through the country index. Ordered, so that entries and ids come in the same order on both
 * dialects (SQLite's grouping gives this order anyway).
 */
function daysSql(dialect: DialectSql, byCountry: boolean): string {
  return `SELECT customer_id AS id, ordered_at / ${DAY_MS} AS day, sum(CASE WHEN ${PURCHASE_LINE} THEN amount END) AS amount
          FROM ${byCountry ? 'orders WHERE country = ?' : dialect.fullScan('orders')}
          GROUP BY customer_id, ordered_at / ${DAY_MS} ORDER BY customer_id, day`;
}

interface DayRow {
  id: string;
  /** Whole days since the epoch. */
  day: number;
  /** Purchases of the day; null when the day has only returns. */
  amount: number | null;
}

/** A growable column of numbers. */
class Column<A extends Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  done(): A {
    return this.data.slice(0, this.length) as A;
  }
}

/** Purchase transactions for the customer-lifetime models, read in one pass. */
export class TransactionRepository {
  private readonly dialect: DialectSql;

  constructor(private readonly db: Db) {
    this.dialect = dialectSql(db.dialect);
  }

  /** Purchase days up to the as_of day (see PurchaseDays); one scan of the orders (of one country). */
  async purchaseDays(filter: PurchaseFilter = {}): Promise<PurchaseDays> {
    const byCountry = filter.country !== undefined;
    const rows = await this.db.all<DayRow>(daysSql(this.dialect, byCountry), byCountry ? [filter.country] : []);
    const limitDay = filter.asOf === undefined ? Infinity : Math.floor(filter.asOf / DAY_MS);
    const initial = 1 << 14;
    const customer = new Column(new Int32Array(initial), (n) => new Int32Array(n));
    const day = new Column(new Float64Array(initial), (n) => new Float64Array(n));
    const amount = new Column(new Float64Array(initial), (n) => new Float64Array(n));
    const ids: string[] = [];
    const codes = new Map<string, number>();
    // Per customer: 1 = a purchase on or before the as_of day, 2 = a purchase after it.
    let seen = new Uint8Array(initial);
    let lastId: string | undefined;
    let code = -1;
    let lastPurchaseDay = -Infinity;
    for (const { id, day: d, amount: value } of rows) {
      if (id !== lastId) {
        lastId = id;
        let known = codes.get(id);
        if (known === undefined) {
          known = ids.length;
          codes.set(id, known);
          ids.push(id);
          if (known === seen.length) {
            const grown = new Uint8Array(seen.length * 2);
            grown.set(seen);
            seen = grown;
          }
        }
        code = known;
      }
      if (value === null) continue;
      if (d > lastPurchaseDay) lastPurchaseDay = d;
      if (d > limitDay) {
        seen[code] |= 2;
        continue;
      }
      seen[code] |= 1;
      customer.push(code);
      day.push(d);
      amount.push(value);
    }
    let onlyLater = 0;
    let noPurchase = 0;
    for (let c = 0; c < ids.length; c++) {
      if (seen[c] === 2) onlyLater++;
      else if (seen[c] === 0) noPurchase++;
    }
    const days = day.done();
    for (let i = 0; i < days.length; i++) days[i] *= DAY_MS;
    const hasPurchases = Number.isFinite(lastPurchaseDay);
    return {
      customer: customer.done(),
      time: days,
      amount: amount.done(),
      ids,
      asOfDay: filter.asOf === undefined ? (hasPurchases ? lastPurchaseDay * DAY_MS : undefined) : limitDay * DAY_MS,
      lastPurchaseDay: hasPurchases ? lastPurchaseDay * DAY_MS : undefined,
      onlyLater,
      noPurchase,
    };
  }

  /** The country of each of a few customers (as stored on the customer: the country of its first order line). */
  async countriesOf(customerIds: readonly string[]): Promise<Map<string, string | null>> {
    if (customerIds.length === 0) return new Map();
    const rows = await this.db.all<{ id: string; country: string | null }>(
      `SELECT id, country FROM customers WHERE ${this.dialect.inJsonList('id')}`,
      [JSON.stringify(customerIds)],
    );
    return new Map(rows.map((row) => [row.id, row.country]));
  }
}
