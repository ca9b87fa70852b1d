import cronstrue from 'cronstrue';
import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';
import type { MaskedText, Schedule } from './types.ts';

/** Hour used when a recurrence names no time ("every monday", "first of the month"): 09:00. */
export const DEFAULT_HOUR = 9;

const PART_OF_DAY: Array<[RegExp, number]> = [
  [/\bnoon\b|\bmidday\b|\blunch ?time\b/i, 12],
  [/\bmidnight\b/i, 0],
  [/\bmornings?\b/i, 9],
  [/\bafternoons?\b/i, 14],
  [/\bevenings?\b/i, 18],
  [/\bnights?\b|\bnightly\b/i, 22],
];

const WEEKDAYS: Array<[RegExp, number]> = [
  [/\bmon(?:day)?s?\b/i, 1],
  [/\btue(?:s|sday)?s?\b/i, 2],
  [/\bwed(?:nesday)?s?\b/i, 3],
  [/\bthu(?:rs?|rsday)?s?\b|\bthursdays?\b/i, 4],
  [/\bfri(?:day)?s?\b/i, 5],
  [/\bsat(?:urday)?s?\b/i, 6],
  [/\bsun(?:day)?s?\b/i, 0],
];

const RAW_CRON = /(?:^|\s)((?:[\d*][\d*\/,-]*\s+){4}[\d*][\d*\/,-]*)(?=\s|$)/;
// "3:30", and "3.30" when it is clearly a time ("3.30pm", "at 3.30").
const CLOCK = /\b(\d{1,2})(?::|\.(?=\d{2}\s*(?:am|pm)\b)|(?<=\bat\s+\d{1,2})\.(?=\d{2}\b))(\d{2})\s*(am|pm)?\b|\b(\d{1,2})\s*(am|pm)\b|\bat\s+(\d{1,2})\b(?![:.]\d|\s*(?:%|k\b|days?|weeks?|months?|am\b|pm\b|a\.m|p\.m))/i;
/** What "every"/"each" must be followed by to be a recurrence ("every monday", "each morning"; not "each channel"). */
const TIME_WORD = String.raw`(?:day|week|month|quarter|year|hour|morning|afternoon|evening|night|weekday|weekend|working\s+day|business\s+day|first|last|other|\d|one|two|three|four|six|twelve|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)`;
const RECURRENCE_CUE = new RegExp(
  String.raw`\b(?:every|each)\s+(?:single\s+)?${TIME_WORD}|` +
  /\bdaily\b|\bweekly\b|\bmonthly\b(?!\s+(?:discount|rate|budget))|\bquarterly\b|\bhourly\b|\bnightly\b|\bweekdays?\b|\bweekends?\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b|\bof (?:the|each|every) month\b|\bcron\b/.source,
  'i',
);
const DAY_OF_MONTH = /\b(?:(first|1st|last)|(\d{1,2})(?:st|nd|rd|th))(?: day)? of (?:the|each|every) month\b|\bon the (\d{1,2})(?:st|nd|rd|th)\b/i;

interface Clock {
  hour: number;
  minute: number;
}

/** The time of day a text names; null when it names one that is no time of day ("at 25"). */
function readClock(text: string): Clock | null | undefined {
  const match = CLOCK.exec(text);
  if (match) {
    const [, hh, mm, meridiem1, hOnly, meridiem2, atHour] = match;
    const meridiem = (meridiem1 ?? meridiem2)?.toLowerCase();
    let hour = Number(hh ?? hOnly ?? atHour);
    const minute = mm ? Number(mm) : 0;
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    // "sunday evening at 6", "at 3 in the afternoon": the part of the day says which half.
    if (meridiem === undefined && hour < 12 && (/\b(?:afternoons?|evenings?)\b/i.test(text) || (hour >= 7 && /\b(?:nights?|tonight)\b/i.test(text)))) hour += 12;
    if (hour > 23 || minute > 59) return null;
    return { hour, minute };
  }
  const part = PART_OF_DAY.find(([pattern]) => pattern.test(text));
  return part ? { hour: part[1], minute: 0 } : undefined;
}

