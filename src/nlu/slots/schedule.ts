import cronstrue from 'cronstrue';
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
const CLOCK = /\b(\d{1,2}):(\d{2})\s*(am|pm)?\b|\b(\d{1,2})\s*(am|pm)\b|\bat\s+(\d{1,2})\b(?![:.]\d|\s*(?:%|k\b|days?|weeks?|months?|am\b|pm\b|a\.m|p\.m))/i;
/** What "every"/"each" must be followed by to be a recurrence ("every monday", "each morning"; not "each channel"). */
const TIME_WORD = String.raw`(?:day|week|month|quarter|year|hour|morning|afternoon|evening|night|weekday|weekend|working\s+day|business\s+day|first|last|other|\d|one|two|three|four|six|twelve|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)`;
const RECURRENCE_CUE = new RegExp(
  String.raw`\b(?:every|each)\s+(?:single\s+)?${TIME_WORD}|` +
  /\bdaily\b|\bweekly\b|\bmonthly\b|\bquarterly\b|\bhourly\b|\bnightly\b|\bweekdays?\b|\bweekends?\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b|\bof (?:the|each|every) month\b|\bcron\b/.source,
  'i',
);
const DAY_OF_MONTH = /\b(?:(first|1st|last)|(\d{1,2})(?:st|nd|rd|th))(?: day)? of (?:the|each|every) month\b|\bon the (\d{1,2})(?:st|nd|rd|th)\b/i;

interface Clock {
  hour: number;
  minute: number;
}

function readClock(text: string): Clock | undefined {
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
    if (hour > 23 || minute > 59) return undefined;
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
  if (!RECURRENCE_CUE.test(text)) return undefined;
  const clock = readClock(text);
  const cron = /\bhourly\b|\bevery hour\b|\beach hour\b/i.test(text)
    ? `${clock?.minute ?? 0} * * * *`
    : buildCron(text, clock ?? { hour: DEFAULT_HOUR, minute: 0 });
  const clockMatch = CLOCK.exec(masked.text);
  if (clockMatch) masked.consume(clockMatch.index, clockMatch[0].length);
  return { cron, description: describe(cron) };
}

const WEEKDAY_NAME = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)day`;
const CLOCK_WORDS = String.raw`(?:\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\bat\s+\d{1,2}\b|\bnoon\b|\bmidnight\b)`;
/**
 * A recurrence that can only be a schedule: "every monday", "each morning", "every day", "daily at 9",
 * "on fridays", "weekdays", a cron string. Not "for each month" or "weekly revenue" (breakdowns).
 */
const ANCHORED_RECURRENCE = new RegExp(
  [
    String.raw`(?<!\b(?:for|per|by|in|of)\s+)\b(?:every|each)\s+(?:single\s+)?(?:${WEEKDAY_NAME}s?|morning|afternoon|evening|night|weekday|working\s+day|business\s+day|first|last|other|\d+\s+(?:days|weeks|hours))\b`,
    String.raw`\b(?:daily|weekly|monthly|nightly)\b.*${CLOCK_WORDS}|${CLOCK_WORDS}.*\b(?:daily|weekly|monthly|nightly)\b`,
    String.raw`\bon\s+${WEEKDAY_NAME}s\b|\bweekdays\b|\bcron\b`,
    // "on the 1st of every month", "the first day of each month"
    String.raw`\b(?:\d{1,2}(?:st|nd|rd|th)|first|last)\s+(?:day\s+|working\s+day\s+|business\s+day\s+)?of\s+(?:every|each)\s+month\b`,
    RAW_CRON.source,
  ].join('|'),
  'i',
);
/** "every day", "each month": a schedule with a time or a delivery ("run every month"), else maybe a breakdown ("revenue each month"). */
const EVERY_UNIT = /(?<!\b(?:for|per|by|in|of)\s+)\b(?:every|each)\s+(?:single\s+)?(?:day|week|month|quarter|hour)\b/i;
const DELIVERY = new RegExp(String.raw`${CLOCK_WORDS}|\b(?:send|sent|post|posted|share|run|deliver|drop|push|remind|email|give\s+me|ping)\b`, 'i');

/** The text asks for something to happen again and again ("every day at 7am give me orders from yesterday"). */
export function hasAnchoredRecurrence(text: string): boolean {
  return ANCHORED_RECURRENCE.test(text) || (EVERY_UNIT.test(text) && DELIVERY.test(text));
}

/** The words of a recurrence ("every monday at 9", "daily", "on fridays"), blanked so the rest of the text can be read as a report. */
const RECURRENCE_WORDS = new RegExp(
  String.raw`\b(?:every|each)\s+(?:single\s+)?${TIME_WORD}\w*|\b(?:daily|weekly|monthly|quarterly|hourly|nightly)\b|\b(?:on\s+)?(?:weekdays?|weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b`,
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

export function withoutRecurrence(text: string): string {
  return text.replace(RECURRENCE_WORDS, (words) => ' '.repeat(words.length));
}

function buildCron(text: string, clock: Clock): string {
  const time = `${clock.minute} ${clock.hour}`;
  if (/\bquarterly\b|\bevery quarter\b|\beach quarter\b/i.test(text)) return `${time} 1 1,4,7,10 *`;
  const dayOfMonth = readDayOfMonth(text);
  const dayOfWeek = dayOfMonth === '*' ? readDaysOfWeek(text) : '*';
  return `${time} ${dayOfMonth} * ${dayOfWeek}`;
}
