import type { Db } from '../db/client.ts';
import type { OrderMetricName } from '../answers/metric/catalog.ts';
import { addBuckets, bucketStart, DAY_MS, isoDay, type Granularity } from '../time/calendar.ts';
import { dialectSql, type DialectSql } from './calendar-sql.ts';

/**
 * The SQL of each order metric: one aggregate over order lines `o`, shared by `metric` (this
 * repository) and `forecast` (MetricSeriesRepository, per calendar bucket). Definitions, in words,
 * in src/answers/metric/catalog.ts and the README ("Metrics"):
 * - revenue: every line's amount, returns included (negative): revenue net of returns;
 * - orders: distinct purchase invoices; customers: distinct purchasing customers;
 * - aov: purchase amount / purchase invoices (NULL without purchases: NULLIF, as PostgreSQL refuses a division by zero);
 * - units: quantities of purchase lines; returns: value of return lines, as a positive amount;
 * - gross_sales: purchase amounts (the base of the returns share).
 * Over lines with no purchase (or no line at all) units and returns are NULL, read as 0.
 * New and returning customers need each customer's first purchase: `customerFlags` here and the
 * first-purchase query in metric-series.ts (the same definition, a query shaped for each use).
 */
export const ORDER_METRIC_SQL = {
  revenue: 'SUM(o.amount)',
  orders: 'COUNT(DISTINCT CASE WHEN o.is_return = 0 THEN o.invoice END)',
  customers: 'COUNT(DISTINCT CASE WHEN o.is_return = 0 THEN o.customer_id END)',
  aov: 'SUM(CASE WHEN o.is_return = 0 THEN o.amount END) * 1.0 / NULLIF(COUNT(DISTINCT CASE WHEN o.is_return = 0 THEN o.invoice END), 0)',
  units: 'SUM(CASE WHEN o.is_return = 0 THEN o.quantity END)',
  returns: '0 - SUM(CASE WHEN o.is_return = 1 THEN o.amount END)',
  gross_sales: 'SUM(CASE WHEN o.is_return = 0 THEN o.amount END)',
} as const;

type AggregateMetric = Exclude<OrderMetricName, 'new_customers' | 'returning_customers'>;

/** What a breakdown needs from the data beyond order lines (looked up by the caller, in the job). */
export interface DimensionContext {
  /** by=segment: the segment run whose assignments name the customers' segments. */
  segmentRunId?: number;
}

/**
 * A way to split order lines for `metric … by=<name>`. Adding a breakdown (by=product) is one entry
 * in ORDER_DIMENSIONS: the command, the job, the wording and the checks all read this table. The
 * figures of each key are read with one index search per key (`match` must use an index whose
 * columns start with the key and ordered_at), never by sorting every line of the period.
 */
export interface OrderDimension {
  name: string;
  /** Column heading: 'Country'. */
  label: string;
  /** 'countries', for "all other countries". */
  plural: string;
  /** SQL listing the keys as (key, label), cheaply: an index skip-scan or a small table. May use @run. */
  keys: string;
  /** The lines of key `k.key`, over orders `o` (index-friendly). */
  match: string;
  /** Lines under no key (no country, customers outside the segment run): their condition over `o`, and their row's name. */
  rest?: { where: string; label: string };
  /** The key (or the rest's label) of a line `o`, to leave keys out (the "all others" row). */
  keyOf: string;
  /** Index-friendly condition for the lines of some keys (`list`: SQL parameters), for a short "all others" list. */
  inKeys?: (list: string) => string;
  /**
   * The key a new customer counts under, over the customer's row `x` (columns id, first_in: the
   * first purchase in the period, first_country: its country): each new customer counts once.
   * Absent: new and returning customers cannot be split this way.
   */
  customerKey?: string;
  /**
   * The largest thing a key always holds whole (a customer is in one segment; an invoice in one
   * country; a product holds only lines). Counts of coarser things can overlap between keys, so
   * their rows do not add up to the total.
   */
  holdsWhole: 'customers' | 'invoices' | 'lines';
  /** Order metrics this breakdown cannot answer, and why (said to the person). */
  unsupported?: { metrics: OrderMetricName[]; why: string };
  /** Something the data must have; the job checks it and says what to do. */
  needs?: 'segment-run';
}

