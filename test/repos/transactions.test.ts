import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { SalesRepository, type NewOrderLine } from '../../src/repos/sales.ts';
import { TransactionRepository, type PurchaseDays } from '../../src/repos/transactions.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}Z`);

interface Line {
  customer: string;
  at: string;
  amount: number;
  country?: string;
  isReturn?: boolean;
  invoice?: string;
}

/** Writes the lines (and their customers, with the country of their first line) through the real repository. */
async function insert(db: Db, lines: Line[]): Promise<void> {
  const orderLines: NewOrderLine[] = lines.map((line, i) => ({
    invoice: line.invoice ?? `I${i}`,
    customerId: line.customer,
    orderedAt: at(line.at),
    amount: line.amount,
    quantity: 1,
    country: line.country ?? 'United Kingdom',
    isReturn: line.isReturn ?? false,
    importId: null,
  }));
  await writeLines(db, orderLines);
}

async function writeLines(db: Db, lines: NewOrderLine[]): Promise<void> {
  const sales = new SalesRepository(db);
  const firstLines = new Map<string, NewOrderLine>();
  for (const l of lines) if (!firstLines.has(l.customerId)) firstLines.set(l.customerId, l);
  await sales.upsertCustomers([...firstLines.values()].map((l) => ({ id: l.customerId, country: l.country, firstSeenAt: l.orderedAt })));
  await sales.insertOrderLines(lines);
}

/** Entries as readable rows: [customer, day, amount], sorted. */
function rows(p: PurchaseDays): Array<[string, string, number]> {
  return Array.from(p.customer, (c, i) => [p.ids[c], new Date(p.time[i]).toISOString().slice(0, 10), Math.round(p.amount[i] * 100) / 100] as [string, string, number]).sort(
    (x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]),
  );
}

describe('TransactionRepository.purchaseDays', () => {
  let handle: TestDatabase;
  let repo: TransactionRepository;
  beforeAll(async () => {
    handle = await openTestDatabase();
    repo = new TransactionRepository(handle.db);
    await insert(handle.db, [
      // A: two invoices, three lines on 1 March (summed into one day), one on 5 March late in the evening.
      { customer: 'A', at: '2024-03-01T09:00:00', amount: 10, invoice: 'X1' },
      { customer: 'A', at: '2024-03-01T09:00:00', amount: 5.5, invoice: 'X1' },
      { customer: 'A', at: '2024-03-01T17:30:00', amount: 4.5, invoice: 'X2' },
      { customer: 'A', at: '2024-03-05T23:59:00', amount: 7 },
      // A returns something on 6 March: not a purchase, not netted out.
      { customer: 'A', at: '2024-03-06T10:00:00', amount: -7, isReturn: true },
      // B: a free order (amount 0) still counts as a visit; a purchase in Germany.
      { customer: 'B', at: '2024-03-02T10:00:00', amount: 0, country: 'Germany' },
      { customer: 'B', at: '2024-03-20T10:00:00', amount: 30, country: 'Germany' },
      // C: only returns.
      { customer: 'C', at: '2024-03-03T10:00:00', amount: -12, isReturn: true },
      // D: first purchase after 10 March.
      { customer: 'D', at: '2024-03-15T10:00:00', amount: 8 },
    ]);
  });
  afterAll(() => handle?.close());

  it('sums the lines of a customer-day, counts free orders, leaves returns out, and runs to the last purchase without as_of', async () => {
    const p = await repo.purchaseDays();
    expect(rows(p)).toEqual([
      ['A', '2024-03-01', 20],
      ['A', '2024-03-05', 7],
      ['B', '2024-03-02', 0],
      ['B', '2024-03-20', 30],
      ['D', '2024-03-15', 8],
    ]);
    expect(p.customer).toBeInstanceOf(Int32Array);
    expect(p.time).toBeInstanceOf(Float64Array);
    expect(p.amount).toBeInstanceOf(Float64Array);
    expect([...p.ids].sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(p.noPurchase).toBe(1);
    expect(p.onlyLater).toBe(0);
    expect(p.asOfDay).toBe(at('2024-03-20T00:00:00'));
    expect(p.lastPurchaseDay).toBe(at('2024-03-20T00:00:00'));
  });

  it('keeps purchases up to the end of the as_of day and counts customers who only bought later', async () => {
    const p = await repo.purchaseDays({ asOf: at('2024-03-05T00:00:00') });
    expect(rows(p)).toEqual([
      ['A', '2024-03-01', 20],
      ['A', '2024-03-05', 7],
      ['B', '2024-03-02', 0],
    ]);
    expect(p.asOfDay).toBe(at('2024-03-05T00:00:00'));
    expect(p.lastPurchaseDay).toBe(at('2024-03-20T00:00:00'));
    expect(p.onlyLater).toBe(1);
    expect(p.noPurchase).toBe(1);
    expect(p.time.every((t) => t % DAY === 0)).toBe(true);
  });

  it('filters on the country of the order lines', async () => {
    const p = await repo.purchaseDays({ country: 'Germany' });
    expect(rows(p)).toEqual([
      ['B', '2024-03-02', 0],
      ['B', '2024-03-20', 30],
    ]);
    expect(p.ids).toEqual(['B']);
    const none = await repo.purchaseDays({ country: 'Atlantis' });
    expect(none.customer).toHaveLength(0);
    expect(none.asOfDay).toBeUndefined();
  });

  it('looks up the country of a few customers', async () => {
    const countries = await repo.countriesOf(['B', 'A', 'nobody']);
    expect(countries.get('A')).toBe('United Kingdom');
    expect(countries.get('B')).toBe('Germany');
    expect(countries.has('nobody')).toBe(false);
    expect((await repo.countriesOf([])).size).toBe(0);
  });

  it('reads 200,000 order lines into typed arrays quickly', async () => {
    const big = await openTestDatabase();
    try {
      const lines: NewOrderLine[] = [];
      for (let c = 0; c < 20_000; c++) {
        // 10 lines over 5 days each.
        for (let k = 0; k < 10; k++) {
          const orderedAt = at('2024-01-01T10:00:00') + ((c + (k >> 1) * 37) % 365) * DAY;
          lines.push({ invoice: `I${c}-${k >> 1}`, customerId: `C${c}`, orderedAt, amount: 1 + k, quantity: 1, country: 'United Kingdom', isReturn: false, importId: null });
        }
      }
      await writeLines(big.db, lines);
      const started = performance.now();
      const p = await new TransactionRepository(big.db).purchaseDays();
      const ms = performance.now() - started;
      expect(p.ids).toHaveLength(20_000);
      expect(p.customer).toHaveLength(100_000);
      let total = 0;
      for (const a of p.amount) total += a;
      expect(total).toBe(20_000 * 55);
      expect(ms).toBeLessThan(5_000);
    } finally {
      await big.close();
    }
    // Writing the lines takes most of the time: on PostgreSQL, ~30 s into the four wide covering indexes of orders.
  }, 120_000);
});
