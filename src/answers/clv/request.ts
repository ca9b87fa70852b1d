import { z } from 'zod';
import { DAY_MS } from '../../time/calendar.ts';

/**
 * What a `clv` request asks for, shared by the command (which parses and checks it against the data
 * summary) and the job (which validates the payload again, as every job does).
 */
export const DEFAULT_HORIZON_DAYS = 90;
export const MAX_HORIZON_DAYS = 1096;
export const DEFAULT_TOP = 10;
export const MAX_TOP = 50;
/** Above 20 % a month the discounting says more than the model does. */
export const MAX_MONTHLY_DISCOUNT = 0.2;
/** P(alive) below this: "probably lost". */
export const LOST_BELOW = 0.5;

export const clvPayloadSchema = z.object({
  horizonDays: z.number().int().min(1).max(MAX_HORIZON_DAYS).default(DEFAULT_HORIZON_DAYS),
  top: z.number().int().min(1).max(MAX_TOP).default(DEFAULT_TOP),
  country: z.string().min(1).optional(),
  /** Start of the cut-off day, ms UTC; absent: the last purchase day. */
  asOf: z.number().optional(),
  monthlyDiscountRate: z.number().min(0).max(MAX_MONTHLY_DISCOUNT).optional(),
});

export type ClvPayload = z.output<typeof clvPayloadSchema>;
export type ClvRequest = z.input<typeof clvPayloadSchema>;

const UNITS: Array<{ pattern: RegExp; days: number }> = [
  { pattern: /^(d|days?)$/, days: 1 },
  { pattern: /^(w|wks?|weeks?)$/, days: 7 },
  { pattern: /^(m|mo|mths?|months?)$/, days: 365.25 / 12 },
  { pattern: /^(q|qtrs?|quarters?)$/, days: 365.25 / 4 },
  { pattern: /^(y|yrs?|years?)$/, days: 365.25 },
];

export const HORIZON_EXAMPLES = ['90d', '12w', '6m', '1y'];

/** '90d', '90', '12w', '3 months', '1y' → whole days (months of 365.25/12 days, rounded); undefined if not understood. */
export function parseHorizonDays(input: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(input.trim().toLowerCase());
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = match[2] === '' ? { days: 1 } : UNITS.find((u) => u.pattern.test(match[2]));
  if (!unit) return undefined;
  const days = Math.round(count * unit.days);
  return days >= 1 ? days : undefined;
}

/** '1%', '0.5 %', '0.01' → 0.01; '1' or '5' alone is ambiguous (1 % or 100 %?) and refused; undefined if not understood. */
export function parseMonthlyRate(input: string): number | undefined {
  const text = input.trim().replace(/\s+/g, '');
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent) return Number(percent[1]) / 100;
  if (/^(0?\.\d+|0)$/.test(text)) return Number(text);
  return undefined;
}

/** "the next 90 days". */
export function describeHorizon(days: number): string {
  return days === 1 ? 'the next day' : `the next ${days.toLocaleString('en')} days`;
}

/** 2011-09-09 for the start of a day in ms UTC. */
export function isoDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "9 Sep 2011" (UTC), the same whatever the ICU data of the Node build. */
export function dayText(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}



export function describePopulation(country: string | undefined): string {
  return country ? `customers in ${country}` : 'all customers';
}
