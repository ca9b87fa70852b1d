import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SalesRepository, type NewOrderLine } from '../../src/repos/sales.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const at = (iso: string) => Date.parse(`${iso}Z`);

function line(invoice: string, customerId: string, amount: number, extra: Partial<NewOrderLine> = {}): NewOrderLine {
  return { invoice, customerId, orderedAt: at('2024-03-01T10:00:00'), amount, quantity: 1, country: 'France', isReturn: false, importId: null, ...extra };
}

describe('SalesRepository', () => {
  let handle: TestDatabase;
  let sales: SalesRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    sales = new SalesRepository(handle.db);
  });
  afterEach(() => handle.close());

  it('keeps the first country of a customer and moves first_seen_at earlier, never later', async () => {
    await sales.upsertCustomers([
      { id: 'c1', country: null, firstSeenAt: at('2024-03-01T00:00:00') },
      { id: 'c1', country: 'France', firstSeenAt: at('2024-04-01T00:00:00') },
      { id: 'c2', country: 'Germany', firstSeenAt: at('2024-03-05T00:00:00') },
    ]);
    await sales.upsertCustomers([
      { id: 'c1', country: 'Spain', firstSeenAt: at('2024-02-01T00:00:00') },
      { id: 'c2', country: 'Spain', firstSeenAt: at('2024-06-01T00:00:00') },
    ]);
    const rows = await handle.db.all<{ id: string; country: string | null; firstSeenAt: number }>('SELECT id, country, first_seen_at AS "firstSeenAt" FROM customers ORDER BY id');
    expect(rows).toEqual([
      { id: 'c1', country: 'France', firstSeenAt: at('2024-02-01T00:00:00') },
      { id: 'c2', country: 'Germany', firstSeenAt: at('2024-03-05T00:00:00') },
    ]);
    expect(await sales.countCustomers()).toBe(2);
  });

  it('writes order lines in multi-row statements and counts them, per import and by invoice', async () => {
    await sales.upsertCustomers([{ id: 'c1', country: 'France', firstSeenAt: 0 }, { id: 'c2', country: 'France', firstSeenAt: 0 }]);
    // More than one statement's worth, and a tail: every line arrives once, flags and products as given.
    const lines = Array.from({ length: 1234 }, (_, i) => line(`I${i % 300}`, i % 2 ? 'c1' : 'c2', i, { isReturn: i % 7 === 0, productCode: i % 3 ? null : `P${i % 5}` }));
    await sales.insertOrderLines(lines);
    expect(await sales.countOrderLines()).toBe(1234);
    expect(await sales.countOrderLines(42)).toBe(0);
    expect(await sales.countInvoices()).toBe(300);
    const stored = await handle.db.get<{ total: number; returns: number; products: number }>(
      'SELECT SUM(amount) AS total, SUM(is_return) AS returns, COUNT(product_code) AS products FROM orders',
    );
    expect(stored).toEqual({ total: (1233 * 1234) / 2, returns: Math.ceil(1234 / 7), products: Math.ceil(1234 / 3) });
  });

  it('adds products and renames known ones (the latest name wins)', async () => {
    await sales.upsertProducts([{ code: 'P1', name: 'Mug' }, { code: 'P2', name: 'Plate' }]);
    await sales.upsertProducts([{ code: 'P1', name: 'Blue mug' }]);
    expect(await handle.db.all('SELECT code, name FROM products ORDER BY code')).toEqual([
      { code: 'P1', name: 'Blue mug' },
      { code: 'P2', name: 'Plate' },
    ]);
  });

  it('writes nothing of a batch that fails', async () => {
    await sales.upsertCustomers([{ id: 'c1', country: 'France', firstSeenAt: 0 }]);
    // Line 550's customer does not exist: the foreign key refuses its statement, and the 500 lines written before it go too.
    const lines = Array.from({ length: 600 }, (_, i) => line(`I${i}`, i === 550 ? 'nobody' : 'c1', 1));
    await expect(sales.insertOrderLines(lines)).rejects.toThrow();
    expect(await sales.countOrderLines()).toBe(0);
  });
});
