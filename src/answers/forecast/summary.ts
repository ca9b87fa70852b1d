import { currencySymbol } from '../../charts/theme.ts';
import type { ForecastResult } from '../../ml/forecast/index.ts';

/**
 * The forecast over the horizon (from `fromStep`: a calendar target leaves out the periods before it). Additive metrics (revenue, orders, ...) are summed; the
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

export function horizonTotal(result: Pick<ForecastResult, 'point' | 'lower80' | 'upper80'>, additive: boolean, fromStep = 0): HorizonTotal {
  const aggregate = (all: number[]) => {
    const xs = all.slice(fromStep);
    const sum = xs.reduce((a, b) => a + b, 0);
    return additive ? sum : sum / xs.length;
  };
  return { kind: additive ? 'sum' : 'mean', total: aggregate(result.point), lower80: aggregate(result.lower80), upper80: aggregate(result.upper80) };
}

/** Relative change in percent, undefined when the base is zero or absent. */
export function percentChange(value: number, base: number | undefined): number | undefined {
  if (base === undefined || base === 0 || !Number.isFinite(base)) return undefined;
  return ((value - base) / Math.abs(base)) * 100;
}

/** 967727 → '967,727'; with a currency for a money metric → '£967,727' (or 'CHF 967,727'). */
export function formatValue(value: number, unit: 'currency' | 'count', currency?: string): string {
  const digits = Math.abs(value) >= 100 || value === 0 ? 0 : unit === 'currency' ? 2 : 1;
  const text = value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === 'currency' && currency ? `${value < 0 ? '-' : ''}${currencySymbol(currency)}${text.replace('-', '')}` : text;
}

export function formatChange(change: number | undefined): string | undefined {
  if (change === undefined) return undefined;
  const rounded = Math.round(change * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(1)} %`;
}

type ModelFacts = Pick<ForecastResult, 'model' | 'backtestMase' | 'backtestMape' | 'naiveBacktestMase' | 'fallback'> & { members?: ForecastResult['members'] };

/** The model and how far off it was in backtests, in plain words. */
export function describeModel(result: ModelFacts): string {
  if (result.fallback) return `Fallback used: *${result.model}*, because ${result.fallback}; treat it as a rough guide.`;
  const accuracy =
    result.backtestMape !== undefined
      ? `in backtests on past data its forecasts were typically within ±${formatPercent(result.backtestMape)} of the actual values`
      : 'in backtests on past data some actual values were zero, so its error is given in scaled terms only';
  const versusNaive = compareWithNaive(result.backtestMase, result.naiveBacktestMase);
  const mase = result.backtestMase === undefined ? '' : ` (MASE ${result.backtestMase.toFixed(2)})`;
  return `Model: *${result.model}*${leadingMembers(result.members)}, chosen by backtest; ${accuracy}${versusNaive ? `, ${versusNaive}` : ''}${mase}.`;
}

/** ' (mostly Theta 41 %, Holt (damped trend) 30 % and Seasonal naive 12 %)' for a combination. */
function leadingMembers(members: ModelFacts['members']): string {
  if (!members || members.length < 2) return '';
  const top = members.slice(0, 3).map((m) => `${m.model} ${Math.round(m.weight * 100)} %`);
  const list = top.length > 1 ? `${top.slice(0, -1).join(', ')} and ${top[top.length - 1]}` : top[0];
  return ` (mostly ${list})`;
}

/** 'with errors 35 % smaller than repeating the last value'; undefined without both scores. */
function compareWithNaive(mase: number | undefined, naiveMase: number | undefined): string | undefined {
  if (mase === undefined || naiveMase === undefined || !(naiveMase > 0)) return undefined;
  const change = Math.round((1 - mase / naiveMase) * 100);
  if (Math.abs(change) < 5) return 'about as close as repeating the last value';
  return `with errors ${Math.abs(change)} % ${change > 0 ? 'smaller' : 'larger'} than repeating the last value`;
}

function formatPercent(percent: number): string {
  return percent < 10 ? `${Math.round(percent * 10) / 10} %` : `${Math.round(percent)} %`;
}
