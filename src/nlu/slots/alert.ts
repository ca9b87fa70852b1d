import { SCALE_WORDS, scaledAmount } from '../numbers.ts';

/** What a sentence asks of `alert`: make one (with its condition and period), list them, or change one by number. */
export interface AlertRequest {
  action: 'create' | 'list' | 'pause' | 'resume' | 'delete';
  /** The condition in the command's words: "below 5000", "drops more than 20 % vs last week", "anomaly". */
  condition?: string;
  grain?: 'day' | 'week';
  id?: number;
}

const AMOUNT = String.raw`[$€£]?\s?(\d[\d.,]*)\s?(${SCALE_WORDS})?\b`;
const BELOW = String.raw`(?:(?:drops?|falls?|dips?|goes|gets|is|are|sinks?)?\s*(?:below|under|beneath|less than|lower than|fewer than)\s|<=?\s*)`;
const ABOVE = String.raw`(?:(?:rises?|goes|gets|is|are|climbs?)?\s*(?:above|over|more than|greater than|higher than|exceeds?|tops|passes|hits|reaches)\s|>=?\s*)`;
const THRESHOLD = new RegExp(String.raw`(?:(${BELOW})|(${ABOVE}))\s*${AMOUNT}(?!\s?(?:%|percent|per cent|pct))`, 'i');
const CHANGE = new RegExp(
  String.raw`\b(drops?|dropped|falls?|fell|declines?|decreases?|dips?|goes down|is down|sinks?|plunges?|rises?|rose|grows?|increases?|jumps?|spikes?|climbs?|goes up|is up|surges?)\s+(?:by\s+)?(?:more than|over|at least|by)?\s*(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|pct)`,
  'i',
);
/** The change said the other way round: "is more than 25% down on last week", "comes in 10% lower than". */
const CHANGE_AFTER = /\b(?:more than|over|at least|by)?\s*(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|pct)\s+(down|lower|below|less|up|higher|above|more)\b/i;
const FALLING = /^(?:drop|dropped|fall|fell|decline|decrease|dip|goes down|is down|sink|plunge)/i;
const VERSUS_WEEK = /\b(?:vs\.?|versus|compared (?:to|with)|from|than|on|over)\s+(?:the\s+)?(?:same (?:day|weekday) )?(?:previous|prior|last|a) week\b|\bweek (?:before|over week|on week)\b|\bwow\b/i;
const VERSUS_YEAR = /\b(?:vs\.?|versus|compared (?:to|with)|from|than|on|over)\s+(?:the\s+)?(?:same (?:day|week) )?(?:previous|prior|last|a) year\b|\byear (?:over|on) year\b|\byoy\b/i;
const ANOMALY = /\banomal\w*|\bunusual\w*|\bweird\w*|\bstrange\w*|\bodd(?:ly)?\b|\bout of the ordinary\b|\b(?:outside|leaves?|leaving|exits?|breaks? out of) (?:of )?(?:the |its |our )?(?:\d+\s?% )?(?:forecast|expected|normal|usual)|\bunexpected\w*|\babnormal\w*|\bout of (?:the )?(?:forecast|expected|normal) range\b/i;
const DAILY = /\b(?:daily|per day|a day|each day|every day|day to day|day over day|day on day|dod|(?:on )?any day|in a day)\b/i;
const WEEKLY = /\b(?:weekly|per week|a week|each week|every week|in a week|week to week|on any week)\b/i;


/** The condition of an alert as the command reads it, from a sentence: "drops below 5k" → "below 5000". */
export function extractAlertCondition(text: string): string | undefined {
  if (ANOMALY.test(text)) return /\b80\s?(?:%|percent)/i.test(text) ? 'outside the forecast 80 % range' : 'anomaly';
  const change = CHANGE.exec(text);
  const after = change ? null : CHANGE_AFTER.exec(text);
  if (change || after) {
    const versus = VERSUS_YEAR.test(text) ? ' vs last year' : VERSUS_WEEK.test(text) ? ' vs last week' : '';
    const falling = change ? FALLING.test(change[1]) : /^(?:down|lower|below|less)$/i.test(after![2]);
    return `${falling ? 'drops' : 'rises'} more than ${change ? change[2] : after![1]} %${versus}`;
  }
  const threshold = THRESHOLD.exec(text);
  if (threshold) {
    const amount = scaledAmount(threshold[3], threshold[4]);
    if (amount !== undefined) return `${threshold[1] !== undefined ? 'below' : 'above'} ${amount}`;
  }
  return undefined;
}

/** "daily revenue", "per week": the period an alert watches; comparisons ("vs last week") are not the period. */
export function extractAlertGrain(text: string): 'day' | 'week' | undefined {
  const own = text.replace(VERSUS_WEEK, ' ').replace(VERSUS_YEAR, ' ');
  if (DAILY.test(own)) return 'day';
  if (WEEKLY.test(own)) return 'week';
  return undefined;
}

const DELETE = /\b(?:delete|remove|cancel|get rid of|drop|kill|turn off|switch off|disable)\b/i;
const PAUSE = /\b(?:pause|mute|snooze|silence|hold off|stop)\b/i;
const RESUME = /\b(?:resume|unpause|unmute|re-?enable|re-?activate|restart|(?:turn|switch)\b.{0,30}\bback on)\b/i;
/** A change to an alert that exists: a verb, then "alert" within a few words ("cancel the anomaly alert", "stop alert 7"). */
const MANAGES_ALERT = /\b(?:delete|remove|cancel|get rid of|drop|kill|turn off|switch off|disable|pause|mute|snooze|silence|stop|resume|unpause|unmute|re-?enable|re-?activate|restart|turn|switch)\b(?:\s+\S+){0,4}?\s+alerts?\b/i;

/** What a sentence about alerts asks for; undefined when it reads as a new alert without a condition. */
export function extractAlert(text: string): AlertRequest {
  const id = /(?:#|\balert\s+(?:with\s+(?:the\s+)?)?(?:number\s+|no\.?\s*|id\s+)?)(\d+)\b/i.exec(text)?.[1];
  const numbered = id === undefined ? {} : { id: Number(id) };
  const condition = extractAlertCondition(text);
  if (condition === undefined || MANAGES_ALERT.test(text)) {
    if (DELETE.test(text)) return { action: 'delete', ...numbered };
    if (RESUME.test(text)) return { action: 'resume', ...numbered };
    if (PAUSE.test(text)) return { action: 'pause', ...numbered };
  }
  const asksWhichExist = /\b(?:which|what|list|show|see|any|view|my|our|active|current|how many)\b/i.test(text) && /\b(?:alerts|alarms|notifications)\b/i.test(text);
  // "is there an alert running on orders?", "do we already have an alert set up for revenue?"
  const asksWhetherOneExists = /^\W*(?:is\s+there|are\s+there|do\s+we\s+(?:already\s+)?have|have\s+we\s+got|have\s+we\s+set\s+up)\b.*\balerts?\b/i.test(text);
  if (condition === undefined && (asksWhichExist || asksWhetherOneExists)) {
    return { action: 'list' };
  }
  const grain = extractAlertGrain(text);
  return { action: 'create', ...(condition ? { condition } : {}), ...(grain ? { grain } : {}) };
}
