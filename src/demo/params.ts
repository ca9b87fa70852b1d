import type { ChannelResponse } from '../ml/mmm/response.ts';

/**
 * Every parameter of the demo data set, in one place. The media section is the ground truth the
 * marketing-mix fit and the budget-allocation tests compare against: changing a value changes the
 * data, so bump DEMO_DATA_VERSION (it is part of the seed's identity in `imports`).
 */
export const DEMO_DATA_VERSION = 2;

/** Two years of 104 whole weeks, Monday 2024-01-01 to Sunday 2025-12-28. */
export const DEMO_START = '2024-01-01';
export const DEMO_END = '2025-12-28';
export const DEMO_WEEKS = 104;
export { DAY_MS } from '../time/calendar.ts';
export const DEMO_START_MS = Date.parse(`${DEMO_START}T00:00:00Z`);
export const DEMO_END_MS = Date.parse(`${DEMO_END}T23:59:59Z`);

export const CUSTOMER_COUNT = 5000;

export const COUNTRIES = [
  { country: 'United Kingdom', share: 0.7 },
  { country: 'Germany', share: 0.1 },
  { country: 'France', share: 0.08 },
  { country: 'Netherlands', share: 0.06 },
  { country: 'Spain', share: 0.06 },
] as const;

export type CustomerKind = 'loyal' | 'bigSpender' | 'regular' | 'oneOff' | 'lapsing' | 'recent';

/**
 * Customer archetypes. `ordersPerYear` is the mean rate before seasonality; `basketScale` multiplies
 * quantities; lapsing customers stop after `activeDays`; recent ones join in the last `joinWithinDays`.
 */
export const CUSTOMER_KINDS: Record<CustomerKind, { share: number; ordersPerYear: number; basketScale: number; activeDays?: [number, number]; joinWithinDays?: number }> = {
  loyal: { share: 0.15, ordersPerYear: 18, basketScale: 1 },
  bigSpender: { share: 0.05, ordersPerYear: 8, basketScale: 5 },
  regular: { share: 0.3, ordersPerYear: 5, basketScale: 1 },
  oneOff: { share: 0.3, ordersPerYear: 0, basketScale: 1 },
  lapsing: { share: 0.12, ordersPerYear: 7, basketScale: 1, activeDays: [90, 270] },
  recent: { share: 0.08, ordersPerYear: 8, basketScale: 1, joinWithinDays: 90 },
};

/** Share of loyal, big-spender and regular customers who were already buying before the data starts. */
export const EXISTING_CUSTOMER_SHARE = 0.5;

/** New customers arrive at a rate growing by this share per year (the business grows). */
export const CUSTOMER_GROWTH_PER_YEAR = 0.3;

/** Basket: 1 + uniform(0..maxExtraLines) lines; quantity 1..maxQuantity; unit price log-normal. */
export const BASKET = { maxExtraLines: 4, maxQuantity: 12, medianUnitPrice: 6, unitPriceLogSd: 0.7 };

/** Share of invoices followed, 1–14 days later, by a return ('C' invoice) of one of their lines. */
export const RETURN_RATE = 0.03;

/**
 * Seasonality shared by orders and the revenue KPI: yearly cosine peaking late November
 * (factor 1 ± yearlyAmplitude) and weekday weights, Monday first.
 */
export const SEASONALITY = { yearlyAmplitude: 0.3, peakDayOfYear: 330, weekdayWeights: [1.1, 1.05, 1, 1, 0.95, 0.8, 1.1] };

/**
 * Weekly revenue KPI without media: level × (1 + growth · years) + level × (yearly season − 1), plus
 * noise (about 1.5 % of a week's revenue: small enough for two years of data to pin the curves down).
 */
export const REVENUE_BASELINE = { weeklyLevel: 120_000, growthPerYear: 0.12, noiseSd: 2_000 };

/** How a channel's weekly spend is planned: flighted channels switch on and off in bursts. */
export interface SpendPlan {
  /** Mean weekly spend in a week the channel is on. */
  meanSpend: number;
  /** Spend in an on-week is meanSpend × (1 ± uniform noise). */
  noise: number;
  /** Probability of staying on / off from one week to the next (1 and 0 for always-on). */
  stayOn: number;
  stayOff: number;
}

export type DemoChannel = 'tv' | 'search' | 'social' | 'display' | 'email';

/**
 * Ground truth per channel: the response curve (src/ml/mmm/response.ts) and the spend plan.
 * tv and display are S-shaped (shape > 1), search and email concave (shape ≤ 1); halfSat sits near
 * the typical adstock so that two years of varied spend show both the rise and the flattening.
 * On-week spend ranges from 0.2× to 1.8× its mean and every channel has some off weeks (search and
 * email only rarely): a channel whose spend barely moves cannot show the shape of its curve, and the
 * budget-allocation quality test (recommended split ≥ 98 % of the true optimum) depends on that shape.
 */
export const CHANNELS: Record<DemoChannel, { response: ChannelResponse; plan: SpendPlan }> = {
  tv: { response: { decay: 0.6, halfSat: 45_000, shape: 2.5, beta: 40_000 }, plan: { meanSpend: 20_000, noise: 0.8, stayOn: 0.8, stayOff: 0.7 } },
  search: { response: { decay: 0.1, halfSat: 9_000, shape: 1.0, beta: 30_000 }, plan: { meanSpend: 8_000, noise: 0.8, stayOn: 0.9, stayOff: 0.3 } },
  social: { response: { decay: 0.3, halfSat: 8_000, shape: 1.5, beta: 15_000 }, plan: { meanSpend: 6_000, noise: 0.8, stayOn: 0.9, stayOff: 0.5 } },
  display: { response: { decay: 0.2, halfSat: 5_000, shape: 2.0, beta: 8_000 }, plan: { meanSpend: 4_000, noise: 0.8, stayOn: 0.75, stayOff: 0.6 } },
  email: { response: { decay: 0.05, halfSat: 1_200, shape: 0.8, beta: 6_000 }, plan: { meanSpend: 1_500, noise: 0.8, stayOn: 0.9, stayOff: 0.3 } },
};

export const DEMO_CHANNELS = Object.keys(CHANNELS) as DemoChannel[];

/** The KPI metric the demo revenue is stored under. */
export const DEMO_OUTCOME_METRIC = 'revenue';
