import { geometricAdstock, hillSaturation } from '../ml/mmm/response.ts';
import { createRandom, normal, type Random } from '../ml/random.ts';
import { CHANNELS, DAY_MS, DEMO_CHANNELS, DEMO_START_MS, DEMO_WEEKS, REVENUE_BASELINE, type DemoChannel, type SpendPlan } from './params.ts';
import { yearlyFactor } from './season.ts';

export interface DemoMedia {
  /** Monday of each week, ISO date. */
  weeks: string[];
  spend: Record<DemoChannel, number[]>;
  /** Each channel's true weekly contribution to revenue: beta · hill(adstock(spend)). */
  effects: Record<DemoChannel, number[]>;
  baseline: number[];
  /** The KPI: baseline + Σ effects + noise, rounded to cents. */
  revenue: number[];
}

/** Weekly spend per channel and the revenue it produces under the ground truth in params.ts. */
export function generateDemoMedia(seed: number): DemoMedia {
  const random = createRandom(seed ^ 0x5eed);
  const weeks = Array.from({ length: DEMO_WEEKS }, (_, w) => new Date(DEMO_START_MS + w * 7 * DAY_MS).toISOString().slice(0, 10));
  const spend = {} as DemoMedia['spend'];
  const effects = {} as DemoMedia['effects'];
  for (const channel of DEMO_CHANNELS) {
    const { response, plan } = CHANNELS[channel];
    spend[channel] = planSpend(random, plan);
    effects[channel] = Array.from(geometricAdstock(spend[channel], response.decay), (a) => response.beta * hillSaturation(a, response.halfSat, response.shape));
  }
  const baseline = weeks.map((_, w) => baselineRevenue(w));
  const revenue = baseline.map((base, w) => {
    const media = DEMO_CHANNELS.reduce((sum, c) => sum + effects[c][w], 0);
    return Math.round((base + media + normal(random, 0, REVENUE_BASELINE.noiseSd)) * 100) / 100;
  });
  return { weeks, spend, effects, baseline, revenue };
}

/**
 * Baseline of week w: level × (1 + growth · years elapsed) + level × (yearly season − 1), mid-week.
 * The season is added rather than multiplied so that the baseline is exactly the form the
 * marketing-mix model fits (intercept + trend + yearly harmonics): the demo then tests the media
 * part of the fit rather than a baseline the model cannot express.
 */
export function baselineRevenue(week: number): number {
  const midWeek = DEMO_START_MS + (week * 7 + 3) * DAY_MS;
  const { weeklyLevel, growthPerYear } = REVENUE_BASELINE;
  return weeklyLevel * (1 + (growthPerYear * week) / 52) + weeklyLevel * (yearlyFactor(midWeek) - 1);
}

/**
 * On/off flighting as a two-state Markov chain (always-on when stayOn = 1), and in on-weeks
 * meanSpend × (1 + uniform(−noise, noise)): enough variation to identify the curves.
 */
function planSpend(random: Random, plan: SpendPlan): number[] {
  let on = true;
  return Array.from({ length: DEMO_WEEKS }, () => {
    const spend = on ? plan.meanSpend * (1 + plan.noise * (2 * random() - 1)) : 0;
    on = random() < (on ? plan.stayOn : 1 - plan.stayOff);
    return Math.round(spend * 100) / 100;
  });
}
