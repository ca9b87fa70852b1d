import { DAY_MS, SEASONALITY } from './params.ts';

/** Yearly factor 1 + A·cos(2π (dayOfYear − peak) / 365.25), A = SEASONALITY.yearlyAmplitude. */
export function yearlyFactor(timeMs: number): number {
  const date = new Date(timeMs);
  const dayOfYear = (timeMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  return 1 + SEASONALITY.yearlyAmplitude * Math.cos((2 * Math.PI * (dayOfYear - SEASONALITY.peakDayOfYear)) / 365.25);
}

/** Weekday weight of the day containing `timeMs` (Monday first). */
export function weekdayFactor(timeMs: number): number {
  const mondayFirst = (new Date(timeMs).getUTCDay() + 6) % 7;
  return SEASONALITY.weekdayWeights[mondayFirst];
}

/** The highest value weekdayFactor · yearlyFactor reaches: the envelope for thinning. */
export const MAX_SEASON_FACTOR = (1 + SEASONALITY.yearlyAmplitude) * Math.max(...SEASONALITY.weekdayWeights);