/** Every distinct non-NULL country, one index seek each (a loose index scan). */
const COUNTRY_KEYS = `WITH RECURSIVE k(key) AS (
    SELECT (SELECT MIN(country) FROM orders)
    UNION ALL SELECT (SELECT MIN(country) FROM orders WHERE country > k.key) FROM k WHERE k.key IS NOT NULL
  ) SELECT key, key AS label FROM k WHERE key IS NOT NULL`;

const NOT_SEGMENTED = 'Not in the segment run';

export const ORDER_DIMENSIONS = {
  country: {
    name: 'country',
    label: 'Country',
    plural: 'countries',
    keys: COUNTRY_KEYS,
    match: 'o.country = k.key',
    rest: { where: 'o.country IS NULL', label: '(no country)' },
    keyOf: "COALESCE(o.country, '(no country)')",
    inKeys: (list: string) => `o.country IN (${list})`,
    customerKey: "COALESCE(x.first_country, '(no country)')",
    holdsWhole: 'invoices',
  },
  customer: {
    name: 'customer',
    label: 'Customer',
    plural: 'customers',
    keys: 'SELECT id AS key, id AS label FROM customers',
    match: 'o.customer_id = k.key',
    keyOf: 'o.customer_id',
    inKeys: (list: string) => `o.customer_id IN (${list})`,
    holdsWhole: 'customers',
    unsupported: {
      metrics: ['customers', 'new_customers', 'returning_customers'],
      why: 'each customer counts once for itself; ask for revenue, orders, units, aov or returns by=customer (top customers)',
    },
  },
  segment: {
    name: 'segment',
    label: 'Segment',
    plural: 'segments',
    keys: 'SELECT DISTINCT segment AS key, segment AS label FROM segment_assignments WHERE run_id = @run',
    match: 'o.customer_id IN (SELECT sa.customer_id FROM segment_assignments sa WHERE sa.run_id = @run AND sa.segment = k.key)',
    rest: {
      where: 'o.customer_id IN (SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM segment_assignments sa WHERE sa.run_id = @run AND sa.customer_id = c.id))',
      label: NOT_SEGMENTED,
    },
    keyOf: `COALESCE((SELECT sa.segment FROM segment_assignments sa WHERE sa.run_id = @run AND sa.customer_id = o.customer_id), '${NOT_SEGMENTED}')`,
    inKeys: (list: string) => `o.customer_id IN (SELECT sa.customer_id FROM segment_assignments sa WHERE sa.run_id = @run AND sa.segment IN (${list}))`,
    customerKey: `COALESCE((SELECT sa.segment FROM segment_assignments sa WHERE sa.run_id = @run AND sa.customer_id = x.id), '${NOT_SEGMENTED}')`,
    holdsWhole: 'customers',
    needs: 'segment-run',
  },
  product: {
    name: 'product',
    label: 'Product',
    plural: 'products',
    keys: 'SELECT code AS key, name AS label FROM products',
    match: 'o.product_code = k.key',
    rest: { where: 'o.product_code IS NULL', label: '(no product)' },
    keyOf: "COALESCE(o.product_code, '(no product)')",
    inKeys: (list: string) => `o.product_code IN (${list})`,
    holdsWhole: 'lines',
    unsupported: {
      metrics: ['new_customers', 'returning_customers'],
      why: "a customer's first order can hold several products; ask for customers by=product (who bought each), or new_customers by=country",
    },
  },
} satisfies Record<string, OrderDimension>;

export type OrderDimensionName = keyof typeof ORDER_DIMENSIONS;