function readDaysOfWeek(text: string): string {
  if (/\bweekdays?\b|\bworking days?\b|\bbusiness days?\b/i.test(text)) return '1-5';
  if (/\bweekends?\b/i.test(text)) return '0,6';
  const days = WEEKDAYS.filter(([pattern]) => pattern.test(text)).map(([, day]) => day);
  if (days.length > 0) return days.sort((a, b) => a - b).join(',');
  if (/\bweekly\b|\bevery week\b|\beach week\b/i.test(text)) return '1';
  return '*';
}

function readDayOfMonth(text: string): string {
  const match = DAY_OF_MONTH.exec(text);
  if (match) {
    const [, named, numbered, onThe] = match;
    if (named?.toLowerCase() === 'last') return 'L';
    const day = named ? 1 : Number(numbered ?? onThe);
    return day >= 1 && day <= 31 ? String(day) : '1';
  }
  return /\bmonthly\b|\bevery month\b|\beach month\b/i.test(text) ? '1' : '*';
}

function describe(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true });
  } catch {
    return cron;
  }
}

/**
 * A recurrence in words → 5-field cron. "every monday at 9" → "0 9 * * 1", "weekdays 7:30" →
 * "30 7 * * 1-5", "first of the month" → "0 9 1 * *" (DEFAULT_HOUR when no time is given),
 * "daily at 6pm" → "0 18 * * *", "hourly" → "0 * * * *", "quarterly" → "0 9 1 1,4,7,10 *".
 * A raw cron string is taken as written. Nothing is returned without a recurrence cue.
 */
export function extractSchedule(masked: MaskedText): Schedule | undefined {
  const text = masked.text;
  const raw = RAW_CRON.exec(text);
  if (raw) {
    masked.consume(raw.index, raw[0].length);
    const cron = raw[1].trim().split(/\s+/).join(' ');
    return { cron, description: describe(cron) };
  }
  if (!RECURRENCE_CUE.test(text) || unsupportedRecurrence(text) !== undefined) return undefined;
  const clock = readClock(text);
  // A time that names no hour of the day ("at 25", "at 3.75pm") is not read as the default 9 o'clock.
  if (clock === null) return undefined;
  const interval = everyNth(text);
  const cron =
    interval?.unit === 'hour'
      ? `${clock?.minute ?? 0} */${interval.count} * * *`
      : /\bhourly\b|\bevery hour\b|\beach hour\b/i.test(text)
        ? `${clock?.minute ?? 0} * * * *`
        : buildCron(text, clock ?? { hour: DEFAULT_HOUR, minute: 0 }, interval);
  const clockMatch = CLOCK.exec(masked.text);
  if (clockMatch) masked.consume(clockMatch.index, clockMatch[0].length);
  return { cron, description: describe(cron) };
}

