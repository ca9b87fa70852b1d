import type { ChannelResponse } from '../ml/mmm/response.ts';

/**
 * Every parameter of the demo data set, in one place. The media section is the ground truth the
 * marketing-mix fit and the budget-allocation tests compare against: changing a value changes the
 * data, so bump DEMO_DATA_VERSION (it is part of the seed's identity in `imports`).
 */
export const DEMO_DATA_VERSION = 4;

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

/**
 * The demo shop's catalogue: code, name, list price and what makes some customers prefer it
 * (`premium` draws big spenders, `new` recent customers, `seasonal` peaks before Christmas).
 * Popularity follows the order of the list (Zipf, weight 1 / rank^PRODUCT_POPULARITY_EXPONENT);
 * a line's price is the list price with a small discount or surcharge (log-normal, sd PRODUCT_PRICE_SD).
 */
export const PRODUCTS: readonly { code: string; name: string; price: number; tags?: readonly ('premium' | 'new' | 'seasonal')[] }[] = [
  { code: 'P1001', name: 'White hanging heart T-light holder', price: 2.95 },
  { code: 'P1003', name: 'Jumbo bag red retrospot', price: 2.1 },
  { code: 'P1004', name: 'Party bunting', price: 4.95 },
  { code: 'P1005', name: 'Lunch bag red retrospot', price: 1.65 },
  { code: 'P1006', name: 'Assorted colour bird ornament', price: 1.69 },
  { code: 'P1007', name: 'Set of 3 cake tins pantry design', price: 4.95 },
  { code: 'P1008', name: 'Pack of 72 retrospot cake cases', price: 0.55 },
  { code: 'P1009', name: 'Paper chain kit 50s Christmas', price: 2.95, tags: ['seasonal'] },
  { code: 'P1010', name: 'Natural slate heart chalkboard', price: 2.95 },
  { code: 'P1011', name: 'Heart of wicker small', price: 1.65 },
  { code: 'P1012', name: 'Jam making set with jars', price: 4.25 },
  { code: 'P1013', name: 'Rabbit night light', price: 2.08, tags: ['new'] },
  { code: 'P1014', name: 'Spotty bunting', price: 4.95 },
  { code: 'P1015', name: 'Victorian glass hanging T-light', price: 1.25 },
  { code: 'P1016', name: 'Hot water bottle keep calm', price: 4.95, tags: ['seasonal'] },
  { code: 'P1017', name: 'Chilli lights', price: 4.95, tags: ['seasonal'] },
  { code: 'P1018', name: 'Vintage doily jumbo bag red', price: 2.08 },
  { code: 'P1019', name: 'Gin and tonic diet metal sign', price: 2.55 },
  { code: 'P1020', name: 'Antique silver T-light glass', price: 1.25 },
  { code: 'P1021', name: 'Red toadstool LED night light', price: 1.65, tags: ['new'] },
  { code: 'P1022', name: 'Set of 4 pantry jelly moulds', price: 1.25 },
  { code: 'P1023', name: 'Wooden picture frame white finish', price: 2.95 },
  { code: 'P1024', name: 'Edwardian parasol natural', price: 5.95, tags: ['premium'] },
  { code: 'P1002', name: 'Regency cakestand 3 tier', price: 12.75, tags: ['premium'] },
  { code: 'P1025', name: 'Scandinavian reds ribbons', price: 1.25, tags: ['seasonal'] },
  { code: 'P1026', name: 'Rotating silver angels T-light holder', price: 2.55, tags: ['seasonal'] },
  { code: 'P1027', name: 'Vintage union jack memoboard', price: 9.95, tags: ['premium'] },
  { code: 'P1028', name: 'Enamel flower jug cream', price: 5.95, tags: ['premium'] },
  { code: 'P1029', name: 'Doormat keep calm and come in', price: 7.95, tags: ['premium'] },
  { code: 'P1030', name: 'Picnic basket wicker large', price: 9.95, tags: ['premium'] },
  { code: 'P1031', name: 'Ceramic cake stand with hanging cakes', price: 9.95, tags: ['premium', 'new'] },
  { code: 'P1032', name: 'Gingham heart decoration', price: 0.85, tags: ['new'] },
  { code: 'P1033', name: 'Knitted union flag hot water bottle', price: 3.75, tags: ['new', 'seasonal'] },
  { code: 'P1034', name: 'Retro coffee mugs assorted', price: 1.25, tags: ['new'] },
  { code: 'P1035', name: 'Chocolate hot water bottle', price: 4.95, tags: ['seasonal'] },
  { code: 'P1036', name: 'Vintage Christmas tablecloth', price: 10.95, tags: ['premium', 'seasonal'] },
];
export const PRODUCT_POPULARITY_EXPONENT = 1;
export const PRODUCT_PRICE_SD = 0.12;
/** How much a preferred product's weight is multiplied for the customers who prefer it. */
export const PRODUCT_PREFERENCE = 8;

/**
 * A known anomaly for alert tests and demos: in the demo's last `days` days, each invoice is kept
 * with probability `keepShare` (a sudden drop in orders and revenue of about 1 − keepShare).
 * Before that, the orders follow their usual season (the normal stretch an alert must stay quiet on).
 */
export const DEMO_ANOMALY = { days: 14, keepShare: 0.55 } as const;