export function orderDimension(name: string): OrderDimension | undefined {
  return Object.hasOwn(ORDER_DIMENSIONS, name) ? (ORDER_DIMENSIONS as Record<string, OrderDimension>)[name] : undefined;
}

/** An order metric over some lines: NULL value for an undefined average; `gross` beside returns (their share). */
export interface OrderFigure {
  value: number | null;
  gross?: number;
}

export interface OrderFigureRow extends OrderFigure {
  key: string;
  label: string;
}

export interface OrderScope {
  metric: OrderMetricName;
  from: number;
  to: number;
  country?: string;
  context?: DimensionContext;
}

/** One customer with a purchase in a window: the first purchase there, whether it is their first ever, and the key they count under. */
interface CustomerFlag {
  id: string;
  firstIn: number;
  isNew: number;
  key: string | null;
}

/** The longest key list read through the index for the "all others" row (more: a pass over the period's lines). */
const MAX_IN_KEYS = 200;

/** A row of channel_spend or kpi, rows of the same period (and channel) summed. */
export interface WeeklyRow {
  periodStart: string;
  /** The channel (spend); the metric name (KPI). */
  key: string;
  value: number;
}

/** Days a spend or KPI row stands for, counted from its period_start (the data is weekly). */
export const WEEKLY_ROW_DAYS = 7;

/**
 * Figures for `metric`: order metrics over any window, per range of time, per key of a dimension,
 * or over every key but some; spend and KPI rows over a window. Every read goes through an index
 * range (orders_ordered_at, orders_country, orders_customer, orders_product: wide, covering) or one index search per
 * key or customer, so its cost follows the lines of the period, not of the table.
 */
export class MetricsRepository {
  private readonly dialect: DialectSql;

  constructor(
    private readonly db: Db,
    /** Per-customer results already read in this session (see `session`). */
    private readonly memo?: Map<string, unknown>,
  ) {
    this.dialect = dialectSql(db.dialect);
  }

  /**
   * A view that remembers the per-customer reads (first purchases, active buckets) it has made, for
   * one answer: the total, the series and the comparison of "returning customers" share them. Use a
   * new session per answer (the data may change between answers).
   */
  session(): MetricsRepository {
    return new MetricsRepository(this.db, new Map());
  }

  /** Rows of SQL written with @name parameters, read once per session. */
  private remembered<T>(sql: string, values: NamedValues): Promise<T[]> {
    const [text, params] = bind(sql, values);
    if (!this.memo) return this.db.all<T>(text, params);
    const key = `${text}\u0000${JSON.stringify(params)}`;
    if (!this.memo.has(key)) this.memo.set(key, this.db.all<T>(text, params));
    return this.memo.get(key) as Promise<T[]>;
  }

  /** The metric over [from, to) (within a country). */
  async orderTotal(scope: OrderScope): Promise<OrderFigure> {
    const counted = this.memo?.get(activeTotalKey(scope));
    const fresh = this.memo?.get(`new\u0000${activeTotalKey(scope)}`);
    if (scope.metric === 'customers' && typeof counted === 'number') return { value: counted };
    if (scope.metric === 'new_customers' && typeof fresh === 'number') return { value: fresh };
    if (scope.metric === 'returning_customers' && typeof counted === 'number' && typeof fresh === 'number') return { value: counted - fresh };
    if (scope.metric === 'new_customers' || scope.metric === 'returning_customers' || scope.metric === 'customers') {
      const flags = await this.customerFlags(scope, { withNew: scope.metric !== 'customers' });
      const active = flags.length;
      const fresh = flags.reduce((n, f) => n + f.isNew, 0);
      return { value: scope.metric === 'customers' ? active : scope.metric === 'new_customers' ? fresh : active - fresh };
    }
    return this.aggregate(scope.metric, '', scope);
  }

