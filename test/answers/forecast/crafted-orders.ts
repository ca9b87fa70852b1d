import type { Db } from '../../../src/db/client.ts';
import { SalesRepository } from '../../../src/repos/sales.ts';

export interface CraftedOrderLine {
  invoice: string;
  customerId: string;
  /** ISO date-time, read as UTC ('2024-01-03' is midnight). */
  at: string;
  amount: number;
  isReturn?: boolean;
  country?: string;
  /** A product code; the product is stored with the code as its name. */
  product?: string;
}

/** Writes order lines (and their customers) through the real repository. */
export async function insertOrders(db: Db, lines: readonly CraftedOrderLine[]): Promise<void> {
  const sales = new SalesRepository(db);
  const time = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
  await sales.upsertCustomers(lines.map((l) => ({ id: l.customerId, country: l.country ?? 'United Kingdom', firstSeenAt: time(l.at) })));
  await sales.insertOrderLines(
    lines.map((l) => ({
      invoice: l.invoice,
      customerId: l.customerId,
      orderedAt: time(l.at),
      amount: l.amount,
      quantity: 1,
      country: l.country ?? 'United Kingdom',
      isReturn: l.isReturn ?? false,
      importId: null,
      productCode: l.product ?? null,
    })),
  );
  const products = [...new Set(lines.flatMap((l) => (l.product ? [l.product] : [])))];
  if (products.length) await sales.upsertProducts(products.map((code) => ({ code, name: code })));
}

/**
 * Weekly revenue `amountOf(week)` for `weeks` weeks from `firstMonday`, split over a Monday and a
 * Sunday invoice so that every week is fully covered by the data.
 */
export function weeklyOrders(firstMonday: string, weeks: number, amountOf: (week: number) => number): CraftedOrderLine[] {
  const start = Date.parse(`${firstMonday}T00:00:00Z`);
  const at = (day: number) => new Date(start + day * 86_400_000 + 10 * 3_600_000).toISOString();
  return Array.from({ length: weeks }, (_, w) => [
    { invoice: `W${w}a`, customerId: `C${w % 5}`, at: at(w * 7), amount: amountOf(w) / 2 },
    { invoice: `W${w}b`, customerId: `C${(w + 1) % 5}`, at: at(w * 7 + 6), amount: amountOf(w) / 2 },
  ]).flat();
}
