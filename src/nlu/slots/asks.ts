import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';

/** Return on spend per channel ("which channel has the best ROI", "marginal roas of each channel"): `allocate roi`. */
const ROI = /\broi\b|\broas\b|\b(?:return|revenue|sales|earn\w*|income|profit)\s+(?:per|for\s+(?:each|every)|on\s+(?:each|every))\s+(?:pound|euro|dollar|buck|[£€$])|\b(?:next|extra|additional|each|every|per)\s+(?:extra\s+|additional\s+)?(?:pound|euro|dollar|buck)\b|\bworth\s+(?:more|less|the)\s+(?:money|budget|spend|investment)\b|\b(?:most|best|highest)\s+return\b|\breturns?\s+on\s+(?:(?:our|the|ad|advertising|marketing|media)\s+)*(?:spend|investment|budget)\b|\bmarginal\b|\breturns?\s+(?:on|of|from)\s+(?:each|every)\s+channel\b|\bbest\s+returns?\b|\bbang\s+for\s+(?:the|our|your)?\s*bucks?\b|\bpays?\s+(?:back|off)\b|\bpaying\s+(?:back|off)\b|\b(?:most|least)\s+(?:efficient|effective|profitable)\s+channels?\b|\bchannels?\b.*\b(?:most|least|more|less)\s+(?:efficient|effective|profitable)\b/i;

export function asksForRoi(text: string): boolean {
  return ROI.test(text);
}

/** How past forecasts did ("how accurate were our forecasts?", "how far off were the predictions"): `forecast accuracy`. */
const ACCURACY = /\baccura(?:te|tely|cy)\b|\bhow (?:far )?off\b|\bcome true\b|\b(?:hit|miss)(?:ed)? (?:or|and) miss\b|\bhow (?:good|well|close|reliable|right|wrong)\b|\berror\b|\bmape\b|\bturn(?:ed)? out\b|\bh(?:o|e)ld(?:ing)? up\b|\bback ?test|\bany good\b|\bactuals?\b|\bwhat\s+(?:actually\s+)?happened\b|\bagainst\s+(?:the\s+)?(?:real|actual)\w*|\bscore\b/i;
const FORECAST_WORD = /\b(?:forecast\w*|predict\w*|projection\w*)\b/i;
/** Words about the past that make an accuracy question about forecasts already made. */
const PAST = /\b(?:were|was|been|have|did|past|previous|last|earlier|so far|actually|accuracy)\b/i;

export function asksForAccuracy(text: string): boolean {
  return FORECAST_WORD.test(text) && ACCURACY.test(text) && PAST.test(text);
}

/**
 * Measures Pulse does not have (web analytics, email, social, support), asked like a metric: "how
 * many website visitors…", "what was our open rate". A feature for the classifier, not a refusal.
 */
const FOREIGN_MEASURE = /\b(?:brand awareness|awareness|influencers?|cost per click|cpc|cpm|bitcoin|btc|ethereum|eth|crypto\w*|backlinks?|visitors?|visits|traffic|sessions|page ?views|followers|likes|shares|retweets|impressions|clicks|click-?through|ctr|open rates?|opens|opened|unsubscribes?|subscribers|bounce|downloads|installs|posts|emails|newsletters?|tickets|calls|leads|mentions|reviews|ratings?|nps|csat|dau|mau|wau|(?:app|mobile|active|monthly active|daily active) users|conversion rates?|headcount|employees|staff|signups?|stock price|share price|weather|rain|snow|temperature|sunshine|satisfaction|share of voice|sentiment|rankings?)\b/i;

export function asksForeignMeasure(text: string): boolean {
  return FOREIGN_MEASURE.test(text);
}

/** The price of something in general ("how much does a tv ad cost in the uk"), not what we spent. */
const PRICE_QUESTION = /\bhow much (?:does|do|would|will|should|is|are) (?:a|an|one|it|the price of)\b.*\bcost\b|\bprice of (?:a|an|one)\b/i;

export function asksPrice(text: string): boolean {
  return PRICE_QUESTION.test(text);
}

/** A file rather than an answer: `segment export`, `clv export`. */
export function asksForExport(text: string): boolean {
  return /\bexport\w*\b|\bcsv\b|\bdownload\w*\b|\bspreadsheet\b|\bexcel\b|\bxlsx\b|\b(?:a|as\s+a|in\s+a)\s+file\b/i.test(text);
}

const UNIT_LETTER: Record<string, string> = { day: 'd', week: 'w', month: 'm', quarter: 'q', year: 'y' };
const NUM = String.raw`\d{1,4}|${NUMBER_WORD_PATTERN}`;
const UNIT = 'days?|weeks?|months?|quarters?|years?|fortnight';
/** Only a future phrase: "over the next 6 months", "in the coming year", "90 days ahead", "horizon=6m". */
const FUTURE: RegExp[] = [
  /\bhorizon\s*=\s*(\d+)\s*([dwmqy])\b/i,
  new RegExp(String.raw`\b(?:next|coming|following|upcoming)\s+(?:(${NUM}|half(?:\s+a)?)\s+)?(${UNIT})\b`, 'i'),
  new RegExp(String.raw`\b(${NUM})\s+(${UNIT})\s+(?:ahead|out|from\s+now|forward)\b`, 'i'),
  new RegExp(String.raw`\b(?:within|in)\s+(${NUM})\s+(${UNIT})\b(?!\s+ago)`, 'i'),
  // "a 3 month horizon", "12-month horizon", "over two years", "over a year"
  new RegExp(String.raw`\b(${NUM})[\s-](day|week|month|quarter|year)s?\s+horizon\b`, 'i'),
  new RegExp(String.raw`\bover\s+(?:a|an|(${NUM}))\s+(${UNIT})\b(?!\s+(?:ago|back|before|earlier))`, 'i'),
];

/** "predicted CLV for 180 days", "expected value across 2 years": a span that is ahead because the sentence predicts. */
const PREDICTS = /\b(?:predict\w*|project\w*|expect\w*|forecast\w*|future|will|going\s+to)\b/i;
const SPAN = new RegExp(String.raw`\b(?:for|across|covering)\s+(?:the\s+)?(${NUM})\s+(${UNIT})\b(?!\s+(?:ago|back|before|earlier))`, 'i');

/** A look-ahead for `clv horizon=`: "6m", "90d", "12m" ("horizon=1y" as written); nothing for past phrases ("the last 90 days"). */
export function extractLookahead(text: string): string | undefined {
  for (const pattern of PREDICTS.test(text) ? [...FUTURE, SPAN] : FUTURE) {
    const m = pattern.exec(text);
    if (!m) continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 12), m.index).toLowerCase();
    if (/\b(?:last|past|previous)\s*$/.test(before)) continue;
    const unitWord = m[2].toLowerCase().replace(/s$/, '');
    if (m[1] !== undefined && /^half/i.test(m[1])) {
      if (unitWord === 'year') return '6m';
      continue;
    }
    const count = m[1] === undefined ? 1 : parseCount(m[1]);
    if (count === undefined || count < 1) continue;
    if (unitWord === 'fortnight') return `${count * 2}w`;
    // clv's horizon= takes days, weeks, months or years: a quarter is 3 months; a year is written
    // in months, as forecast horizons are ("next year" → 12m).
    if (unitWord === 'quarter') return `${count * 3}m`;
    if (unitWord === 'year') return `${count * 12}m`;
    const letter = unitWord.length === 1 ? unitWord : UNIT_LETTER[unitWord];
    if (letter) return `${count}${letter}`;
  }
  return undefined;
}
