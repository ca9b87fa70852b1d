import { DAY_MS, bucketStart, isoDay, parseIsoDay } from '../../time/calendar.ts';

/** Every day from `first` to `last` (ISO dates, both included); [] when last is before first. */
export function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = parseIsoDay(first), end = parseIsoDay(last); t <= end; t += DAY_MS) days.push(isoDay(t));
  return days;
}

/** The Monday starting the week of `day`: Pulse keeps spend and KPIs as weeks starting on Monday. */
export function weekOf(day: string): string {
  return isoDay(bucketStart(parseIsoDay(day), 'week'));
}

/**
 * `total` split evenly over `parts`, in steps of 10^-decimals, adding up to `total` exactly: the
 * remainder goes one step each to the first parts (10.00 over 3 days: 3.34, 3.33, 3.33).
 */
export function spreadEvenly(total: number, parts: number, decimals: number): number[] {
  const scale = 10 ** decimals;
  const units = Math.round(Math.abs(total) * scale);
  const base = Math.floor(units / parts);
  const extra = units - base * parts;
  const sign = total < 0 ? -1 : 1;
  return Array.from({ length: parts }, (_, i) => (sign * (base + (i < extra ? 1 : 0))) / scale);
}

/** Decimals to spread a value with: counts stay whole, anything else is kept to the cent. */
export function decimalsOf(value: number): number {
  return Number.isInteger(value) ? 0 : 2;
}
