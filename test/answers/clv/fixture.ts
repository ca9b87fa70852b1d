import { createRandom } from '../../../src/ml/random.ts';
import type { PurchaseDays } from '../../../src/repos/transactions.ts';

export const DAY = 86_400_000;
export const START = Date.parse('2024-01-01T00:00:00Z');
/** The fixture's as_of: day 364 after START. */
export const AS_OF = START + 364 * DAY;

export interface FixtureCustomer {
  id: string;
  /** Day numbers (from START) of each purchase, and the amount of each. */
  days: number[];
  amounts: number[];
}

/**
 * A seeded population of customers who buy at a Poisson rate and may drop out after each purchase
 * (the BG/NBD story), plus two known ones:
 * - LOST: bought every 7 days for 15 weeks, then nothing for 8 months: clearly lost;
 * - ACTIVE: bought every 7 days all year, last on as_of: clearly active.
 */
export function fixtureCustomers(count = 400, seed = 7): FixtureCustomer[] {
  const random = createRandom(seed);
  const customers: FixtureCustomer[] = [];
  for (let c = 0; c < count; c++) {
    const first = Math.floor(random() * 250);
    const rate = 1 / (10 + random() * 60);
    const value = 10 + random() * 90;
    const days = [first];
    let day = first;
    for (;;) {
      if (random() < 0.2) break; // drops out after this purchase
      day += Math.max(1, Math.round(-Math.log(1 - random()) / rate));
      if (day > 400) break;
      days.push(day);
    }
    customers.push({ id: `P${c}`, days, amounts: days.map(() => Math.round(value * (0.5 + random()) * 100) / 100) });
  }
  const weekly = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, k) => from + 7 * k);
  const lostDays = weekly(0, 98);
  customers.push({ id: 'LOST', days: lostDays, amounts: lostDays.map(() => 200) });
  const activeDays = weekly(0, 364);
  customers.push({ id: 'ACTIVE', days: activeDays, amounts: activeDays.map(() => 50) });
  return customers;
}

/** As the repository returns them (entries after as_of included only when `includeLater`). */
export function fixturePurchases(customers: FixtureCustomer[], asOf = AS_OF, includeLater = false): PurchaseDays {
  const customer: number[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  const limit = Math.floor(asOf / DAY) * DAY;
  customers.forEach((c, code) =>
    c.days.forEach((d, k) => {
      const t = START + d * DAY;
      if (t > limit && !includeLater) return;
      customer.push(code);
      time.push(t);
      amount.push(c.amounts[k]);
    }),
  );
  return {
    customer: Int32Array.from(customer),
    time: Float64Array.from(time),
    amount: Float64Array.from(amount),
    ids: customers.map((c) => c.id),
    asOfDay: limit,
    lastPurchaseDay: limit,
    onlyLater: 0,
    noPurchase: 0,
  };
}
