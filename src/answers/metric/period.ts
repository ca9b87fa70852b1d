import { DateTime } from 'luxon';
import { DAY_MS, isoDay, parseIsoDay } from '../../time/calendar.ts';

/**
 * Periods for `metric`, a pure module: parsing what a person typed ("last month", "nov 2011",
 * "Q4 2011", "2011-11-01..2011-11-30") against a given "now", and the windows of time that are then
 * compared. All times are "wall clock" milliseconds: the calendar date and time as written in the
 * data (and as seen in DEFAULT_TIMEZONE for "today"), stored as if it were UTC, the same convention
 * as the orders' timestamps and src/time/calendar.ts. Weeks start on Monday (ISO), as in the
 * calendar buckets.
 */

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface Period {
  /** As typed, trimmed. */
  text: string;
  /** How Pulse names it: 'last month (November 2011)', 'Q4 2011', 'the last 30 days'. */
  name: string;
  /**
   * calendar: whole calendar units (`count` of them, usually 1); days: a rolling number of whole
   * days ending yesterday; range: explicit dates; all: everything in the data (dates decided by the data).
   */
  kind: 'calendar' | 'days' | 'range' | 'all';
  unit?: PeriodUnit;
  count?: number;
  /** First day, ISO, inclusive ('' for kind all). */
  start: string;
  /** The day after the last, ISO, exclusive ('' for kind all). */
  end: string;
}

export type PeriodParse = { ok: true; period: Period } | { ok: false; message: string };

/** [from, to) in wall-clock milliseconds. */
export interface Window {
  from: number;
  to: number;
}

export const PERIOD_EXAMPLES = ['today', 'yesterday', 'this week', 'last month', 'this quarter', 'last 30 days', 'november', 'nov 2011', '2011-11', 'Q4 2011', '2011', '2011-11-01..2011-11-30', 'all time'];

/** "for last month", "for Fri 27 Nov 2026", but "since 1 Sep 2026" as it is. */
export function forPeriod(period: Pick<Period, 'name'>): string {
  return /^since\b/.test(period.name) ? period.name : `for ${period.name}`;
}

