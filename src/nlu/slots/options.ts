import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';

/**
 * Smaller options some commands take, said in words: `retrain intents force`, `clv discount=`,
 * `segment since=`, and how many customers of a segment to list ("15 names from the champions").
 */

/** "even if it scores worse", "no matter what", "regardless", "force". */
const FORCE = /\bforc(?:e|ed|ing)\b|\bregardless\b|\bno\s+matter\s+(?:what|how)\b|\beven\s+if\b|\banyway\b|\bwhatever\s+(?:the|it)\s+scores?\b|\bskip(?:ping)?\s+(?:the\s+)?(?:quality\s+|accuracy\s+)?(?:checks?|comparison|evaluation|tests?|gate)\b|\bwithout\s+(?:the\s+)?(?:checking|checks?|comparing|comparison|evaluation|testing)\b/i;

export function asksToForce(text: string): boolean {
  return FORCE.test(text);
}

/** "a 1% monthly discount rate", "discount at 2 %", "discount=1%". */
const DISCOUNT = /\bdiscount\s*=\s*(\d+(?:\.\d+)?)\s*%|\b(\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:(?:a|per|each)\s+month\s+|monthly\s+)?discount|\bdiscount(?:ing|ed)?\s+(?:rate\s+)?(?:of\s+|at\s+|by\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent)/i;

export function extractDiscount(text: string): string | undefined {
  const m = DISCOUNT.exec(text);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value === undefined ? undefined : `${value}%`;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH},?\s+(\d{4})`, 'i');
const MONTH_DAY_YEAR = new RegExp(String.raw`^${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`, 'i');
const YEAR_START = /^(?:the\s+)?(?:start|beginning)\s+of\s+((?:19|20)\d{2})\b/i;
/** "the end of September 2026", "the start of March 2026", "end of 2026". */
const MONTH_EDGE = new RegExp(String.raw`^(?:the\s+)?(start|beginning|end)\s+of\s+${MONTH},?\s+(\d{4})`, 'i');
const YEAR_END = /^(?:the\s+)?end\s+of\s+((?:19|20)\d{2})\b/i;

/** A day written as people write it, at the start of `text`: 2026-06-30, 30 June 2026, June 30, 2026, the start of 2026, the end of September 2026. */
function readDay(text: string): string | undefined {
  const iso = /^(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return iso[1];
  const pad = (n: number) => String(n).padStart(2, '0');
  // 30/06/2026: only when the day cannot be the month (13 or more).
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (slashed && Number(slashed[1]) > 12 && Number(slashed[2]) <= 12) return `${slashed[3]}-${pad(Number(slashed[2]))}-${pad(Number(slashed[1]))}`;
  const month = (word: string) => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3))) + 1;
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return `${dmy[3]}-${pad(month(dmy[2]))}-${pad(Number(dmy[1]))}`;
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return `${mdy[3]}-${pad(month(mdy[1]))}-${pad(Number(mdy[2]))}`;
  const edge = MONTH_EDGE.exec(text);
  if (edge) {
    const m = month(edge[2]);
    const year = Number(edge[3]);
    const day = /^end$/i.test(edge[1]) ? new Date(Date.UTC(year, m, 0)).getUTCDate() : 1;
    return `${year}-${pad(m)}-${pad(day)}`;
  }
  const start = YEAR_START.exec(text);
  if (start) return `${start[1]}-01-01`;
  const end = YEAR_END.exec(text);
  return end ? `${end[1]}-12-31` : undefined;
}

/** The day written right after the first match of `pattern` that is followed by one. */
function dayAfter(pattern: RegExp, text: string): string | undefined {
  if (!pattern.global) throw new Error('dayAfter needs a global pattern');
  for (const m of text.matchAll(pattern)) {
    const day = readDay(text.slice(m.index + m[0].length));
    if (day) return day;
  }
  return undefined;
}

/** "customers who bought since 2011-01-01", "since the start of 2026": the first day a segmentation counts. */
export function extractSince(text: string): string | undefined {
  return dayAfter(/\bsince\s*=?\s*/gi, text);
}

/** "as of 2026-06-30", "as they stood on 30 June 2026", "as_of=…": the day an analysis looks from. */
export function extractAsOf(text: string): string | undefined {
  return (
    dayAfter(/\bas_of\s*=\s*|\bas\s+(?:of|at)\s+|\bas\s+(?:they|it|things)\s+(?:stood|were|was)\s+(?:on\s+)?|\b(?:data|orders|purchases|history)\s+(?:up\s+to|until|till|through)\s+(?:and\s+including\s+)?/gi, text) ??
    // "how would the segments have looked on 2026-06-30", "what would CLV have said on 1 March 2026".
    (/\b(?:would|might|could)\s+(?:\w+\s+){0,3}(?:have|'ve)\s+(?:\w+\s+){0,2}/i.test(text) ? dayAfter(/\b(?:on|at|by)\s+(?:the\s+)?/gi, text) : undefined)
  );
}

/** "with k-means", "kmeans clustering": the segmentation method other than RFM. */
export function asksForKmeans(text: string): boolean {
  return /\bk[\s-]?means\b|\bmethod\s*=\s*kmeans\b/i.test(text);
}

/** "15 names", "twenty customers", "10 people", "give me 30": how many members to list. */
const MEMBER_COUNT = new RegExp(
  String.raw`\b(\d{1,3}|${NUMBER_WORD_PATTERN})\s+(?:names|customers|people|members|accounts|buyers|of\s+them)\b|\b(?:give|show|list)\s+(?:me|us)\s+(?:the\s+)?(\d{1,3}|${NUMBER_WORD_PATTERN})\s*(?:[.!?]|$)` +
    // "just the first 15", "only the top 20" (not "the first 3 months").
    String.raw`|\b(?:(?:just|only)\s+(?:the\s+)?(?:first|top)|the\s+first|list|show)\s+(\d{1,3}|${NUMBER_WORD_PATTERN})\b(?!\s*(?:days?|weeks?|months?|quarters?|years?|hours?|%|k\b)|[.,]\d)` +
    // "5 of our loyal customers", "ten of them"
    String.raw`|\b(\d{1,3}|${NUMBER_WORD_PATTERN})\s+of\s+(?:our|the|them|those|these)\b`,
  'i',
);

export function extractMemberCount(text: string): number | undefined {
  const m = MEMBER_COUNT.exec(text);
  const count = m ? parseCount(m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  return count !== undefined && count >= 1 && count <= 100 ? count : undefined;
}
