import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';
import { MaskedText, type CompareMode } from './types.ts';

/**
 * Slots of the `metric` command read from a question about the past: "orders by country this month
 * vs last month", "top 10 products this quarter", "how many new customers did we get in November?".
 * Readers run in an order where each blanks out what it read: the comparison ("vs last year" is
 * not the period), the period, the breakdown and top N ("top 10 customers" is a breakdown, not the
 * customers metric), then the metric from what is left. The values are written the way the command
 * reads them (src/answers/metric/period.ts, request.ts), so `toCommandLine` only joins them.
 */
export interface ReportSlots {
  metricName?: string;
  period?: string;
  by?: string;
  compare?: CompareMode;
  top?: number;
}

const NUM = String.raw`\d{1,3}|${NUMBER_WORD_PATTERN}`;

interface Hit {
  index: number;
  length: number;
}

/** Global copies of the rules' patterns (matchAll needs the g flag), compiled once. */
const GLOBAL = new WeakMap<RegExp, RegExp>();
function global(pattern: RegExp): RegExp {
  let re = GLOBAL.get(pattern);
  if (!re) {
    re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    GLOBAL.set(pattern, re);
  }
  return re;
}

/** The earliest match of any pattern (ties: the longest), with the function that turns it into a value. */
function earliest<T>(text: string, rules: Array<[RegExp, (m: RegExpExecArray) => T | undefined]>): (Hit & { value: T }) | undefined {
  let best: (Hit & { value: T }) | undefined;
  for (const [pattern, read] of rules) {
    for (const m of text.matchAll(global(pattern))) {
      const value = read(m as RegExpExecArray);
      if (value === undefined) continue;
      const index = m.index ?? 0;
      if (!best || index < best.index || (index === best.index && m[0].length > best.length)) best = { index, length: m[0].length, value };
      break;
    }
  }
  return best;
}

function take<T>(masked: MaskedText, hit: (Hit & { value: T }) | undefined): T | undefined {
  if (!hit) return undefined;
  masked.consume(hit.index, hit.length);
  return hit.value;
}

// ---------------------------------------------------------------- comparison

const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const yearsIn = (text: string) => [...text.matchAll(/\b((?:19|20)\d{2})\b/g)].map((m) => Number(m[1]));

const VS = String.raw`(?:vs\.?|versus|compared\s+(?:to|with)|compare(?:s|d)?\s+(?:it\s+|that\s+|this\s+)?(?:to|with)|against|relative\s+to)`;
const COMPARE_RULES: Array<[RegExp, (m: RegExpExecArray) => CompareMode | undefined]> = [
  [/\bvs\s*=\s*(previous|last_year|none)\b/i, (m) => m[1].toLowerCase() as CompareMode],
  [
    new RegExp(
      String.raw`\b${VS}\s+(?:the\s+)?(?:(?:same\s+(?:period|time|days|dates|week|month|quarter)\s+(?:of\s+|in\s+)?)?(?:last|previous|prior|the\s+previous|the\s+prior)\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+year\s+before|year\s+before)\b`,
      'i',
    ),
    () => 'last_year',
  ],
  [/\b(?:yoy|y\/y|year[\s-](?:over|on)[\s-]year)\b/i, () => 'last_year'],
  [/\b(?:the\s+)?same\s+(?:day|week|month|quarter|period)\s+(?:a\s+year\s+(?:earlier|before|ago)|(?:of\s+|in\s+)?(?:last|the\s+previous|the\s+prior)\s+year)\b/i, () => 'last_year'],
  // "september, compared with september last year"
  [new RegExp(String.raw`\b${VS}\s+(?:${MONTH_NAMES})\s+(?:of\s+)?last\s+year\b`, 'i'), () => 'last_year'],
  // "Q4 2011 compared with Q4 2010", "november 2011 vs november 2010": the same period a year earlier.
  [new RegExp(String.raw`\b${VS}\s+(?:the\s+)?(?:q[1-4]|${MONTH_NAMES})\.?\s+((?:19|20)\d{2})\b`, 'i'), (m) => (yearsIn(m.input).includes(Number(m[1]) + 1) ? 'last_year' : undefined)],
  [
    new RegExp(
      String.raw`\b${VS}\s+(?:the\s+)?(?:(?:previous|prior|last|preceding)\s+(?:period|day|week|month|quarter|one)|(?:day|week|month|quarter|period)\s+before|yesterday|before)\b`,
      'i',
    ),
    () => 'previous',
  ],
  [/\b(?:day|week|month|quarter)[\s-](?:over|on)[\s-](?:day|week|month|quarter)\b|\b(?:mom|wow|qoq|dod)\b/i, () => 'previous'],
  [/\b(?:without|no)\s+(?:a\s+|any\s+)?comparisons?\b/i, () => 'none'],
  // "compare orders this week with last week": only the second period is the comparison.
  [/(?<=\bcompar(?:e|ing)\b.*?)\b(?:with|to|against|and)\s+(?:the\s+)?(?:same\s+\w+\s+)?(?:last|previous|prior)\s+year\b/i, () => 'last_year'],
  [/(?<=\bcompar(?:e|ing)\b.*?)\b(?:with|to|against|and)\s+(?:the\s+)?(?:previous|prior|last|preceding)\s+(?:day|week|month|quarter|period)\b/i, () => 'previous'],
];

