import { extractSlots, type CompareMode, type SlotContext } from './slots/index.ts';

/**
 * What a follow-up ("and by country?", "what about last year?", "same for orders", "now for Germany",
 * "make it 8 weeks", "and top 5?") changes in the previous command. Only what the words name is set.
 */
export interface FollowUpChange {
  /** A metric named (`metric`'s name, `forecast`'s metric). */
  metric?: string;
  period?: string;
  by?: string;
  compare?: CompareMode;
  top?: number;
  country?: string;
  /** Compact horizon as commands write it: "8w", "3m", "Q1". */
  horizon?: string;
  /** The horizon in words, for a `metric` period ("make it 8 weeks" → the last 8 weeks). */
  horizonWords?: { amount: number; unit: 'd' | 'w' | 'm' | 'q' };
  segmentName?: string;
  k?: number;
  budget?: number;
}

export interface FollowUp {
  change: FollowUpChange;
  /** Opens with a follow-up word ("and", "what about", "same for", "now", "make it", …). */
  marked: boolean;
}

const MARKER =
  /^(?:(?:ok(?:ay)?|great|thanks|cool|nice)[,!.]?\s+)?(?:and|also|but|so|then|now|instead|just|only|what about|how about|same(?: thing| again)?(?: for| but| with| by| in)?|do (?:the same|that|it) (?:for|by|with|in)|make it|change it to|switch to|try|by|per|for|in|vs\.?|versus|compared (?:with|to))\b/i;

/** Words that start a request of its own: such a sentence goes to the classifier, not here. */
const NEW_REQUEST = /\b(?:forecast|predict|segment(?:s|ation)?|cluster|churn|clv|lifetime|allocate|budget|split|schedule|every|alert|notify|retrain|help|export|download|csv|remind|weather|joke)\b/i;

/** Longest sentence read as a follow-up: with a follow-up word, and without one (then only when a previous command exists). */
const MAX_WORDS_MARKED = 8;
const MAX_WORDS_UNMARKED = 3;

/** Metric names people say that extractSlots also defaults to; a default is not a change. */
const SAYS_METRIC = /\b(?:revenue|sales|turnover|orders?|customers?|aov|average order|basket|spend|roas|units|items|quantity|returns?|refunds?)\b/i;

/**
 * Reads a sentence as a follow-up, or undefined when it is not one (too long, asks something of its
 * own, or names nothing a command takes). Whether it fits the previous command is decided by who applies it.
 */
export function parseFollowUp(text: string, context: SlotContext = {}): FollowUp | undefined {
  const clean = text.trim().replace(/[?!.]+$/, '').trim();
  if (!clean) return undefined;
  const marked = MARKER.test(clean);
  const words = clean.split(/\s+/).length;
  if (words > (marked ? MAX_WORDS_MARKED : MAX_WORDS_UNMARKED) || NEW_REQUEST.test(clean)) return undefined;
  const slots = extractSlots(clean, context);
  const change: FollowUpChange = {};
  const metric = slots.metric ?? (slots.metricName && SAYS_METRIC.test(clean) ? slots.metricName : undefined);
  if (metric && SAYS_METRIC.test(clean)) change.metric = slots.metricName ?? metric;
  if (slots.period) change.period = slots.period;
  if (slots.by) change.by = slots.by;
  if (slots.compare) change.compare = slots.compare;
  if (slots.top !== undefined) change.top = slots.top;
  if (slots.country) change.country = slots.country;
  if (slots.horizon && !/^this\b/i.test(slots.horizon.text)) {
    change.horizon = slots.horizon.quarter ? `Q${slots.horizon.quarter}` : slots.horizon.label;
    change.horizonWords = { amount: slots.horizon.amount, unit: slots.horizon.unit };
  }
  if (slots.segmentName) change.segmentName = slots.segmentName;
  if (slots.k !== undefined) change.k = slots.k;
  if (slots.budget) change.budget = slots.budget.amount;
  if (Object.keys(change).length === 0) return undefined;
  return { change, marked };
}