  /**
   * The metric per calendar bucket of [from, to) (the first and last cut by the window), keyed by
   * the bucket's ISO start. `shift` (ms) buckets each line as if it happened `shift` later: a
   * comparison period read on the current period's buckets.
   */
  async orderBuckets(scope: OrderScope, granularity: Granularity, shift = 0): Promise<Map<string, OrderFigure>> {
    const { metric } = scope;
    const out = new Map<string, OrderFigure>();
    const keyOf = (ms: number) => isoDay(bucketStart(ms + shift, granularity));
    if (metric === 'customers' || metric === 'returning_customers') {
      // Returning = active − new in each bucket; a new customer is new in the bucket of their first hop.
      const buckets = await this.activePerBucket(scope, granularity, shift, metric === 'returning_customers');
      for (const [key, { active, fresh }] of buckets) out.set(key, { value: active - fresh });
      return out;
    }
    if (metric === 'new_customers') {
      const fresh = new Map<string, number>();
      for (const f of await this.customerFlags(scope)) if (f.isNew === 1) fresh.set(keyOf(f.firstIn), (fresh.get(keyOf(f.firstIn)) ?? 0) + 1);
      for (const [key, value] of fresh) out.set(key, { value });
      return out;
    }
    // One index range per bucket: no sort of the period's lines.
    for (let at = bucketStart(scope.from + shift, granularity); at - shift < scope.to; at = addBuckets(at, 1, granularity)) {
      const from = Math.max(at - shift, scope.from);
      const to = Math.min(addBuckets(at, 1, granularity) - shift, scope.to);
      out.set(isoDay(at), await this.aggregate(metric, '', { ...scope, from, to }));
    }
    return out;
  }

  /** The metric per key of a dimension over [from, to): keys without lines are left out; lines under no key form the `rest` row. */
  async orderByKey(scope: OrderScope, dimensionName: string): Promise<OrderFigureRow[]> {
    const dimension = requireDimension(dimensionName);
    const { metric } = scope;
    if (metric === 'new_customers' || metric === 'returning_customers') {
      if (!dimension.customerKey) throw new Error(`${metric} cannot be split by ${dimension.name}`);
      const flags = await this.customerFlags(scope, { customerKey: dimension.customerKey });
      const fresh = new Map<string, number>();
      for (const f of flags) if (f.isNew === 1) fresh.set(f.key ?? '', (fresh.get(f.key ?? '') ?? 0) + 1);
      if (metric === 'new_customers') return [...fresh].map(([key, value]) => ({ key, label: key, value }));
      const active = await this.orderByKey({ ...scope, metric: 'customers' }, dimensionName);
      return active.map((row) => ({ ...row, value: (row.value ?? 0) - (fresh.get(row.key) ?? 0) }));
    }
    if (metric === 'customers') {
      const counts = await this.customersByKey(scope, dimension);
      if (counts) return [...counts].map(([key, value]) => ({ key, label: key, value }));
    }
    const value = keyedValue(metric);
    const gross = metric === 'returns' ? `, (SELECT ${ORDER_METRIC_SQL.gross_sales} FROM orders o WHERE ${dimension.match} AND ${this.window(scope)}) AS gross` : '';
    // Keys without lines are left out here, not in SQL: a WHERE on `value` would run each key's subquery twice.
    const sql = `SELECT k.key AS key, k.label AS label,
                   (SELECT ${value} FROM orders o WHERE ${dimension.match} AND ${this.window(scope)}) AS value${gross}
                 FROM (${dimension.keys}) k`;
    const rows = (await this.all<OrderFigureRow & { gross?: number | null }>(sql, this.values(scope))).filter((r) => r.value !== null).map((r) => figureRow(r, metric));
    if (dimension.rest) {
      const restFigure = await this.aggregate(metric, `AND ${dimension.rest.where}`, scope);
      if (restFigure.value !== null && restFigure.value !== 0) rows.push({ key: dimension.rest.label, label: dimension.rest.label, ...restFigure });
    }
    return rows;
  }

