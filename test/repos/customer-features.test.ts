import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerFeatureRepository } from '../../src/repos/customer-features.ts';
import { DAY_MS } from '../../src/time/calendar.ts';
import { SalesRepository, type NewOrderLine } from '../../src/repos/sales.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const at = (iso: string) => Date.parse(`${iso}Z`);

function line(customerId: string, invoice: string, when: string, amount: number, extra: Partial<NewOrderLine> = {}): NewOrderLine {
  return { invoice, customerId, orderedAt: at(when), amount, quantity: 1, country: 'United Kingdom', isReturn: false, importId: null, ...extra };
}

describe('CustomerFeatureRepository', () => {
  let handle: TestDatabase;
  let repo: CustomerFeatureRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    repo = new CustomerFeatureRepository(handle.db);
  });
  afterEach(() => handle.close());

  async function insert(lines: NewOrderLine[]) {
    const sales = new SalesRepository(handle.db);
    await sales.upsertCustomers([...new Set(lines.map((l) => l.customerId))].map((id) => ({ id, country: null, firstSeenAt: 0 })));
    await sales.insertOrderLines(lines);
  }

  it('knows when there are no orders', async () => {
    expect((await repo.hasOrders())).toBe(false);
    expect((await repo.features())).toEqual({ reference: undefined, customers: [], netNonPositive: [] });
  });

  it('computes recency and distinct invoices over valid purchases, and value net of returns', async () => {
    await insert([
      line('A', 'i1', '2011-01-01T10:00:00', 10),
      line('A', 'i1', '2011-01-01T10:00:00', 5), // second line of the same invoice
      line('A', 'i2', '2011-01-05T09:00:00', 20),
      line('A', 'c1', '2011-01-06T09:00:00', -20, { isReturn: true }),
      line('A', 'i9', '2011-01-06T09:00:00', 0), // free line: not a purchase
      line('B', 'i3', '2011-01-10T12:00:00', 7, { country: 'France' }),
      line('C', 'i4', '2011-01-03T12:00:00', 50),
      line('C', 'c2', '2011-01-04T12:00:00', -50, { isReturn: true }),
      line('D', 'c3', '2011-01-04T12:00:00', -5, { isReturn: true }), // only a return: no purchase
    ]);
    const { reference, customers, netNonPositive } = (await repo.features());
    // Reference: latest valid purchase (B, 2011-01-10 12:00) + 24 h.
    expect(reference).toBe(at('2011-01-11T12:00:00'));
    expect(customers).toEqual([
      // 2011-01-05 09:00 → 2011-01-11 12:00 is 6 days 3 hours: floor gives 6.
      { customerId: 'A', recencyDays: 6, frequency: 2, monetary: 15 },
      { customerId: 'B', recencyDays: 1, frequency: 1, monetary: 7 },
    ]);
    // C's return cancels the purchase: apart from the segments; D never bought.
    expect(netNonPositive).toEqual([{ customerId: 'C', purchases: 50, net: 0 }]);
    expect(await repo.customerCount()).toBe(3);
    expect((await repo.hasOrders())).toBe(true);
    expect((await repo.countries())).toEqual(['United Kingdom', 'France']);
  });

  it('filters by country and window, and uses as_of as the reference', async () => {
    await insert([
      line('A', 'i1', '2011-01-01T00:00:00', 10),
      line('A', 'i2', '2011-03-01T00:00:00', 30),
      line('B', 'i3', '2011-02-01T00:00:00', 7, { country: 'France' }),
    ]);
    const asOf = at('2011-02-15T00:00:00');
    expect((await repo.features({ country: 'United Kingdom' })).customers.map((c) => c.customerId)).toEqual(['A']);
    expect((await repo.features({ asOf }))).toEqual({
      reference: asOf,
      netNonPositive: [],
      customers: [
        { customerId: 'A', recencyDays: Math.floor((asOf - at('2011-01-01T00:00:00')) / DAY_MS), frequency: 1, monetary: 10 },
        { customerId: 'B', recencyDays: 14, frequency: 1, monetary: 7 },
      ],
    });
    expect((await repo.features({ since: at('2011-02-01T00:00:00') })).customers.map((c) => [c.customerId, c.monetary])).toEqual([['A', 30], ['B', 7]]);
    expect((await repo.customerCount({ since: at('2011-02-02T00:00:00') }))).toBe(1);
  });
});