/** What "now" is on the wall clock of a time zone, as wall-clock milliseconds (see the module comment). */
export function wallClock(nowMs: number, timeZone: string): number {
  const local = DateTime.fromMillis(nowMs, { zone: timeZone });
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** First moment of the calendar unit holding `ms`. */
export function unitStart(ms: number, unit: PeriodUnit): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'day':
      return startOfDay(ms);
    case 'week':
      return startOfDay(ms) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

/** The start of the unit `steps` units after the one starting at `start` (a unit start). */
export function shiftUnit(start: number, unit: PeriodUnit, steps: number): number {
  if (unit === 'day') return start + steps * DAY_MS;
  if (unit === 'week') return start + steps * 7 * DAY_MS;
  const d = new Date(start);
  const months = unit === 'month' ? steps : unit === 'quarter' ? 3 * steps : 12 * steps;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/** The same date one year earlier (29 February becomes the 28th). */
export function yearEarlier(ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear() - 1;
  const m = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = MONTHS.map((m) => m[0].toUpperCase() + m.slice(1));
const MONTH_SHORT = MONTH_NAMES.map((m) => m.slice(0, 3));

/** 'nov', 'november', 'sept' → 0-based month; undefined otherwise. */
function monthOf(word: string): number | undefined {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(w) || (w === 'sept' && m === 'september'));
  return index < 0 ? undefined : index;
}

/** '2011', "'11", '11' → a four-digit year (two digits are 20xx); undefined when out of range. */
function yearOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.replace(/^'/, '');
  const y = digits.length === 2 ? 2000 + Number(digits) : Number(digits);
  return Number.isInteger(y) && y >= 1900 && y <= 2200 ? y : undefined;
}

/** '2011-11-05' → ms, only for a real date. */
function dateOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = parseIsoDay(text);
  return Number.isNaN(ms) || isoDay(ms) !== text ? undefined : ms;
}

/** 9 Dec 2011 ('Fri 9 Dec 2011' with the weekday). */
export function describeDay(ms: number, weekday = false): string {
  const d = new Date(ms);
  const day = `${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return weekday ? `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${day}` : day;
}

/** Whole days [from, to) in words: '9 Dec 2011', '1–30 Nov 2011', '28 Nov – 4 Dec 2011', '1 Dec 2010 – 9 Dec 2011'. */
export function describeDays(window: Window): string {
  const first = new Date(window.from);
  const lastMs = startOfDay(window.to - 1);
  const last = new Date(lastMs);
  if (lastMs <= window.from) return describeDay(window.from);
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  if (sameYear && first.getUTCMonth() === last.getUTCMonth()) {
    return `${first.getUTCDate()}–${last.getUTCDate()} ${MONTH_SHORT[first.getUTCMonth()]} ${first.getUTCFullYear()}`;
  }
  if (sameYear) return `${first.getUTCDate()} ${MONTH_SHORT[first.getUTCMonth()]} – ${describeDay(lastMs)}`;
  return `${describeDay(window.from)} – ${describeDay(lastMs)}`;
}

/** The name of one calendar unit starting at `start`: 'November 2011', 'Q4 2011', '2011', 'the week of 7 Nov 2011', 'Fri 9 Dec 2011'. */
export function unitName(start: number, unit: PeriodUnit): string {
  const d = new Date(start);
  switch (unit) {
    case 'day':
      return describeDay(start, true);
    case 'week':
      return `the week of ${describeDays({ from: start, to: start + 7 * DAY_MS })}`;
    case 'month':
      return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
    case 'year':
      return `${d.getUTCFullYear()}`;
  }
}

function calendar(text: string, name: string, unit: PeriodUnit, start: number, count = 1): Period {
  return { text, name, kind: 'calendar', unit, count, start: isoDay(start), end: isoDay(shiftUnit(start, unit, count)) };
}

function calendarNamed(text: string, relative: string | undefined, unit: PeriodUnit, start: number): Period {
  const concrete = unitName(start, unit);
  return calendar(text, relative ? `${relative} (${concrete.replace(/^the /, '')})` : concrete, unit, start);
}

const UNIT_WORDS: Record<string, PeriodUnit> = {
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  m: 'month', mo: 'month', mos: 'month', mth: 'month', mths: 'month', month: 'month', months: 'month',
  q: 'quarter', qtr: 'quarter', qtrs: 'quarter', quarter: 'quarter', quarters: 'quarter',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

/** The longest rolling period accepted, in days (ten years). */
export const MAX_PERIOD_DAYS = 3660;

function normalise(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[‐‑–—]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^(in|during|for|over|from|of)\s+/, '')
    .replace(/^the\s+/, '')
    .replace(/\s+(so far)$/, '')
    .trim();
}

/**
 * Parses a period against `now` (wall-clock ms, see wallClock). Returns a message naming the
 * problem when the words are understood but impossible (a future period, a date that does not
 * exist, a range that ends before it starts), and `undefined` when they are not a period at all.
 */
export function parsePeriod(input: string, now: number): PeriodParse | undefined {
  const text = input.trim();
  const t = normalise(input);
  const today = startOfDay(now);
  const ok = (period: Period): PeriodParse => checkStarted(period, today);

  if (t === 'today') return ok(calendar(text, `today (${describeDay(today, true)})`, 'day', today));
  if (t === 'yesterday') return ok(calendar(text, `yesterday (${describeDay(today - DAY_MS, true)})`, 'day', today - DAY_MS));
  if (['all', 'all time', 'alltime', 'ever', 'all data', 'everything', 'since the start', 'since the beginning'].includes(t)) {
    return { ok: true, period: { text, name: 'all the data', kind: 'all', start: '', end: '' } };
  }

  let m = /^(this|current) (week|month|quarter|year)$/.exec(t) ?? /^(wtd|mtd|qtd|ytd)$/.exec(t) ?? /^(week|month|quarter|year) to date$/.exec(t);
  if (m) {
    const word = m[1].length === 3 ? { w: 'week', m: 'month', q: 'quarter', y: 'year' }[m[1][0]]! : m[2] ?? m[1];
    const unit = word as PeriodUnit;
    return ok(calendarNamed(text, `this ${unit}`, unit, unitStart(today, unit)));
  }
  m = /^(last|previous|prior|past) (week|month|quarter|year)$/.exec(t);
  if (m) {
    const unit = m[2] as PeriodUnit;
    // "the past month" is rolling: the last 30 days (7, 90, 365 for a week, quarter, year).
    if (m[1] === 'past') return ok(rollingDays(text, { week: 7, month: 30, quarter: 90, year: 365, day: 1 }[unit], today));
    return ok(calendarNamed(text, `last ${unit}`, unit, shiftUnit(unitStart(today, unit), unit, -1)));
  }
  // last 30 days, past 90 days, 7d, 30 days; last 3 months (three whole months before this one).
  m = /^(?:(?:last|past|previous|trailing) )?(\d+) ?([a-z]+)$/.exec(t);
  if (m && UNIT_WORDS[m[2]] && (/^(last|past|previous|trailing) /.test(t) || UNIT_WORDS[m[2]] === 'day')) {
    const count = Number(m[1]);
    const unit = UNIT_WORDS[m[2]];
    if (count < 1) return { ok: false, message: `"${text}" is an empty period; try last 7 days` };
    if (unit === 'day') {
      if (count > MAX_PERIOD_DAYS) return { ok: false, message: `"${text}" is too long: at most ${MAX_PERIOD_DAYS} days` };
      return ok(rollingDays(text, count, today));
    }
    const start = shiftUnit(unitStart(today, unit), unit, -count);
    const end = unitStart(today, unit);
    if (today - start > MAX_PERIOD_DAYS * DAY_MS) return { ok: false, message: `"${text}" is too long: at most ten years` };
    const name = count === 1 ? `last ${unit} (${unitName(start, unit).replace(/^the /, '')})` : `the last ${count} whole ${unit}s (${describeDays({ from: start, to: end })})`;
    return ok(calendar(text, name, unit, start, count));
  }
  m = /^since (\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) {
    const from = dateOf(m[1]);
    if (from === undefined) return { ok: false, message: `${m[1]} is not a date` };
    const window = { from, to: today + DAY_MS };
    return ok({ text, name: `since ${describeDay(from)}`, kind: 'range', start: isoDay(from), end: isoDay(window.to) });
  }

  // Explicit dates: 2011-11-05, 2011-11-01..2011-11-30 (both days included), '2011-11-01 to 2011-11-30'.
  m = /^(\d{4}-\d{2}-\d{2})(?: ?(?:\.\.|to|until|through|thru|-) ?(\d{4}-\d{2}-\d{2}))?$/.exec(t);
  if (m) {
    const from = dateOf(m[1]);
    const last = m[2] === undefined ? from : dateOf(m[2]);
    if (from === undefined) return { ok: false, message: `${m[1]} is not a date` };
    if (last === undefined) return { ok: false, message: `${m[2]} is not a date` };
    if (last < from) return { ok: false, message: `the range ${m[1]}..${m[2]} ends before it starts` };
    if (m[2] === undefined) return ok(calendar(text, describeDay(from, true), 'day', from));
    if ((last - from) / DAY_MS + 1 > MAX_PERIOD_DAYS) return { ok: false, message: `"${text}" is too long: at most ten years` };
    const window = { from, to: last + DAY_MS };
    return ok({ text, name: describeDays(window), kind: 'range', start: isoDay(from), end: isoDay(window.to) });
  }
  // Days in words: 27 nov, 27th of november 2026, 1-15 nov, 28 nov..3 dec (without a year, the latest that has started).
  const days = daysInWords(t, today);
  if (days) {
    if ('message' in days) return { ok: false, message: days.message };
    if (days.last === days.from) return ok(calendar(text, describeDay(days.from, true), 'day', days.from));
    const window = { from: days.from, to: days.last + DAY_MS };
    return ok({ text, name: describeDays(window), kind: 'range', start: isoDay(days.from), end: isoDay(window.to) });
  }
  // Years, months, quarters, ISO weeks.
  m = /^q([1-4]) (last|this) year$/.exec(t);
  if (m) return quarterPeriod(text, Number(m[1]), new Date(today).getUTCFullYear() - (m[2] === 'last' ? 1 : 0), today, false);
  m = /^(\d{4})$/.exec(t);
  if (m && yearOf(m[1]) !== undefined) return ok(calendarNamed(text, undefined, 'year', Date.UTC(Number(m[1]), 0, 1)));
  m = /^(\d{4})[-/](\d{1,2})$/.exec(t) ?? null;
  if (m) return monthPeriod(text, Number(m[2]) - 1, yearOf(m[1]), today);
  m = /^(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return monthPeriod(text, Number(m[1]) - 1, yearOf(m[2]), today);
  m = /^([a-z]+\.?)(?:,? (?:of )?('?\d{2}|\d{4}))?$/.exec(t);
  if (m && monthOf(m[1]) !== undefined) return monthPeriod(text, monthOf(m[1])!, m[2] === undefined ? undefined : yearOf(m[2]), today, m[2] === undefined);
  m = /^(\d{4}) ([a-z]+)$/.exec(t);
  if (m && monthOf(m[2]) !== undefined) return monthPeriod(text, monthOf(m[2])!, yearOf(m[1]), today);
  m = /^q([1-4])(?:[ -]?('?\d{2}|\d{4}))?$/.exec(t) ?? /^(?:(\d{4})[ -]?q([1-4]))$/.exec(t);
  if (m) {
    const [quarter, year] = t.startsWith('q') ? [Number(m[1]), m[2]] : [Number(m[2]), m[1]];
    return quarterPeriod(text, quarter, year === undefined ? undefined : yearOf(year), today, year === undefined);
  }
  m = /^(\d{4})-?w(\d{1,2})$/.exec(t) ?? /^week (\d{1,2}),? (\d{4})$/.exec(t);
  if (m) {
    const [year, week] = t.startsWith('week') ? [Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2])];
    const monday = DateTime.fromObject({ weekYear: year, weekNumber: week, weekday: 1 }, { zone: 'utc' });
    if (!monday.isValid || monday.weekNumber !== week) return { ok: false, message: `${year} has no week ${week}` };
    const start = monday.toMillis();
    return ok(calendar(text, `week ${week} of ${year} (${describeDays({ from: start, to: start + 7 * DAY_MS })})`, 'week', start));
  }
  return undefined;
}

const DAY_WORD = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const SAME_MONTH_DAYS = new RegExp(String.raw`^${DAY_WORD}(?: ?(?:-|\.\.|to|until|till|through|and) ?${DAY_WORD})? (?:of )?([a-z]+\.?)(?:,? (\d{4}))?$`);
const TWO_DAYS = new RegExp(String.raw`^${DAY_WORD} (?:of )?([a-z]+\.?)(?:,? (\d{4}))? ?(?:-|\.\.|to|until|till|through) ?${DAY_WORD} (?:of )?([a-z]+\.?)(?:,? (\d{4}))?$`);

/**
 * "27 nov", "1-15 november 2026", "28 nov..3 dec": first and last day (ms). Without a year, the
 * latest year in which the first day has come (as "november" alone is the latest November).
 */
function daysInWords(t: string, today: number): { from: number; last: number } | { message: string } | undefined {
  const same = SAME_MONTH_DAYS.exec(t);
  const two = same ? null : TWO_DAYS.exec(t);
  if (!same && !two) return undefined;
  const [d1, m1, y1, d2, m2, y2] = same ? [same[1], same[3], same[4], same[2] ?? same[1], same[3], same[4]] : [two![1], two![2], two![3], two![4], two![5], two![6] ?? two![3]];
  const firstMonth = monthOf(m1);
  const lastMonth = monthOf(m2);
  if (firstMonth === undefined || lastMonth === undefined) return undefined;
  const todayDate = new Date(today);
  let year = y1 === undefined ? todayDate.getUTCFullYear() : yearOf(y1);
  if (year === undefined) return undefined;
  if (y1 === undefined && Date.UTC(year, firstMonth, Number(d1)) > today) year--;
  const from = Date.UTC(year, firstMonth, Number(d1));
  const lastYear = y2 !== undefined ? (yearOf(y2) ?? year) : lastMonth < firstMonth ? year + 1 : year;
  const last = Date.UTC(lastYear, lastMonth, Number(d2));
  if (new Date(from).getUTCDate() !== Number(d1)) return { message: `${d1} ${m1} is not a date` };
  if (new Date(last).getUTCDate() !== Number(d2)) return { message: `${d2} ${m2} is not a date` };
  if (last < from) return { message: `"${t}" ends before it starts` };
  return { from, last };
}

function rollingDays(text: string, count: number, today: number): Period {
  const from = today - count * DAY_MS;
  return { text, name: `the last ${count} days (${describeDays({ from, to: today })})`, kind: 'days', count, start: isoDay(from), end: isoDay(today) };
}

/** A month; without a year, the latest such month that has started (this one included). */
function monthPeriod(text: string, month: number, year: number | undefined, today: number, yearless = false): PeriodParse {
  if (month < 0 || month > 11) return { ok: false, message: `"${text}" is not a month` };
  const todayDate = new Date(today);
  if (yearless) year = month <= todayDate.getUTCMonth() ? todayDate.getUTCFullYear() : todayDate.getUTCFullYear() - 1;
  if (year === undefined) return { ok: false, message: `"${text}" has no year I can read` };
  return checkStarted(calendarNamed(text, undefined, 'month', Date.UTC(year, month, 1)), today);
}

function quarterPeriod(text: string, quarter: number, year: number | undefined, today: number, yearless: boolean): PeriodParse {
  const todayDate = new Date(today);
  const current = Math.floor(todayDate.getUTCMonth() / 3) + 1;
  if (yearless) year = quarter <= current ? todayDate.getUTCFullYear() : todayDate.getUTCFullYear() - 1;
  if (year === undefined) return { ok: false, message: `"${text}" has no year I can read` };
  return checkStarted(calendarNamed(text, undefined, 'quarter', Date.UTC(year, 3 * (quarter - 1), 1)), today);
}

function checkStarted(period: Period, today: number): PeriodParse {
  if (period.kind !== 'all' && parseIsoDay(period.start) > today) {
    return { ok: false, message: `${period.name} has not started yet (today is ${isoDay(today)}); to look ahead, use \`forecast\`` };
  }
  return { ok: true, period };
}

