import { DAY_MS, type Granularity } from '../../time/calendar.ts';

/** Dates as replies write them, in UTC: '9 Dec 2011', 'Dec 2011', '1 – 9 Dec 2011'. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '9 Dec 2011'. */
export function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** 'December 2011'. */
export function monthText(ms: number): string {
  const d = new Date(ms);
  return `${LONG_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Inclusive day range, sharing what the two ends share: '1 – 9 Dec 2011', '5 Dec 2011 – 2 Jan 2012'. `endMs` is the first moment after it. */
export function rangeText(startMs: number, endMs: number): string {
  const first = new Date(startMs);
  const last = new Date(endMs - DAY_MS);
  if (last.getTime() <= first.getTime()) return dayText(startMs);
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  const sameMonth = sameYear && first.getUTCMonth() === last.getUTCMonth();
  const head = sameMonth ? `${first.getUTCDate()}` : sameYear ? `${first.getUTCDate()} ${MONTHS[first.getUTCMonth()]}` : dayText(startMs);
  return `${head} – ${dayText(last.getTime())}`;
}

/** A bucket by its own name: 'the week of 5 Dec 2011', 'December 2011', '9 Dec 2011'. */
export function bucketText(startMs: number, granularity: Granularity): string {
  if (granularity === 'month') return monthText(startMs);
  if (granularity === 'week') return `the week of ${dayText(startMs)}`;
  return dayText(startMs);
}
