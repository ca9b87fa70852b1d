import type { ForecastResult } from '../ml/forecast/index.ts';

/**
 * The forecast over the whole horizon. Additive metrics (revenue, orders, ...) are summed; the
 * others (active customers, average order value) are averaged per period, since summing them
 * counts the same customer or order many times.
 *
 * The range is the sum (or mean) of the per-period bounds. That is exact when forecast errors move
 * together across periods (as level errors do) and wider than needed when they are independent:
 * a cautious range.
 */
export interface HorizonTotal {
  kind: 'sum' | 'mean';
  total: number;
  lower80: number;
  upper80: number;
}

export function horizonTotal(result: Pick<ForecastResult, 'point' | 'lower80' | 'upper80'>, additive: boolean): HorizonTotal {
  const aggregate = (xs: number[]) => {
    const sum = xs.reduce((a, b) => a + b, 0);
    return additive ? sum : sum / xs.length;
  };
  return { kind: additive ? 'sum' : 'mean', total: aggregate(result.point), lower80: aggregate(result.lower80), upper80: aggregate(result.upper80) };
}

export interface Comparison {
  /** Same aggregate over the `steps` periods just before the forecast. */
  previous?: number;
  /** Same aggregate over the same periods one year earlier. */
  lastYear?: number;
}

/**
 * Actual totals to compare the forecast with; a comparison is left out when the history does not
 * fully cover it. `yearLag` is the number of buckets in a year (52 weeks, 12 months, 364 days).
 * Missing history values (null) make the comparison unavailable.
 */
export function compareWithHistory(history: ReadonlyArray<number | null>, steps: number, yearLag: number, additive: boolean): Comparison {
  const n = history.length;
  const window = (start: number): number | undefined => {
    if (start < 0 || start + steps > n) return undefined;
    const slice = history.slice(start, start + steps);
    if (slice.some((v) => v === null || !Number.isFinite(v))) return undefined;
    const sum = (slice as number[]).reduce((a, b) => a + b, 0);
    return additive ? sum : sum / steps;
  };
  return { previous: window(n - steps), lastYear: steps <= yearLag ? window(n - yearLag) : undefined };
}

/** Relative change in percent, undefined when the base is zero or absent. */
export function percentChange(value: number, base: number | undefined): number | undefined {
  if (base === undefined || base === 0 || !Number.isFinite(base)) return undefined;
  return ((value - base) / Math.abs(base)) * 100;
}

export function formatValue(value: number, unit: 'currency' | 'count'): string {
  const digits = Math.abs(value) >= 100 ? 0 : unit === 'currency' ? 2 : 1;
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatChange(change: number | undefined): string | undefined {
  if (change === undefined) return undefined;
  const rounded = Math.round(change * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(1)} %`;
}

/** The model and how far off it was in backtests, in plain words. */
export function describeModel(result: Pick<ForecastResult, 'model' | 'backtestMase' | 'backtestMape' | 'fallback'>): string {
  if (result.fallback) return `Fallback used: *${result.model}*, because ${result.fallback}; treat it as a rough guide.`;
  const accuracy =
    result.backtestMape !== undefined
      ? `in backtests on past data its forecasts were typically within ±${formatPercent(result.backtestMape)} of the actual values`
      : 'in backtests on past data some actual values were zero, so its error is given in scaled terms only';
  const mase = result.backtestMase === undefined ? '' : ` (MASE ${result.backtestMase.toFixed(2)}; below 1 beats repeating past values)`;
  return `Model: *${result.model}*, chosen by backtest; ${accuracy}${mase}.`;
}

function formatPercent(percent: number): string {
  return percent < 10 ? `${Math.round(percent * 10) / 10} %` : `${Math.round(percent)} %`;
}
