import { beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import { computeClv, type ClvOutcome } from '../../../src/answers/clv/model.ts';
import { clvReply } from '../../../src/answers/clv/reply.ts';
import { clvTotals, isOverdue, selectAtRisk } from '../../../src/answers/clv/risk.ts';
import { AS_OF, DAY, fixtureCustomers, fixturePurchases, START, type FixtureCustomer } from './fixture.ts';

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('computeClv on a crafted population with one clearly lost and one clearly active customer', () => {
  let customers: FixtureCustomer[];
  let outcome: ClvOutcome;
  const index = (id: string) => outcome.ids.indexOf(id);
  beforeAll(async () => {
    customers = fixtureCustomers();
    outcome = await computeClv({ purchases: fixturePurchases(customers), asOf: AS_OF, horizonDays: 90 });
  });

  it('fits a model with dropout and gives the known customers the right P(alive) order', () => {
    expect(outcome.bgNbd.fallback).toBeUndefined();
    const lost = outcome.values.probabilityAlive[index('LOST')];
    const active = outcome.values.probabilityAlive[index('ACTIVE')];
    expect(lost).toBeLessThan(0.05);
    expect(active).toBeGreaterThan(0.9); // below 1 even on the day of a purchase: BG/NBD lets customers drop out right after one
    expect(outcome.values.expectedPurchases[index('ACTIVE')]).toBeGreaterThan(5);
    expect(outcome.values.expectedPurchases[index('LOST')]).toBeLessThan(0.5);
  });

  it('has the customers, orders, spend and last purchase of the log', () => {
    const i = index('LOST');
    expect(outcome.frequency[i] + 1).toBe(15);
    expect(outcome.spend[i]).toBe(15 * 200);
    expect(outcome.spendLastYear[i]).toBe(15 * 200);
    expect(outcome.lastPurchase[i]).toBe(START + 98 * DAY);
    const active = index('ACTIVE');
    expect(outcome.lastPurchase[active]).toBe(AS_OF);
    const modelled = customers.filter((c) => START + c.days[0] * DAY <= AS_OF).length;
    expect(outcome.ids).toHaveLength(modelled);
  });

  it('totals are the sums over customers, and nothing is NaN', () => {
    const { values } = outcome;
    expect(values.totalExpectedPurchases).toBeCloseTo(sum(values.expectedPurchases), 6);
    expect(values.totalExpectedRevenue).toBeCloseTo(sum(values.expectedRevenue), 6);
    for (const column of [values.probabilityAlive, values.expectedPurchases, values.expectedOrderValue, values.expectedRevenue, outcome.spend]) {
      expect(Array.from(column).every(Number.isFinite)).toBe(true);
    }
    const totals = clvTotals(outcome);
    expect(totals.probablyLost).toBe(Array.from(values.probabilityAlive).filter((p) => p < 0.5).length);
    expect(totals.probablyLost).toBeGreaterThan(0);
    expect(totals.oneTimeBuyers).toBe(Array.from(outcome.frequency).filter((x) => x === 0).length);
  });

  it('a monthly discount lowers revenue, never purchases', async () => {
    const discounted = await computeClv({ purchases: fixturePurchases(customers), asOf: AS_OF, horizonDays: 90, monthlyDiscountRate: 0.05 });
    expect(discounted.values.totalExpectedRevenue).toBeLessThan(outcome.values.totalExpectedRevenue);
    expect(discounted.values.totalExpectedRevenue).toBeGreaterThan(outcome.values.totalExpectedRevenue / 1.05 ** 3 - 1e-6);
    expect(discounted.values.totalExpectedPurchases).toBeCloseTo(outcome.values.totalExpectedPurchases, 9);
  });

  it('puts the valuable lost customer at the top of the at-risk list, and the active one nowhere', () => {
    const atRisk = selectAtRisk(outcome, 5);
    expect(atRisk.rule).toBe('model');
    expect(outcome.ids[atRisk.indices[0]]).toBe('LOST');
    expect(atRisk.indices.map((i) => outcome.ids[i])).not.toContain('ACTIVE');
    expect(atRisk.indices.every((i) => outcome.values.probabilityAlive[i] < 0.5)).toBe(true);
  });

  it('words the reply for a marketer: expected figures, lost customers, the list and the seasonal decision', () => {
    const totals = clvTotals(outcome);
    const reply = clvReply({
      outcome,
      totals,
      atRisk: selectAtRisk(outcome, 3),
      countries: new Map([['LOST', 'France']]),
      asOfDefaulted: false,
      leftOut: { onlyLater: 2, noPurchase: 1 },
      currency: 'GBP',
      runId: 7,
    });
    expect(reply.text).toContain('as of 30 Dec 2024');
    expect(reply.text).toMatch(/Expected from today's [\d,]+ customers in the next 90 days: \*[\d,]+ purchases\* and \*£[\d,]+\* of revenue\./);
    expect(reply.text).toMatch(/Probably lost \(chance of still being active below 50 %\): \*[\d,]+ customers\* \([\d.]+ %\), who spent £[\d,]+ in the 12 months/);
    expect(reply.text).toMatch(/Seasonal adjustment: (not )?applied/);
    expect(reply.text).toContain('Left out: 2 customers whose first purchase came after 30 Dec 2024; 1 customer with only returns');
    expect(reply.text).toContain('clv export');
    expect(reply.text).not.toMatch(/NaN|undefined|Infinity/);
    const table = reply.tables![0];
    expect(table.columns).toEqual(['Customer', 'Country', 'Last purchase', 'Orders', 'Spend (GBP)', 'P(alive)', 'Expected revenue (GBP)']);
    expect(table.rows[0].slice(0, 5)).toEqual(['LOST', 'France', '2024-04-08', 15, 3000]);
    expect(table.rows).toHaveLength(3);
  });
});

describe('computeClv on odd data', () => {
  it('everyone bought once: a clear message, never NaN', async () => {
    const once: FixtureCustomer[] = Array.from({ length: 50 }, (_, c) => ({ id: `O${c}`, days: [c * 3], amounts: [20] }));
    await expect(computeClv({ purchases: fixturePurchases(once), asOf: AS_OF, horizonDays: 90 })).rejects.toThrow(BadInputError);
    await expect(computeClv({ purchases: fixturePurchases(once), asOf: AS_OF, horizonDays: 90, country: 'Spain' })).rejects.toThrow(
      /None of the 50 customers in Spain bought more than once by 30 Dec 2024 \(on different days\)\. The model learns how often customers come back/,
    );
  });

  it('several purchases on the same day are one visit, not a repeat', async () => {
    const sameDay: FixtureCustomer[] = Array.from({ length: 30 }, (_, c) => ({ id: `S${c}`, days: [c, c, c], amounts: [1, 2, 3] }));
    await expect(computeClv({ purchases: fixturePurchases(sameDay), asOf: AS_OF, horizonDays: 90 })).rejects.toThrow(/None of the 30 customers/);
  });

  it('too few repeat customers: says how many there are and how many are needed', async () => {
    const few: FixtureCustomer[] = [
      ...Array.from({ length: 12 }, (_, c) => ({ id: `R${c}`, days: [c, c + 30], amounts: [10, 10] })),
      ...Array.from({ length: 40 }, (_, c) => ({ id: `O${c}`, days: [c], amounts: [10] })),
    ];
    await expect(computeClv({ purchases: fixturePurchases(few), asOf: START + 100 * DAY, horizonDays: 90 })).rejects.toThrow(
      'Only 12 of the 52 customers bought more than once by 10 Apr 2024 (on different days); the model needs at least 20 repeat customers to say who is still active.',
    );
  });

  it('nobody bought by as_of: says so', async () => {
    const later: FixtureCustomer[] = [{ id: 'L', days: [300, 320], amounts: [5, 5] }];
    await expect(computeClv({ purchases: fixturePurchases(later, START + 10 * DAY), asOf: START + 10 * DAY, horizonDays: 30 })).rejects.toThrow(
      'No customer bought anything on or before 11 Jan 2024, so there is nobody to model.',
    );
  });

  it('the no-dropout fallback switches the list to the rule of thumb, and the reply names both', async () => {
    // Whether a fit lands on the boundary depends on the data (Online Retail does: test/jobs/clv-online-retail.test.ts);
    // here the fallback is set on a real outcome to check what the answer does with it.
    const fitted = await computeClv({ purchases: fixturePurchases(fixtureCustomers()), asOf: AS_OF, horizonDays: 90 });
    const outcome: ClvOutcome = { ...fitted, bgNbd: { ...fitted.bgNbd, fallback: { code: 'no-dropout', message: 'no sign of dropping out' } } };
    const atRisk = selectAtRisk(outcome, 5);
    expect(atRisk.rule).toBe('overdue');
    expect(atRisk.indices.length).toBe(5);
    expect(atRisk.indices.every((i) => isOverdue(outcome, i))).toBe(true);
    expect(outcome.ids[atRisk.indices[0]]).toBe('LOST'); // quiet for 266 days after a weekly habit, and the biggest spender
    const spends = atRisk.indices.map((i) => outcome.spend[i]);
    expect(spends).toEqual([...spends].sort((x, y) => y - x));
    const reply = clvReply({ outcome, totals: clvTotals(outcome), atRisk, countries: new Map(), asOfDefaulted: true, leftOut: { onlyLater: 0, noPurchase: 0 }, runId: 1 });
    expect(reply.text).toContain('almost nobody looks lost to the model');
    expect(reply.text).toContain('not measurable on these data');
    expect(reply.text).toContain('(the last purchase in the data)');
    expect(reply.text).not.toContain('Left out');
    expect(reply.tables![0].title).toMatch(/^Valuable customers overdue for a purchase/);
    expect(reply.tables![0].columns).toContain('Usual gap (days)');
  });
});