// ---------------------------------------------------------------- period

const MONTH_WORDS = 'january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const UNIT_WORD: Record<string, string> = { day: 'days', week: 'weeks', month: 'months', quarter: 'quarters', year: 'years' };

/** "'11" → 2011; "2011" → 2011. */
const fullYear = (text: string) => (text.startsWith("'") ? `20${text.slice(1)}` : text);

function unitOf(word: string): string | undefined {
  const w = word.toLowerCase().replace(/s$/, '');
  return w === 'fortnight' ? 'fortnight' : w in UNIT_WORD ? w : undefined;
}

const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const UNTIL = String.raw`(?:and|to|until|till|through|thru|-|–)`;
const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NUMBER = (word: string) => MONTH_ABBREVIATIONS.indexOf(word.toLowerCase().slice(0, 3)) + 1;
/** A day or days of a month without its year, when the days can exist (the metric command finds the year). */
const yearless = (period: string, ...days: string[]) => (days.every((d) => Number(d) >= 1 && Number(d) <= 31) ? period : undefined);

/** year, month word, day of month → 2026-11-03, or undefined when there is no such day. */
function isoDay(year: string, month: string, day: string): string | undefined {
  const m = MONTH_NUMBER(month);
  const d = Number(day);
  const date = new Date(Date.UTC(Number(year), m - 1, d));
  if (m < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

const sinceDay = (day: string | undefined) => (day ? `since ${day}` : undefined);

function dayRange(from: [string, string, string], to: [string, string, string]): string | undefined {
  const first = isoDay(...from);
  const last = isoDay(...to);
  return first && last && first <= last ? `${first}..${last}` : undefined;
}

const ORDINAL_QUARTER: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };

const PERIOD_RULES: Array<[RegExp, (m: RegExpExecArray) => string | undefined]> = [
  [/\bperiod\s*=\s*(\S+)/i, (m) => m[1]],
  // Dates: a range, since a day, one day, a month.
  [
    /\b(?:from\s+|between\s+)?(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|until|till|through|thru|and|-|–)\s*(\d{4}-\d{2}-\d{2})\b/i,
    (m) => `${m[1]}..${m[2]}`,
  ],
  [/\bsince\s+(\d{4}-\d{2}-\d{2})\b/i, (m) => `since ${m[1]}`],
  [new RegExp(String.raw`\bsince\s+(?:the\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?,?\s+(\d{4})\b`, 'i'), (m) => sinceDay(isoDay(m[3], m[2], m[1]))],
  [new RegExp(String.raw`\bsince\s+(${MONTH_WORDS}|may)\.?\s+${DAY},?\s+(\d{4})\b`, 'i'), (m) => sinceDay(isoDay(m[3], m[1], m[2]))],
  [/\b(\d{4}-\d{2}-\d{2})\b/, (m) => m[1]],
  [/\b(\d{4}-\d{2})\b(?!-)/, (m) => m[1]],
  // Days in words, with their year: "between 1 and 15 november 2026", "3 march 2026 to 10 april 2026", "on November 3, 2026".
  [new RegExp(String.raw`\b(?:between\s+|from\s+)?(?:the\s+)?${DAY}\s*${UNTIL}\s*(?:the\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?,?\s+(\d{4})\b`, 'i'), (m) => dayRange([m[4], m[3], m[1]], [m[4], m[3], m[2]])],
  [
    new RegExp(String.raw`\b(?:between\s+|from\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?,?(?:\s+(\d{4}))?\s*${UNTIL}\s*${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?,?\s+(\d{4})\b`, 'i'),
    (m) => dayRange([m[3] ?? m[6], m[2], m[1]], [m[6], m[5], m[4]]),
  ],
  [new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?,?\s+(\d{4})\b`, 'i'), (m) => isoDay(m[3], m[2], m[1])],
  [new RegExp(String.raw`\b(${MONTH_WORDS}|may)\.?\s+${DAY},?\s+(\d{4})\b`, 'i'), (m) => isoDay(m[3], m[1], m[2])],
  // Without a year, as the metric command reads them (the latest such days): "27 Nov", "28-29 nov", "the 1st to the 15th of November".
  [new RegExp(String.raw`\b(?:between\s+|from\s+)?(?:the\s+)?${DAY}\s*${UNTIL}\s*(?:the\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\b`, 'i'), (m) => yearless(`${m[1]}-${m[2]} ${m[3].toLowerCase()}`, m[1], m[2])],
  [new RegExp(String.raw`\b(?:between\s+|from\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\.?\s*${UNTIL}\s*${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\b`, 'i'), (m) => yearless(`${m[1]} ${m[2].toLowerCase()}..${m[3]} ${m[4].toLowerCase()}`, m[1], m[3])],
  [new RegExp(String.raw`\b(?:the\s+)?${DAY}\s+(?:of\s+)?(${MONTH_WORDS}|may)\b`, 'i'), (m) => yearless(`${m[1]} ${m[2].toLowerCase()}`, m[1])],
  // 30/06/2026 when it can only be a day then a month (or a month then a day).
  [/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/, (m) => (Number(m[1]) > 12 ? isoDay(m[3], MONTH_ABBREVIATIONS[Number(m[2]) - 1] ?? '', m[1]) : Number(m[2]) > 12 ? isoDay(m[3], MONTH_ABBREVIATIONS[Number(m[1]) - 1] ?? '', m[2]) : undefined)],
  [/\bq([1-4])\s+(?:of\s+)?(last|this)\s+year\b/i, (m) => `Q${m[1]} ${m[2].toLowerCase()} year`],
  // Quarters: Q4, Q4 2011, 2011 Q4, the fourth quarter of 2011.
  [/\bq([1-4])(?:\s*[-/]?\s*(\d{4}|'\d{2}))?\b/i, (m) => (m[2] ? `Q${m[1]} ${fullYear(m[2])}` : `Q${m[1]}`)],
  [/\b(\d{4})\s*[-/]?\s*q([1-4])\b/i, (m) => `Q${m[2]} ${m[1]}`],
  [
    /\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(\d{4}))?\b/i,
    (m) => `Q${ORDINAL_QUARTER[m[1].toLowerCase()]}${m[2] ? ` ${m[2]}` : ''}`,
  ],
  // Months: november, nov 2011, November of 2011; "may" only as "in may" or "may 2011".
  [new RegExp(String.raw`\b(${MONTH_WORDS})\.?(?:,?\s+(?:of\s+)?(\d{4}|'\d{2}))?\b`, 'i'), (m) => (m[2] ? `${m[1].toLowerCase()} ${fullYear(m[2])}` : m[1].toLowerCase())],
  [/\b(?:in|during|for|of|since)\s+(may)(?:,?\s+(?:of\s+)?(\d{4}|'\d{2}))?\b/i, (m) => (m[2] ? `may ${fullYear(m[2])}` : 'may')],
  [/\b(may)\s+(\d{4}|'\d{2})\b/i, (m) => `may ${fullYear(m[2])}`],
  // Rolling: the last 30 days, past two weeks, last fortnight.
  [
    new RegExp(String.raw`\b(?:(?:in|over|during|for)\s+)?(?:the\s+)?(last|past|previous|trailing)\s+(${NUM})\s+(days?|weeks?|months?|quarters?|years?)\b`, 'i'),
    (m) => {
      const count = parseCount(m[2]);
      const unit = unitOf(m[3]);
      return count === undefined || count < 1 || !unit || unit === 'fortnight' ? undefined : `last ${count} ${count === 1 ? unit : UNIT_WORD[unit]}`;
    },
  ],
  [/\b(?:the\s+)?(?:last|past)\s+fortnight\b/i, () => 'last 14 days'],
  [/\b(?:the\s+)?(?:last|past)\s+(?:couple\s+of|few)\s+(days|weeks|months)\b/i, (m) => ({ days: 'last 7 days', weeks: 'last 14 days', months: 'last 90 days' })[m[1].toLowerCase()]],
  // Calendar units: this month, last quarter, the previous week, past year, so far this year.
  // "last months revenue": the apostrophe people leave out.
  [/\b(this|current|last|previous|prior|past)\s+(week|month|quarter|year)(?:'?s|’s)?\b/i, (m) => `${m[1].toLowerCase()} ${m[2].toLowerCase()}`],
  [/\b(ytd|mtd|qtd|wtd)\b/i, (m) => m[1].toLowerCase()],
  [/\b(year|month|quarter|week)[\s-]to[\s-]date\b/i, (m) => `this ${m[1].toLowerCase()}`],
  [/\b(?:for\s+)?the\s+(year|month|quarter|week)\s+so\s+far\b/i, (m) => `this ${m[1].toLowerCase()}`],
  [/\btoday\b|\bso far today\b/i, () => 'today'],
  [/\byesterday\b/i, () => 'yesterday'],
  // A year: in 2011, 2011.
  [/\b((?:19|20)\d{2})\b(?![-/]\d)/, (m) => m[1]],
  [/\b(?:of\s+)?all[\s-]time\b|\bever\b|\bsince\s+the\s+(?:start|beginning)\b/i, () => 'all time'],
];

// ---------------------------------------------------------------- breakdown and top N

const DIMENSION_WORDS: Array<[string, string]> = [
  ['country', 'countries|country|markets?|regions?|nations?'],
  ['product', 'products?|skus?|items?|articles?|stock\\s*codes?'],
  // Before customer: "each customer segment" is by segment.
  ['segment', '(?:customer\\s+)?segments?'],
  ['customer', 'customers?|clients?|buyers?|shoppers?|accounts?'],
  ['channel', 'channels?|media'],
  ['day', 'days?|daily'],
  ['week', 'weeks?|weekly'],
  ['month', 'months?|monthly'],
];
const DIMENSIONS = DIMENSION_WORDS.map(([, words]) => words).join('|');

const DIMENSION_PATTERNS = DIMENSION_WORDS.map(([name, words]) => [name, new RegExp(`^(?:${words})$`, 'i')] as const);

function dimensionOf(word: string): string | undefined {
  return DIMENSION_PATTERNS.find(([, pattern]) => pattern.test(word))?.[0];
}

/** The dimension word of a match, so only it is blanked ("which products sell best": "sell" is the metric). */
function dimensionHit(m: RegExpExecArray, group: number): (Hit & { value: string }) | undefined {
  const word = m[group];
  const value = word === undefined ? undefined : dimensionOf(word);
  if (!value) return undefined;
  const offset = m[0].toLowerCase().lastIndexOf(word.toLowerCase());
  return { index: (m.index ?? 0) + offset, length: word.length, value };
}

const RANKING = String.raw`top|best|biggest|largest|highest|leading|strongest|worst|weakest|lowest|smallest|best[\s-]selling|top[\s-]selling|most\s+(?:popular|profitable|valuable|important)`;
/** Breakdowns whose rows can be ranked and counted ("the 20 customers", "which 10 products"); not days or weeks. */
const RANKED_DIMENSIONS = DIMENSION_WORDS.filter(([name]) => !['day', 'week', 'month'].includes(name)).map(([, words]) => words).join('|');
/** "show me the 20 customers…", "which 10 products…", "list 15 countries": a count in front of a ranked breakdown. */
const COUNTED_ROWS = new RegExp(String.raw`\b(?:show|list|give|get|pull|find|name|see|which|what|the|our)\s+(?:me\s+|us\s+)?(?:the\s+|our\s+)?(${NUM})\s+(?:[a-z]+\s+)?(${RANKED_DIMENSIONS})\b`, 'i');
const BY_RULES: Array<[RegExp, number]> = [
  [/\bby\s*=\s*([a-z]+)/i, 1],
  [new RegExp(String.raw`\b(?:broken\s+(?:down|out)\s+|split\s+|grouped\s+|segmented\s+|break(?:ing)?\s+(?:it\s+)?down\s+|breakdown\s+)?(?:by|per|for\s+each|for\s+every|in\s+each|across(?:\s+all)?(?:\s+the)?|each)\s+(?:the\s+)?(?:each\s+)?(${DIMENSIONS})\b`, 'i'), 1],
  [new RegExp(String.raw`\b(?:${RANKING})\s+(?:(?:${NUM})\s+)?(?:[a-z]+[\s-])?(${DIMENSIONS})\b`, 'i'), 1],
  [new RegExp(String.raw`\b(?:${NUM})\s+(?:${RANKING})\s+(?:[a-z]+[\s-])?(${DIMENSIONS})\b`, 'i'), 1],
  [new RegExp(String.raw`\b(?:which|what)\s+(?:of\s+our\s+|of\s+the\s+)?(${DIMENSIONS})\b`, 'i'), 1],
  [COUNTED_ROWS, 2],
  [new RegExp(String.raw`\b(${DIMENSIONS})\s+(?:with|by)\s+the\s+most\b`, 'i'), 1],
  [/\b(daily|weekly|monthly)\b/i, 1],
  [/\b(day|week|month)[\s-]by[\s-](?:day|week|month)\b/i, 1],
];
BY_RULES.splice(-2, 0, [/\b(daily|weekly|monthly|day|week|month)\s+(?:buckets?|steps?|granularity|resolution|totals|breakdown)\b/i, 1]);

function earliestBreakdown(text: string, rules: Array<[RegExp, number]>): (Hit & { value: string }) | undefined {
  let best: (Hit & { value: string }) | undefined;
  for (const [pattern, group] of rules) {
    const m = pattern.exec(text);
    const hit = m ? dimensionHit(m, group) : undefined;
    if (hit && (!best || hit.index < best.index)) best = hit;
  }
  return best;
}

const inRange = (n: number | undefined) => (n !== undefined && n >= 1 && n <= 100 ? n : undefined);
const TOP_RULES: Array<[RegExp, (m: RegExpExecArray) => number | undefined]> = [
  [/\btop\s*=\s*(\d+)\b/i, (m) => inRange(Number(m[1]))],
  [new RegExp(String.raw`\b(?:top|best|biggest|largest|highest|leading|worst|lowest)[\s-]?(${NUM})\b`, 'i'), (m) => inRange(parseCount(m[1]))],
  [new RegExp(String.raw`\b(${NUM})\s+(?:${RANKING})\b`, 'i'), (m) => inRange(parseCount(m[1]))],
  [COUNTED_ROWS, (m) => inRange(parseCount(m[1]))],
];

// ---------------------------------------------------------------- metric

/** A word that makes "spent"/"spend" mean money customers paid us (revenue), not our media spend. */
const CUSTOMER_SUBJECT = /(?:customers?|clients?|buyers?|shoppers?|who|they|people|accounts?)\s+(?:\w+\s+){0,2}$/i;

const METRIC_RULES: Array<[RegExp, (m: RegExpExecArray, text: string) => string | undefined]> = [
  // An imported KPI said as such: "the imported revenue KPI", "kpi:revenue" (an order metric of the same name is another thing).
  [/\bkpi:(\w+)|\b(?:imported\s+)?(?!the\b|our\b|a\b|any\b|which\b|what\b|imported\b)(\w+)\s+kpis?\b/i, (m) => `kpi:${(m[1] ?? m[2]).toLowerCase()}`],
  [/\b(?:returning|repeat|existing)[\s_-]+(?:customers?|clients?|buyers?|shoppers?|purchasers?)\b|\b(?:came|come|coming)\s+back\b/i, () => 'returning_customers'],
  [/\bnew[\s_-]+(?:customers?|clients?|buyers?|shoppers?|accounts?)\b|\bfirst[\s-]time\s+(?:customers?|buyers?|shoppers?)\b|\b(?:customer\s+)?acquisitions?\b|\bacquired?\b/i, () => 'new_customers'],
  [/\baov\b|\baverage\s+(?:order|basket|ticket)(?:\s+(?:value|size))?\b|\bavg\.?\s+(?:order|basket)(?:\s+(?:value|size))?\b|\bbasket\s+(?:size|value)\b|\border\s+value\b/i, () => 'aov'],
  [/\broas\b|\breturn\s+on\s+(?:ad|advertising|marketing|media)\s+spend\b/i, () => 'roas'],
  [
    /\b(?:ad|advertising|marketing|media|paid)\s+(?:spend|spending|costs?|budget)\b|\bspend(?:ing)?\b|\bspent\b|\bcosts?\b/i,
    (m, text) => (CUSTOMER_SUBJECT.test(text.slice(0, m.index)) ? 'revenue' : 'spend'),
  ],
  [/\bunits?\b|\bitems?\s+(?:sold|shipped|bought|ordered)\b|\bquantit(?:y|ies)\b|\bhow\s+many\s+(?:items|products|pieces)\b|\bpieces\b/i, () => 'units'],
  [/\breturns\b|\brefunds?\b|\breturned\b|\breturn\s+rate\b|\b(?:sent|send|sending|brought|bring|came)\s+(?:\w+\s+)?back\b/i, () => 'returns'],
  [/\borders?\b|\bordered\b|\btransactions?\b|\binvoices?\b|\bpurchases\b|\bcheckouts?\b/i, () => 'orders'],
  [/\b(?:active\s+)?(?:customers?|clients?|buyers?|shoppers?)\b/i, () => 'customers'],
  [/\brevenue\b|\bsales\b|\bturnover\b|\bincome\b|\bgmv\b|\btakings\b|\bsell(?:s|ing)?\b|\bsold\b|\bbought\b|\bbuy(?:s|ing)?\b|\bearn(?:ed|ings)?\b|\bmade\b|\bmake\b/i, () => 'revenue'],
];

/**
 * The metric named first in the text (ties: the more specific rule), read from what the other
 * readers left; `original` is the whole text, for the words around a match. Plain "customers" gives
 * way to a qualifier anywhere ("how many customers did we acquire", "customers who came back").
 */
function readMetric(text: string, original: string): string | undefined {
  let best: { index: number; rank: number; value: string } | undefined;
  const found = new Set<string>();
  METRIC_RULES.forEach(([pattern, read], rank) => {
    const m = pattern.exec(text);
    if (!m) return;
    const value = read(m, original);
    if (value === undefined) return;
    found.add(value);
    if (!best || m.index < best.index || (m.index === best.index && rank < best.rank)) best = { index: m.index, rank, value };
  });
  if (best?.value === 'customers') return ['new_customers', 'returning_customers'].find((name) => found.has(name)) ?? 'customers';
  return best?.value;
}

/** The metric a text names, read on its own (no period or breakdown taken out first). */
export function readMetricName(text: string): string | undefined {
  return readMetric(text, text);
}

/** Every `metric` slot the text holds; only those found are set. */
const SEVERAL_CHANNELS = /\b(?:(?:the\s+)?(?:other|all|our|different)\s+(?:the\s+)?channels|channels?\s+(?:each|one\s+by\s+one))\b/i;

/** The last text read and what it held: a message is read for features and then for slots, mostly as the same text. */
let lastRead: { text: string; slots: Readonly<ReportSlots> } | undefined;

export function extractReport(text: string): ReportSlots {
  if (lastRead?.text !== text) lastRead = { text, slots: readReport(text) };
  return { ...lastRead.slots };
}

function readReport(text: string): ReportSlots {
  const masked = new MaskedText(text);
  const compare = take(masked, earliest(masked.text, COMPARE_RULES));
  const period = take(masked, earliest(masked.text, PERIOD_RULES));
  // Top N is read, not blanked: "top 10 products" is also the breakdown.
  const top = earliest(masked.text, TOP_RULES)?.value;
  let by: string | undefined;
  // An explicit breakdown ("per day", "by country") outranks an adjective ("the monthly review").
  const byHit = earliestBreakdown(masked.text, BY_RULES.slice(0, -2)) ?? earliestBreakdown(masked.text, BY_RULES.slice(-2));
  if (byHit) {
    by = byHit.value;
    masked.consume(byHit.index, byHit.length);
  }
  const metricName = readMetric(masked.text, text);
  // "what did tv, search and the other channels cost": spend over the channels is spend by channel.
  if (by === undefined && (metricName === 'spend' || metricName === 'roas') && SEVERAL_CHANNELS.test(text)) by = 'channel';
  const slots: ReportSlots = {};
  if (metricName) slots.metricName = metricName;
  if (period) slots.period = period;
  if (by) slots.by = by;
  if (compare) slots.compare = compare;
  if (top !== undefined) slots.top = top;
  return slots;
}