const WEEKDAY_NAME = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)day`;
/** A weekday as people write it in a hurry: "tues", "Wed", "thurs", "fri". */
const WEEKDAY_SHORT = String.raw`(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)`;
const MONTH_NAME = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const CLOCK_WORDS = String.raw`(?:\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\bat\s+\d{1,2}\b|\bnoon\b|\bmidnight\b)`;
/**
 * A recurrence that can only be a schedule: "every monday", "each morning", "every day", "daily at 9",
 * "on fridays", "weekdays", a cron string. Not "for each month" or "weekly revenue" (breakdowns).
 */
const ANCHORED_RECURRENCE = new RegExp(
  [
    String.raw`(?<!\b(?:for|per|by|in|of)\s+)\b(?:every|each)\s+(?:single\s+)?(?:${WEEKDAY_NAME}s?|${WEEKDAY_SHORT}\b\.?|morning|afternoon|evening|night|weekday|working\s+day|business\s+day|first|last|other|\d+\s+(?:days|weeks|hours))\b`,
    String.raw`\b(?:daily|weekly|monthly|nightly)\b.*${CLOCK_WORDS}|${CLOCK_WORDS}.*\b(?:daily|weekly|monthly|nightly)\b`,
    String.raw`\bon\s+${WEEKDAY_NAME}s\b|\bweekdays\b|\bcron\b`,
    // "mondays at 9", "at 8 on fridays": a weekday in the plural with a time of day; "fri 3pm" after weekly
    String.raw`\b${WEEKDAY_NAME}s\b.*${CLOCK_WORDS}|${CLOCK_WORDS}.*\b${WEEKDAY_NAME}s\b`,
    String.raw`\bweekly\b.*\b(?:${WEEKDAY_NAME}|${WEEKDAY_SHORT})\.?\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b`,
    // "at the start of every quarter", "each month on the 2nd"
    String.raw`\b(?:start|beginning|end)\s+of\s+(?:every|each)\s+(?:week|month|quarter)\b|\b(?:every|each)\s+month\s+on\s+the\s+\d{1,2}(?:st|nd|rd|th)\b`,
    // "weekly on monday", "every week on fridays"
    String.raw`\b(?:weekly|every\s+week|each\s+week)\s+on\s+${WEEKDAY_NAME}s?\b`,
    // "on the 1st of every month", "the first day of each month", "the 1st of jan, apr, jul and oct"
    String.raw`\b(?:\d{1,2}(?:st|nd|rd|th)|first|last)\s+(?:day\s+|working\s+day\s+|business\s+day\s+)?of\s+(?:(?:every|each)\s+month\b|${MONTH_NAME}(?:\s*(?:,|and|&)\s*${MONTH_NAME})+)`,
    RAW_CRON.source,
  ].join('|'),
  'i',
);
/** "every day", "each month": a schedule with a time or a delivery ("run every month"), else maybe a breakdown ("revenue each month"). */
const EVERY_UNIT = /(?<!\b(?:for|per|by|in|of)\s+)\b(?:every|each)\s+(?:single\s+)?(?:day|week|month|quarter|hour)\b/i;
const DELIVERY = new RegExp(String.raw`${CLOCK_WORDS}|\b(?:send|sent|post|posted|share|run|deliver|drop|push|remind|email|give\s+me|ping)\b`, 'i');

/** "on the last day of the month", "the 15th of the month": a day of every month, when something is delivered on it. */
const DAY_OF_THE_MONTH = /\b(?:\d{1,2}(?:st|nd|rd|th)|first|last)\s+(?:day\s+|working\s+day\s+|business\s+day\s+)?of\s+the\s+month\b/i;

/** The text asks for something to happen again and again ("every day at 7am give me orders from yesterday"). */
export function hasAnchoredRecurrence(text: string): boolean {
  return ANCHORED_RECURRENCE.test(text) || ((EVERY_UNIT.test(text) || DAY_OF_THE_MONTH.test(text)) && DELIVERY.test(text));
}

/** The words of a recurrence ("every monday at 9", "daily", "on fridays"), blanked so the rest of the text can be read as a report. */
const RECURRENCE_WORDS = new RegExp(
  // "the 1st of jan, apr, jul and oct", "the first day of the month": when, not which period.
  String.raw`\b(?:on\s+)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|first|last)\s+(?:day\s+)?of\s+(?:(?:the|each|every)\s+month\b|${MONTH_NAME}(?:\s*(?:,|and|&)\s*${MONTH_NAME})+)|` +
  String.raw`\b(?:every|each)\s+(?:single\s+)?${TIME_WORD}\w*|\b(?:daily|weekly|monthly|quarterly|hourly|nightly)\b(?!\s+(?:discount|rate|budget))|\b(?:on\s+)?(?:weekdays?|weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b`,
  'gi',
);

const SCHEDULE_WORDS =
  /\bs?c?hedul\w*|\brecurring\b|\bautomat\w*|\bregular(?:ly)?\b|\broutine\b|\bset\s+up\b|\bfrom\s+now\s+on\b|\bcalendar\b|\b(?:every|each)\s+(?:other\s+|two\s+|\d+\s+)?(?:days?|weeks?|months?|quarters?|mornings?|evenings?|weekdays?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b/i;

/**
 * The text asks for a schedule at all: a recurrence with a time or a delivery, or schedule words.
 * "daily revenue for the last 14 days" and "export every segment" do not.
 */
export function asksForSchedule(text: string): boolean {
  if (hasAnchoredRecurrence(text) || SCHEDULE_WORDS.test(text)) return true;
  RECURRENCE_WORDS.lastIndex = 0;
  return RECURRENCE_WORDS.test(text) && DELIVERY.test(text);
}

/** "add a schedule: …", "set up a new weekly schedule for …", "pls schedule the champions list …": a schedule asked for by name. */
const CREATE_SCHEDULE = /\b(?:add|create|set\s*up|make|start|new)\s+(?:a\s+|an\s+|another\s+)?(?:new\s+)?(?:\w+\s+)?schedule\b|^\W*(?:(?:pls|plz|please|can\s+you|could\s+you|would\s+you|kindly|hey|ok)\W+)*schedule\b(?!\s*(?:list|delete|remove|\d|s\b))/i;

/** A new schedule asked for in so many words, with a recurrence ("add a schedule: top 10 products …, first day of the month"). */
export function asksToCreateSchedule(text: string): boolean {
  return CREATE_SCHEDULE.test(text) && (RECURRENCE_CUE.test(text) || DAY_OF_MONTH.test(text));
}

/**
 * A question about a schedule that may already exist: "do we already have a monday revenue post set
 * up?", "what time does the weekly forecast go out?", "when is the digest sent?".
 */
const ABOUT_EXISTING = /^\W*(?:(?:do|does|did|have|has)\s+(?:we|you|i|they)\s+(?:already\s+|still\s+)?(?:have|got|get|run|post|send|set\s*up)\b.*\b(?:set\s*up|scheduled|running|going\s+out|automated|every|each|daily|weekly|monthly|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|is\s+there\s+(?:already\s+)?an?\s+.*\b(?:schedul\w*|set\s*up|automated|going\s+out)\b|what\s+time\s+(?:does|do|is|are)\b.*\b(?:go(?:es)?\s+out|run|post(?:ed)?|sent|arrive|come\s+out)\b|when\s+(?:does|do|is|are)\b.*\b(?:go(?:es)?\s+out|get\s+posted|posted|sent|arrive)\b)/i;

export function asksAboutExistingSchedule(text: string): boolean {
  return ABOUT_EXISTING.test(text);
}

export function withoutRecurrence(text: string): string {
  return text.replace(RECURRENCE_WORDS, (words) => ' '.repeat(words.length));
}

const COUNT = String.raw`(\d{1,2}|other|second|third|${NUMBER_WORD_PATTERN})`;
const EVERY_NTH = new RegExp(String.raw`\bevery\s+${COUNT}\s+(hour|day|week|month)s?\b`, 'i');
/** Intervals a cron cannot keep: every 2 weeks (a week-of-year step), fortnightly, every 4 days across month ends… */
const UNSUPPORTED = /\bevery\s+(?:other|second|2nd|\d{1,2}|two|three|four|five|six)\s+weeks?\b|\bfortnight(?:ly)?\b|\bbi-?weekly\b/i;

/**
 * A recurrence Pulse cannot schedule, as written ("every 2 weeks", "fortnightly"): cron counts days of
 * the month and of the week, not weeks since a start, so it would silently run every week instead.
 */
export function unsupportedRecurrence(text: string): string | undefined {
  return UNSUPPORTED.exec(text)?.[0];
}

/** "every 2 hours", "every other day", "every 3 months": the step, when it is more than one. */
function everyNth(text: string): { count: number; unit: 'hour' | 'day' | 'month' } | undefined {
  const m = EVERY_NTH.exec(text);
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  const count = word === 'other' || word === 'second' ? 2 : word === 'third' ? 3 : parseCount(word);
  const unit = m[2].toLowerCase();
  if (count === undefined || count < 2 || unit === 'week') return undefined;
  const limit = { hour: 23, day: 31, month: 12 }[unit as 'hour' | 'day' | 'month'];
  return count <= limit ? { count, unit: unit as 'hour' | 'day' | 'month' } : undefined;
}

function buildCron(text: string, clock: Clock, interval?: { count: number; unit: 'hour' | 'day' | 'month' }): string {
  const time = `${clock.minute} ${clock.hour}`;
  if (interval?.unit === 'day') return `${time} */${interval.count} * *`;
  if (interval?.unit === 'month') return `${time} ${readDayOfMonth(text) === '*' ? '1' : readDayOfMonth(text)} */${interval.count} *`;
  if (/\bquarterly\b|\bevery quarter\b|\beach quarter\b/i.test(text)) return `${time} 1 1,4,7,10 *`;
  const dayOfMonth = readDayOfMonth(text);
  const dayOfWeek = dayOfMonth === '*' ? readDaysOfWeek(text) : '*';
  return `${time} ${dayOfMonth} * ${dayOfWeek}`;
}