  /**
   * The metric over the lines of [from, to) under none of the `top` keys (the "all others" row).
   * `rest` lists the other keys with lines in the window: when it is short, those keys are read
   * through the index (small countries); otherwise every line not under a top key is.
   */
  async orderOthers(scope: OrderScope, dimensionName: string, keys: { top: readonly string[]; rest: readonly string[] }): Promise<OrderFigure> {
    const dimension = requireDimension(dimensionName);
    if (scope.metric === 'new_customers' || scope.metric === 'returning_customers') {
      // The other keys as one: new customers counted under them, and (returning) the customers active under them less those.
      const fresh = (await this.orderByKey({ ...scope, metric: 'new_customers' }, dimensionName)).filter((r) => !keys.top.includes(r.key)).reduce((s, r) => s + (r.value ?? 0), 0);
      if (scope.metric === 'new_customers') return { value: fresh };
      const active = await this.orderOthers({ ...scope, metric: 'customers' }, dimensionName, keys);
      return { value: (active.value ?? 0) - fresh };
    }
    if (keys.rest.length === 0) return scope.metric === 'aov' ? { value: null } : scope.metric === 'returns' ? { value: 0, gross: 0 } : { value: 0 };
    const named = (list: readonly string[], prefix: string) => ({ sql: list.map((_, i) => `@${prefix}${i}`).join(', '), params: Object.fromEntries(list.map((k, i) => [`${prefix}${i}`, k])) });
    const restLabel = dimension.rest?.label;
    const restKeys = keys.rest.filter((k) => k !== restLabel);
    if (dimension.inKeys && keys.rest.length <= MAX_IN_KEYS) {
      const list = named(restKeys, 'k');
      const parts = [restKeys.length > 0 ? dimension.inKeys(list.sql) : '', restLabel && keys.rest.includes(restLabel) ? dimension.rest!.where : ''].filter(Boolean);
      return this.aggregate(scope.metric, `AND (${parts.join(' OR ')})`, scope, list.params);
    }
    const list = named(keys.top, 'k');
    return this.aggregate(scope.metric, keys.top.length === 0 ? '' : `AND ${dimension.keyOf} NOT IN (${list.sql})`, scope, list.params);
  }

  /** Spend rows (summed per week and channel) whose 7 days overlap [from, to). */
  async spendRows(from: number, to: number): Promise<WeeklyRow[]> {
    return this.db.all<WeeklyRow>(
      'SELECT period_start AS "periodStart", channel AS key, SUM(spend) AS value FROM channel_spend WHERE period_start > ? AND period_start < ? GROUP BY period_start, channel ORDER BY period_start, channel',
      weeklyBounds(from, to),
    );
  }

  /** A KPI's rows (summed per week) whose 7 days overlap [from, to). */
  async kpiRows(metric: string, from: number, to: number): Promise<WeeklyRow[]> {
    return this.db.all<WeeklyRow>(
      'SELECT period_start AS "periodStart", metric AS key, SUM(value) AS value FROM kpi WHERE metric = ? AND period_start > ? AND period_start < ? GROUP BY metric, period_start ORDER BY period_start',
      [metric, ...weeklyBounds(from, to)],
    );
  }

