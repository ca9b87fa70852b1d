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
 * JavaScript as ~1.5M short rows, streamed into typed arrays; days with only returns come back with a NULL
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

/**
 * Builds PurchaseDays from the day rows as they stream by (ordered by customer, then day): only the
 * typed columns and the customer ids are kept, never the rows.
 */
class PurchaseDaysBuilder {
  private readonly customer = new Column(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly day = new Column(new Float64Array(INITIAL), (n) => new Float64Array(n));
  private readonly amount = new Column(new Float64Array(INITIAL), (n) => new Float64Array(n));
  private readonly ids: string[] = [];
  private readonly codes = new Map<string, number>();
  /** Per customer: 1 = a purchase on or before the as_of day, 2 = a purchase after it. */
  private seen = new Uint8Array(INITIAL);
  private lastId: string | undefined;
  private code = -1;
  private lastPurchaseDay = -Infinity;

  constructor(
    /** Whole days since the epoch; Infinity without an as_of. */
    private readonly limitDay: number,
  ) {}

  add({ id, day, amount }: DayRow): void {
    if (id !== this.lastId) this.startCustomer(id);
    if (amount === null) return;
    if (day > this.lastPurchaseDay) this.lastPurchaseDay = day;
    if (day > this.limitDay) {
      this.seen[this.code] |= 2;
      return;
    }
    this.seen[this.code] |= 1;
    this.customer.push(this.code);
    this.day.push(day);
    this.amount.push(amount);
  }

  done(asOf: number | undefined): PurchaseDays {
    let onlyLater = 0;
    let noPurchase = 0;
    for (let c = 0; c < this.ids.length; c++) {
      if (this.seen[c] === 2) onlyLater++;
      else if (this.seen[c] === 0) noPurchase++;
    }
    const days = this.day.done();
    for (let i = 0; i < days.length; i++) days[i] *= DAY_MS;
    const lastPurchaseDay = Number.isFinite(this.lastPurchaseDay) ? this.lastPurchaseDay * DAY_MS : undefined;
    return {
      customer: this.customer.done(),
      time: days,
      amount: this.amount.done(),
      ids: this.ids,
      asOfDay: asOf === undefined ? lastPurchaseDay : this.limitDay * DAY_MS,
      lastPurchaseDay,
      onlyLater,
      noPurchase,
    };
  }

  private startCustomer(id: string): void {
    this.lastId = id;
    let known = this.codes.get(id);
    if (known === undefined) {
      known = this.ids.length;
      this.codes.set(id, known);
      this.ids.push(id);
      if (known === this.seen.length) {
        const grown = new Uint8Array(this.seen.length * 2);
        grown.set(this.seen);
        this.seen = grown;
      }
    }
    this.code = known;
  }
}

const INITIAL = 1 << 14;

/** Purchase transactions for the customer-lifetime models, read in one pass. */
export class TransactionRepository {
  private readonly dialect: DialectSql;

  constructor(private readonly db: Db) {
    this.dialect = dialectSql(db.dialect);
  }

  /**
   * Purchase days up to the as_of day (see PurchaseDays); one scan of the orders (of one country),
   * streamed: memory holds the result's columns, not the ~1.5M day rows of a 5M-line table.
   */
  async purchaseDays(filter: PurchaseFilter = {}): Promise<PurchaseDays> {
    const byCountry = filter.country !== undefined;
    const builder = new PurchaseDaysBuilder(filter.asOf === undefined ? Infinity : Math.floor(filter.asOf / DAY_MS));
    await this.db.each<DayRow>(daysSql(this.dialect, byCountry), byCountry ? [filter.country] : [], (row) => builder.add(row));
    return builder.done(filter.asOf);
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