/** How much of the period a figure covers, and why less than all of it. */
export interface Coverage {
  /** The whole period. */
  full: Window;
  /** The part the figures are computed on. */
  window: Window;
  /**
   * running: the period has not ended (whole days before today, or today until now when the period
   * starts today); data-ends: the data stops inside it. `days` of `totalDays` are covered.
   */
  partial?: { reason: 'running' | 'data-ends'; days: number; totalDays: number; until?: number };
}

/** The whole period as a window; `all` takes the data's span (first day to the day after the last). */
export function periodWindow(period: Period, dataSpan?: Window): Window {
  if (period.kind === 'all') {
    if (!dataSpan) throw new Error('the period "all" needs the span of the data');
    return { from: startOfDay(dataSpan.from), to: startOfDay(dataSpan.to - 1) + DAY_MS };
  }
  return { from: parseIsoDay(period.start), to: parseIsoDay(period.end) };
}

/**
 * The part of a period to compute: all of it when it is over; when it is still running, the whole
 * days before today (or, for a period that starts today, today until `now`); and no further than the
 * day the data ends (`dataEnd`: exclusive, e.g. the day after the last order). A window with
 * `from >= to` has nothing in it.
 */
export function coverage(period: Period, now: number, dataSpan?: Window): Coverage {
  const full = periodWindow(period, dataSpan);
  const totalDays = Math.round((full.to - full.from) / DAY_MS);
  const today = startOfDay(now);
  let window = { ...full };
  let partial: Coverage['partial'];
  if (full.to > today) {
    if (full.from < today) {
      window = { from: full.from, to: today };
      partial = { reason: 'running', days: Math.round((today - full.from) / DAY_MS), totalDays };
    } else {
      window = { from: full.from, to: Math.max(full.from, Math.min(now, full.to)) };
      partial = { reason: 'running', days: 0, totalDays, until: now };
    }
  }
  if (dataSpan) {
    const dataEnd = startOfDay(dataSpan.to - 1) + DAY_MS;
    if (window.to > dataEnd && window.from < dataEnd) {
      window = { from: window.from, to: dataEnd };
      partial = { reason: 'data-ends', days: Math.round((dataEnd - full.from) / DAY_MS), totalDays };
    }
  }
  return partial ? { full, window, partial } : { full, window };
}