  /** First and last period_start of a KPI (an index look-up), or null when it has no rows. */
  async kpiSpan(metric: string): Promise<{ first: string; last: string } | null> {
    const row = await this.db.get<{ first: string | null; last: string | null }>('SELECT MIN(period_start) AS first, MAX(period_start) AS last FROM kpi WHERE metric = ?', [metric]);
    return !row || row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /** The window (and country) condition over `o`. */
  private window(scope: OrderScope): string {
    return `o.ordered_at >= @from AND o.ordered_at < @to${scope.country === undefined ? '' : ' AND o.country = @country'}`;
  }

  /** The values of the @name parameters a statement may use, from the scope. */
  private values(scope: OrderScope, extra: NamedValues = {}): NamedValues {
    return { from: scope.from, to: scope.to, country: scope.country, run: scope.context?.segmentRunId ?? -1, ...extra };
  }

  private all<T>(sql: string, values: NamedValues): Promise<T[]> {
    return this.db.all<T>(...bind(sql, values));
  }

  private get<T>(sql: string, values: NamedValues): Promise<T | undefined> {
    return this.db.get<T>(...bind(sql, values));
  }

  /** One aggregate metric over the window and an extra condition. */
  private async aggregate(metric: AggregateMetric, extra: string, scope: OrderScope, extraValues: NamedValues = {}): Promise<OrderFigure> {
    const gross = metric === 'returns' ? `, ${ORDER_METRIC_SQL.gross_sales} AS gross` : '';
    const sql = `SELECT ${ORDER_METRIC_SQL[metric]} AS value${gross} FROM orders o WHERE ${this.window(scope)} ${extra}`;
    const row = (await this.get<{ value: number | null; gross?: number | null }>(sql, this.values(scope, extraValues)))!;
    const figure = figureRow({ key: '', label: '', ...row }, metric);
    return figure.gross === undefined ? { value: figure.value } : { value: figure.value, gross: figure.gross };
  }

  /**
   * Distinct purchasing customers per bucket: from each customer's first purchase in the window,
   * hop to their first purchase in the next bucket (one index search per customer and active
   * bucket on orders_customer), instead of de-duplicating every line of the period. With `withNew`,
   * also the customers whose first purchase ever (within the country) is their first hop: the new
   * customers of each bucket. The session keeps the window's totals for `orderTotal`.
   */
  private async activePerBucket(scope: OrderScope, granularity: Granularity, shift: number, withNew = false): Promise<Map<string, { active: number; fresh: number }>> {
    const shifted = (column: string) => (shift === 0 ? column : `(${column} + ${Math.round(shift)})`);
    const bucket = this.dialect.bucket[granularity];
    const nextBucket = `(${this.dialect.nextBucket[granularity](shifted('hop.t'))} - ${Math.round(shift)})`;
    const country = scope.country === undefined ? '' : 'AND o.country = @country';
    // A 0/1 integer on both dialects (PostgreSQL's NOT EXISTS is a boolean, which the recursive part's 0 would not match).
    const fresh = withNew ? `CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = base.id AND o.is_return = 0 AND o.ordered_at < base.t ${country}) THEN 0 ELSE 1 END` : '0';
    const sql = `WITH RECURSIVE base(id, t) AS MATERIALIZED (
                   SELECT c.id, (SELECT MIN(o.ordered_at) FROM orders o WHERE o.customer_id = c.id AND o.is_return = 0 AND o.ordered_at >= @from AND o.ordered_at < @to ${country}) FROM customers c
                 ), hop(id, t, is_first, fresh) AS (
                   SELECT base.id, base.t, 1, ${fresh} FROM base WHERE base.t IS NOT NULL
                   UNION ALL
                   SELECT hop.id, (SELECT MIN(o.ordered_at) FROM orders o WHERE o.customer_id = hop.id AND o.is_return = 0 AND o.ordered_at >= ${nextBucket} AND o.ordered_at < @to ${country}), 0, 0
                   FROM hop WHERE hop.t IS NOT NULL
                 )
                 SELECT ${bucket(shifted('t'))} AS key, COUNT(*) AS n, SUM(is_first) AS firsts, SUM(fresh) AS fresh FROM hop WHERE t IS NOT NULL GROUP BY 1`;
    const rows = await this.remembered<{ key: string; n: number; firsts: number; fresh: number }>(sql, this.values(scope));
    // Each active customer's first hop lies in one bucket: their number is the window's distinct customers.
    this.memo?.set(activeTotalKey(scope), rows.reduce((sum, r) => sum + r.firsts, 0));
    if (withNew) this.memo?.set(`new\u0000${activeTotalKey(scope)}`, rows.reduce((sum, r) => sum + r.fresh, 0));
    return new Map(rows.map((r) => [r.key, { active: r.n, fresh: r.fresh }]));
  }

  /**
   * Every customer with a purchase in [from, to) (within the country): the first purchase there,
   * and whether none came before it (a new customer). One index search per customer on
   * orders_customer, whatever the length of the window. `key` is the dimension's customer key.
   */
  private async customerFlags(scope: OrderScope, options: { withNew?: boolean; customerKey?: string } = {}): Promise<CustomerFlag[]> {
    const { withNew = true, customerKey } = options;
    const country = scope.country === undefined ? '' : 'AND o.country = @country';
    const inWindow = (customer: string) => `o.customer_id = ${customer} AND o.is_return = 0 AND o.ordered_at >= @from AND o.ordered_at < @to ${country}`;
    // The country of the first purchase (the first by name when several lines share its time): one search.
    const firstCountry = customerKey?.includes('first_country')
      ? `, (SELECT MIN(o.country) FROM orders o WHERE o.customer_id = x.id AND o.is_return = 0 AND o.ordered_at = x.first_in ${country}) AS first_country`
      : '';
    const isNew = withNew ? `CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = x.id AND o.is_return = 0 AND o.ordered_at < x.first_in ${country}) THEN 0 ELSE 1 END` : '0';
    // MATERIALIZED: each customer's subqueries run once, not again inside the later correlated ones.
    const sql = `WITH w AS MATERIALIZED (
                   SELECT c.id AS id, (SELECT MIN(o.ordered_at) FROM orders o WHERE ${inWindow('c.id')}) AS first_in FROM customers c
                 ), x AS MATERIALIZED (
                   SELECT x.id AS id, x.first_in AS first_in${firstCountry} FROM w x WHERE x.first_in IS NOT NULL
                 ), y AS MATERIALIZED (
                   SELECT x.id AS id, x.first_in AS first_in, ${isNew} AS is_new, ${customerKey ?? 'NULL'} AS key FROM x
                 )
                 SELECT y.id AS id, y.first_in AS "firstIn", y.is_new AS "isNew", y.key AS key FROM y`;
    const flags = await this.remembered<CustomerFlag>(sql, this.values(scope));
    // Whatever key they carry, the flags are the window's active customers (and, with isNew, its new ones).
    this.memo?.set(activeTotalKey(scope), flags.length);
    if (withNew) this.memo?.set(`new\u0000${activeTotalKey(scope)}`, flags.reduce((n, f) => n + f.isNew, 0));
    return flags;
  }

  /**
   * Distinct purchasing customers per key. Keys that hold whole customers (a segment): each
   * customer's key, from one search per customer. Keys that do not (a country): every key but the
   * largest is counted over its own lines (small countries, few lines); the largest key K, where
   * nearly everyone buys, is counted as the customers whose first purchase is under K plus those
   * others who also bought under K (one short check each), instead of de-duplicating its lines.
   */
  private async customersByKey(scope: OrderScope, dimension: OrderDimension): Promise<Map<string, number> | undefined> {
    if (!dimension.customerKey) return undefined;
    const flags = await this.customerFlags(scope, { withNew: false, customerKey: dimension.customerKey });
    const firstUnder = new Map<string, number>();
    for (const flag of flags) firstUnder.set(flag.key ?? '', (firstUnder.get(flag.key ?? '') ?? 0) + 1);
    if (dimension.holdsWhole === 'customers') return firstUnder;
    const largest = [...firstUnder].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (largest === undefined) return firstUnder;
    const counts = new Map<string, number>();
    const value = keyedValue('customers');
    const sql = `SELECT k.key AS key, (SELECT ${value} FROM orders o WHERE ${dimension.match} AND ${this.window(scope)}) AS value
                 FROM (${dimension.keys}) k WHERE k.key <> @largest`;
    for (const row of await this.all<{ key: string; value: number | null }>(sql, this.values(scope, { largest }))) {
      if (row.value) counts.set(row.key, row.value);
    }
    if (dimension.rest && dimension.rest.label !== largest) {
      const rest = await this.aggregate('customers', `AND ${dimension.rest.where}`, scope);
      if (rest.value) counts.set(dimension.rest.label, rest.value);
    }
    // The others, checked in one statement (not one round trip each): one index search per customer.
    const others = flags.filter((flag) => flag.key !== largest).map((flag) => flag.id);
    const alsoUnder = `SELECT COUNT(*) AS n FROM customers c WHERE ${this.dialect.inJsonList('c.id', '@ids')}
                       AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND ${this.window(scope)} AND o.is_return = 0 AND ${dimension.keyOf} = @largest)`;
    const also = others.length === 0 ? 0 : ((await this.get<{ n: number }>(alsoUnder, this.values(scope, { ids: JSON.stringify(others), largest })))?.n ?? 0);
    counts.set(largest, (firstUnder.get(largest) ?? 0) + also);
    return counts;
  }
}

/** Values of a statement's @name parameters. */
type NamedValues = Record<string, unknown>;

const positionalCache = new Map<string, { text: string; names: string[] }>();

/**
 * SQL written with @name parameters (the metric SQL is put together from fragments, each naming the
 * window's bounds again) as the client's `?` SQL, with the values in order. The same SQL always
 * gives the same text, so SQLite's statements stay prepared.
 */
function bind(sql: string, values: NamedValues): [string, unknown[]] {
  let positional = positionalCache.get(sql);
  if (!positional) {
    const names: string[] = [];
    const text = sql.replace(/'(?:[^']|'')*'|@(\w+)/g, (match, name: string | undefined) => (name === undefined ? match : (names.push(name), '?')));
    positional = { text, names };
    if (positionalCache.size < 2000) positionalCache.set(sql, positional);
  }
  return [
    positional.text,
    positional.names.map((name) => {
      if (values[name] === undefined) throw new Error(`metric SQL: no value for @${name}`);
      return values[name];
    }),
  ];
}

