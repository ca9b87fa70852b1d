import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The first run strictly after `after`, read in the schedule's timezone (so 09:00 means 09:00 there, DST included). */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
}

/** "Mon 30 Nov 2026, 09:00 Europe/Berlin": the local time people will see the digest arrive. */
export function formatRunTime(at: Date, timezone: string): string {
  return `${DateTime.fromJSDate(at, { zone: timezone }).toFormat('ccc d LLL yyyy, HH:mm')} ${timezone}`;
}

/** "202611300800": the UTC minute of a run, so every process names the same fire the same way. */
export function minuteStamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/\D/g, '');
}
