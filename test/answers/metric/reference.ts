import type { Db } from '../../../src/db/client.ts';

/**
 * A reference for metric figures, written apart from the implementation: it reads the raw rows
 * with plain SQL (no aggregate) and computes every figure in JavaScript from the definitions in the
 * README ("Metrics"). Tests compare the metric job's figures with it, to the cent.
 */

export interface Line {
  invoice: string;
  customerId: string;
  at: number;
  amount: number;
  quantity: number;
  country: string | null;
  isReturn: boolean;
  product: string | null;
}

export interface WeekRow {
  periodStart: string;
  key: string;
  value: number;
}

export interface Span {
  from: number;
  to: number;
}

export async function readLines(db: Db): Promise<Line[]> {
  const rows = await db.all<{
    invoice: string; customer_id: string; ordered_at: number; amount: number; quantity: number; country: string | null; is_return: number; product_code: string | null;
  }>('SELECT invoice, customer_id, ordered_at, amount, quantity, country, is_return, product_code FROM orders');
  return rows.map((r) => ({
    invoice: r.invoice, customerId: r.customer_id, at: r.ordered_at, amount: r.amount, quantity: r.quantity, country: r.country, isReturn: r.is_return === 1, product: r.product_code,
  }));
}

export function readSpend(db: Db): Promise<WeekRow[]> {
  return db.all<WeekRow>('SELECT period_start AS "periodStart", channel AS key, spend AS value FROM channel_spend');
}

export function readKpi(db: Db, metric: string): Promise<WeekRow[]> {
  return db.all<WeekRow>('SELECT period_start AS "periodStart", metric AS key, value FROM kpi WHERE metric = ?', [metric]);
}

const DAY = 86_400_000;

export type RefMetric = 'revenue' | 'orders' | 'customers' | 'new_customers' | 'returning_customers' | 'aov' | 'units' | 'returns';

/** Per-metric figures of a set of lines; `first` maps each customer to their first purchase time (within the filter). */
export class Reference {
  private readonly firstByCountry = new Map<string, Map<string, Line>>();

  readonly lines: Line[];

  constructor(lines: Line[]) {
    this.lines = [...lines].sort((a, b) => a.at - b.at);
  }

  /** Index of the first line at or after `ms` (lines are sorted by time). */
  private lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid].at < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Each customer's first purchase line, among the lines of `country` (all when undefined); ties: earliest, then country name. */
  firstPurchases(country?: string): Map<string, Line> {
    const cacheKey = country ?? '\u0000all';
    const cached = this.firstByCountry.get(cacheKey);
    if (cached) return cached;
    const first = new Map<string, Line>();
    for (const line of this.lines) {
      if (line.isReturn || (country !== undefined && line.country !== country)) continue;
      const seen = first.get(line.customerId);
      if (!seen || line.at < seen.at || (line.at === seen.at && (line.country ?? '') < (seen.country ?? ''))) first.set(line.customerId, line);
    }
    this.firstByCountry.set(cacheKey, first);
    return first;
  }

  select(span: Span, country?: string, keep: (line: Line) => boolean = () => true): Line[] {
    return this.lines.slice(this.lowerBound(span.from), this.lowerBound(span.to)).filter((l) => (country === undefined || l.country === country) && keep(l));
  }

  /** A metric over some lines (already cut to the window); new customers need the window and the filter. */
  value(metric: RefMetric, lines: Line[], span: Span, country?: string): { value: number | null; gross?: number } {
    const purchases = lines.filter((l) => !l.isReturn);
    const sum = (xs: Line[], f: (l: Line) => number) => xs.reduce((s, l) => s + f(l), 0);
    const customers = new Set(purchases.map((l) => l.customerId));
    const newOnes = () => {
      const first = this.firstPurchases(country);
      return [...customers].filter((c) => first.get(c)!.at >= span.from && first.get(c)!.at < span.to).length;
    };
    switch (metric) {
      case 'revenue':
        return { value: sum(lines, (l) => l.amount) };
      case 'orders':
        return { value: new Set(purchases.map((l) => l.invoice)).size };
      case 'customers':
        return { value: customers.size };
      case 'new_customers':
        return { value: newOnes() };
      case 'returning_customers':
        return { value: customers.size - newOnes() };
      case 'aov': {
        const invoices = new Set(purchases.map((l) => l.invoice)).size;
        return { value: invoices === 0 ? null : sum(purchases, (l) => l.amount) / invoices };
      }
      case 'units':
        return { value: sum(purchases, (l) => l.quantity) };
      case 'returns':
        return { value: -sum(lines.filter((l) => l.isReturn), (l) => l.amount), gross: sum(purchases, (l) => l.amount) };
    }
  }

  total(metric: RefMetric, span: Span, country?: string) {
    return this.value(metric, this.select(span, country), span, country);
  }

  /**
   * Per key: lines grouped by `keyOf`; new customers count under the key of their first purchase
   * line in the window (each once), returning = active under the key − new under the key.
   */
  byKey(metric: RefMetric, span: Span, keyOf: (line: Line) => string, country?: string): Map<string, number | null> {
    const groups = new Map<string, Line[]>();
    for (const line of this.select(span, country)) {
      const key = keyOf(line);
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(line);
    }
    const out = new Map<string, number | null>();
    if (metric === 'new_customers' || metric === 'returning_customers') {
      const first = this.firstPurchases(country);
      const fresh = new Map<string, number>();
      for (const line of first.values()) if (line.at >= span.from && line.at < span.to) fresh.set(keyOf(line), (fresh.get(keyOf(line)) ?? 0) + 1);
      if (metric === 'new_customers') return new Map([...fresh]);
      for (const [key, lines] of groups) {
        const active = new Set(lines.filter((l) => !l.isReturn).map((l) => l.customerId)).size;
        if (active > 0) out.set(key, active - (fresh.get(key) ?? 0));
      }
      return out;
    }
    for (const [key, lines] of groups) {
      const { value } = this.value(metric, lines, span, country);
      const nothing = value === null || (value === 0 && (metric === 'orders' || metric === 'customers' || (metric === 'units' && lines.every((l) => l.isReturn)) || (metric === 'returns' && lines.every((l) => !l.isReturn))));
      if (!nothing) out.set(key, value);
    }
    return out;
  }
}

/** Weekly rows spread evenly over their 7 days; the days inside the span summed (per key when `perKey`). */
export function spreadReference(rows: WeekRow[], span: Span): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const start = Date.parse(`${row.periodStart}T00:00:00Z`);
    for (let d = 0; d < 7; d++) {
      const dayStart = start + d * DAY;
      if (dayStart >= span.from && dayStart < span.to) out.set(row.key, (out.get(row.key) ?? 0) + row.value / 7);
    }
  }
  return out;
}

export function sumValues(map: Map<string, number | null>): number {
  return [...map.values()].reduce<number>((s, v) => s + (v ?? 0), 0);
}

/** Rows ranked as the reply ranks them: largest first, undefined last, then by name. */
export function rank(map: Map<string, number | null>): Array<[string, number | null]> {
  return [...map].sort(([ka, a], [kb, b]) => {
    if (a === null || b === null) return a === null ? (b === null ? ka.localeCompare(kb) : 1) : -1;
    return b - a || ka.localeCompare(kb);
  });
}