/** Where a session keeps the number of distinct customers of a window, once a series has counted them. */
function activeTotalKey(scope: OrderScope): string {
  return `active\u0000${scope.from}\u0000${scope.to}\u0000${scope.country ?? ''}`;
}

/** The per-key aggregate: counts are NULL (not 0) for a key without such lines, so it is left out. */
function keyedValue(metric: AggregateMetric): string {
  return metric === 'orders' || metric === 'customers' ? `NULLIF(${ORDER_METRIC_SQL[metric]}, 0)` : ORDER_METRIC_SQL[metric];
}

/** NULL sums and counts are 0; an average stays NULL. */
function figureRow(row: { key: unknown; label: unknown; value: number | null; gross?: number | null }, metric: AggregateMetric): OrderFigureRow {
  const value = row.value === null && metric !== 'aov' ? 0 : row.value;
  return { key: String(row.key), label: String(row.label ?? row.key), value, ...(metric === 'returns' ? { gross: row.gross ?? 0 } : {}) };
}

function requireDimension(name: string): OrderDimension {
  const dimension = orderDimension(name);
  if (!dimension) throw new Error(`unknown order dimension "${name}"`);
  return dimension;
}

/** period_start bounds (exclusive both) of the weekly rows overlapping [from, to): start > from − 7 days, start < to. */
function weeklyBounds(from: number, to: number): [string, string] {
  const after = isoDay(Math.floor(from / DAY_MS) * DAY_MS - WEEKLY_ROW_DAYS * DAY_MS);
  const before = isoDay(Math.floor((to - 1) / DAY_MS) * DAY_MS + DAY_MS);
  return [after, before];
}