export type CompareMode = 'previous' | 'last_year' | 'none';

export interface Comparison {
  mode: Exclude<CompareMode, 'none'>;
  /** The whole comparison period. */
  full: Window;
  /** The part compared: as long as the current window, from the comparison period's start (like for like). */
  window: Window;
}

/**
 * The period to compare with. previous: the calendar unit(s) just before (the month before a month,
 * the 3 months before "last 3 months"), or as many days just before for rolling and explicit
 * periods. last_year: the same months a year earlier for months, quarters and years; 52 weeks
 * (364 days, same weekdays) earlier for days and weeks; the same dates a year earlier otherwise.
 * When the current window is partial, the comparison is cut like for like: as long, from the start of
 * the previous period; to the same dates, a year earlier.
 */
export function comparisonOf(period: Period, current: Coverage, mode: CompareMode): Comparison | undefined {
  if (mode === 'none' || period.kind === 'all') return undefined;
  const { full } = current;
  let cmp: Window;
  let window: Window;
  const length = current.window.to - current.window.from;
  if (mode === 'previous') {
    if (period.kind === 'calendar' && period.unit) {
      cmp = { from: shiftUnit(full.from, period.unit, -(period.count ?? 1)), to: full.from };
    } else {
      cmp = { from: full.from - (full.to - full.from), to: full.from };
    }
    // Like for like: as many days (or hours) from the start of the previous period.
    window = current.partial ? { from: cmp.from, to: Math.min(cmp.from + length, cmp.to) } : { ...cmp };
  } else {
    const shift = period.kind === 'calendar' && (period.unit === 'day' || period.unit === 'week') ? (ms: number) => ms - 364 * DAY_MS : yearEarlier;
    cmp = { from: shift(full.from), to: shift(full.to) };
    // The same dates (or weekdays) a year earlier as the part of the period covered.
    window = current.partial ? { from: cmp.from, to: Math.min(shift(current.window.to), cmp.to) } : { ...cmp };
  }
  return { mode, full: cmp, window };
}
