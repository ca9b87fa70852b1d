import type { ClvOutcome } from './model.ts';
import { isProbablyLost } from './model.ts';

/**
 * The headline figures and the "valuable customers at risk" list of a clv run. Pure.
 *
 * At risk, when the model sees churn: customers who are probably lost (P(alive) < 0.5), ranked by
 * the spend the business stands to lose, spend to date × (1 − P(alive)). When the fit found no
 * dropout at all (fallback 'no-dropout': P(alive) ≈ 1 for everyone), the model cannot rank anyone,
 * and a rule of thumb says it instead: repeat customers who have been quiet for more than twice
 * their usual gap between purchases (and at least OVERDUE_MIN_DAYS), ranked by spend to date.
 */

export const OVERDUE_FACTOR = 2;
export const OVERDUE_MIN_DAYS = 30;

export interface ClvTotals {
  customers: number;
  expectedPurchases: number;
  expectedRevenue: number;
  /** P(alive) < 0.5. */
  probablyLost: number;
  probablyLostSpendLastYear: number;
  /** Customers with a single purchase day (x = 0): P(alive) is 1 by construction. */
  oneTimeBuyers: number;
  /** Mean expected purchases of a one-time buyer over the horizon. */
  oneTimeExpectedPurchases: number;
  /** Mean P(alive) over all customers. */
  meanPAlive: number;
}

export function clvTotals(outcome: ClvOutcome): ClvTotals {
  const { values, frequency, spendLastYear } = outcome;
  const n = outcome.ids.length;
  let lost = 0;
  let lostSpend = 0;
  let once = 0;
  let oncePurchases = 0;
  let alive = 0;
  for (let i = 0; i < n; i++) {
    const p = values.probabilityAlive[i];
    alive += p;
    if (isProbablyLost(p)) {
      lost++;
      lostSpend += spendLastYear[i];
    }
    if (frequency[i] === 0) {
      once++;
      oncePurchases += values.expectedPurchases[i];
    }
  }
  return {
    customers: n,
    expectedPurchases: values.totalExpectedPurchases,
    expectedRevenue: values.totalExpectedRevenue,
    probablyLost: lost,
    probablyLostSpendLastYear: lostSpend,
    oneTimeBuyers: once,
    oneTimeExpectedPurchases: once > 0 ? oncePurchases / once : 0,
    meanPAlive: n > 0 ? alive / n : 0,
  };
}

export interface AtRiskSelection {
  /** 'model': probably lost, by spend at stake; 'overdue': the rule of thumb (no dropout in the fit). */
  rule: 'model' | 'overdue';
  /** Indices into the outcome's customers, most valuable first. */
  indices: number[];
  /** How many customers met the rule (the list shows the first `top`). */
  candidates: number;
}

/** Days from the first to the last purchase divided by the repeat purchases: the customer's usual gap. */
export function usualGapDays(outcome: ClvOutcome, i: number): number | undefined {
  const x = outcome.frequency[i];
  return x > 0 ? outcome.recency[i] / x : undefined;
}

export function quietDays(outcome: ClvOutcome, i: number): number {
  return outcome.age[i] - outcome.recency[i];
}

export function isOverdue(outcome: ClvOutcome, i: number): boolean {
  const gap = usualGapDays(outcome, i);
  if (gap === undefined) return false;
  const quiet = quietDays(outcome, i);
  return quiet >= OVERDUE_MIN_DAYS && quiet > OVERDUE_FACTOR * gap;
}

export function selectAtRisk(outcome: ClvOutcome, top: number): AtRiskSelection {
  const n = outcome.ids.length;
  const p = outcome.values.probabilityAlive;
  const rule: AtRiskSelection['rule'] = outcome.bgNbd.fallback?.code === 'no-dropout' ? 'overdue' : 'model';
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (rule === 'model' ? isProbablyLost(p[i]) : isOverdue(outcome, i)) candidates.push(i);
  const score = (i: number) => (rule === 'model' ? outcome.spend[i] * (1 - p[i]) : outcome.spend[i]);
  candidates.sort((i, j) => score(j) - score(i) || outcome.spend[j] - outcome.spend[i] || (outcome.ids[i] < outcome.ids[j] ? -1 : 1));
  return { rule, indices: candidates.slice(0, top), candidates: candidates.length };
}
