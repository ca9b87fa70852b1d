/**
 * Customer lifetime value over a horizon: BG/NBD (expected purchases, P(alive)) × Gamma-Gamma
 * (expected order value), in the manner of lifetimes' `customer_lifetime_value`.
 *
 * Expected revenue of customer i over a horizon H (in the model's time unit), with a monthly
 * discount rate d (0 by default) and months of M = 365.25/12 days:
 *   revenue_i = E[M_i] · k · Σ_{j=1..J} (E[Y_i(τ_j)] − E[Y_i(τ_{j−1})]) / (1 + d)^(τ_j / M),
 * where τ_j = min(j·M, H), τ_0 = 0, J = ⌈H / M⌉: each month's expected purchases are discounted
 * from the end of that month (a last partial month from the horizon's end), E[M_i] is the
 * Gamma-Gamma conditional expected order value, and k is an optional purchase multiplier (the
 * seasonal adjustment's factor, applied alike to every month). With d = 0 this is
 * E[M_i] · k · E[Y_i(H)].
 */
import { expectedPurchasesAll, probabilityAliveAll, type BgNbdParams } from './bg-nbd.ts';
import { expectedOrderValue, type GammaGammaFit, type MonetaryData } from './gamma-gamma.ts';
import { unitDays, type RfmData, type TimeUnit } from './summary.ts';

export interface CustomerValueOptions {
  /** Horizon in the model's time unit (days or weeks, as the summary). */
  horizon: number;
  unit: TimeUnit;
  /** Discount rate per month, e.g. 0.01 for 1 % a month. Default 0. */
  monthlyDiscountRate?: number;
  /** Multiplies every expected purchase count (e.g. SeasonalAdjustment.factor). Default 1. */
  purchaseMultiplier?: number;
}

export interface CustomerValues {
  probabilityAlive: Float64Array;
  /** Expected purchases in the horizon (times the multiplier). */
  expectedPurchases: Float64Array;
  expectedOrderValue: Float64Array;
  /** Expected revenue in the horizon, discounted. */
  expectedRevenue: Float64Array;
  totalExpectedPurchases: number;
  totalExpectedRevenue: number;
}

export const DAYS_PER_MONTH = 365.25 / 12;

/** Per-customer P(alive), expected purchases, order value and (discounted) revenue over the horizon. */
export function customerValues(
  bgNbd: BgNbdParams,
  gammaGamma: Pick<GammaGammaFit, 'params' | 'observedMeanValue' | 'fallback'>,
  data: RfmData & MonetaryData,
  options: CustomerValueOptions,
): CustomerValues {
  const { horizon } = options;
  if (!(horizon >= 0) || !Number.isFinite(horizon)) throw new RangeError(`The horizon must be a number of periods ≥ 0 (got ${horizon}).`);
  const rate = options.monthlyDiscountRate ?? 0;
  if (!(rate > -1)) throw new RangeError(`The monthly discount rate must be above −100 % (got ${rate}).`);
  const multiplier = options.purchaseMultiplier ?? 1;
  const month = DAYS_PER_MONTH / unitDays(options.unit);
  const steps: number[] = [];
  for (let j = 1; (j - 1) * month < horizon; j++) steps.push(Math.min(j * month, horizon));
  const n = data.frequency.length;
  const cumulative = expectedPurchasesAll(bgNbd, data, steps.length > 0 ? steps : [0]);
  const purchases = Float64Array.from(cumulative[cumulative.length - 1], (v) => (steps.length > 0 ? v * multiplier : 0));
  const orderValue = expectedOrderValue(gammaGamma, data);
  const revenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let discounted = 0;
    let previous = 0;
    for (let j = 0; j < steps.length; j++) {
      const now = cumulative[j][i];
      discounted += (now - previous) / (1 + rate) ** (steps[j] / month);
      previous = now;
    }
    revenue[i] = orderValue[i] * multiplier * discounted;
  }
  let totalPurchases = 0;
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    totalPurchases += purchases[i];
    totalRevenue += revenue[i];
  }
  return {
    probabilityAlive: probabilityAliveAll(bgNbd, data),
    expectedPurchases: purchases,
    expectedOrderValue: orderValue,
    expectedRevenue: revenue,
    totalExpectedPurchases: totalPurchases,
    totalExpectedRevenue: totalRevenue,
  };
}
