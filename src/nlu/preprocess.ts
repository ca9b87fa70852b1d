import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { NUMBER_WORD_PATTERN } from './numbers.ts';
import { isOmissionOrSwap, type SpellingCorrector } from './spelling.ts';
import { conceptFeatures, conceptsOf } from './lexicon.ts';
import { extractAlert } from './slots/alert.ts';
import { asksForAccuracy, asksForeignMeasure, asksPrice } from './slots/asks.ts';
import { extractMetric } from './slots/metric.ts';
import { extractReport } from './slots/report.ts';
import { extractSegmentName } from './slots/segment-name.ts';

/**
 * What the slot readers find, as features: `#period`, `#by`, `#compare`, `#top`, `#segment`, `#condition` (an alert's),
 * `#alert-list`, `#accuracy` (how past forecasts did), `#foreign` / `#foreign-only` (a measure Pulse lacks; the
 * price of something in general is foreign only). (A
 * look-ahead was tried too: it only repeats what "next" and <horizon> already say.)
 */
export function slotFeatures(text: string): string[] {
  const report = extractReport(text);
  const features: string[] = [];
  if (report.period !== undefined) features.push('#period');
  if (report.by !== undefined) features.push('#by');
  if (report.compare !== undefined) features.push('#compare');
  if (report.top !== undefined) features.push('#top');
  if (extractSegmentName(text) !== undefined) features.push('#segment');
  // An alert's condition on something Pulse measures, or on something else (a share price, the weather).
  const namesMetric = report.metricName !== undefined || extractMetric(text) !== undefined;
  const alert = extractAlert(text);
  if (alert.action === 'create' && alert.condition !== undefined) features.push(namesMetric ? '#condition' : '#condition-other');
  else if (alert.action === 'list' || /\b(?:alerts|alerting)\b/i.test(text)) features.push('#alert-list');
  if (asksForAccuracy(text)) features.push('#accuracy');
  if (asksPrice(text)) features.push('#foreign-only');
  else if (asksForeignMeasure(text)) features.push(namesMetric ? '#foreign' : '#foreign-only');
  return features;
}

/**
 * Text → feature tokens for the intent classifier.
 * Numbers, amounts, durations, times, cron strings and Slack channel references are replaced by
 * placeholder tokens first, so "75k euros" and "$50k" both read as <money> and the classifier
 * learns from the shape of a request rather than from particular figures.
 */
export interface PreprocessOptions {
  /** Replace amounts, horizons, times... by placeholder tokens. */
  placeholders: boolean;
  /** Porter-stem word tokens ("forecasts" → "forecast"). */
  stem: boolean;
  /** Drop a short list of function words (see STOP_WORDS). */
  dropStopWords: boolean;
  /** Add adjacent-token bigrams ("schedule_list"). */
  bigrams: boolean;
  /** Correct words unknown to the training vocabulary at edit distance 1. */
  spellCorrect: boolean;
  /** Longer inputs are cut to this many characters before anything else. */
  maxChars: number;
  /**
   * Training words seen fewer times than this become <unk>, as do unknown words at classification
   * time. The classifier thus learns how often each intent contains unfamiliar words: small talk
   * and other requests are full of them, commands are not. 1 turns this off.
   */
  minWordCount: number;
  /** Add `@concept` features from the domain lexicon (lexicon.ts). */
  concepts: boolean;
  /**
   * Add `#slot` features for what the slot readers find (slots/report.ts, segment-name.ts): a past
   * period, a breakdown, a comparison, top N, a segment's name.
   */
  slotFeatures: boolean;
  /**
   * Add `^@delete` when the request opens with a stop verb after politeness ("please stop sending the
   * daily forecast", "can you disable …"): the schedule words that follow then describe what to stop.
   * (The first word itself, or the concept of any first word, as a feature cost 0.4–0.7 points in CV.)
   */
  leadingStop: boolean;
}

export const DEFAULT_PREPROCESS: PreprocessOptions = {
  placeholders: true,
  stem: true,
  dropStopWords: false,
  bigrams: true,
  spellCorrect: true,
  maxChars: 500,
  minWordCount: 3,
  concepts: true,
  slotFeatures: true,
  leadingStop: true,
};

/** Shorter misspelt words are too often other words to count for a concept. */
const MIN_CONCEPT_TYPO_LENGTH = 6;
/** Two letters swapped ("chrun", "alret") keep every letter of the word: safe from five letters. */
const MIN_CONCEPT_SWAP_LENGTH = 5;

export const UNKNOWN = '<unk>';
/** Added besides <unk> when a text has two unknown words or more (features are present/absent). */
export const SEVERAL_UNKNOWN = '<unk2>';

/**
 * Function words only: words such as "what", "every", "next", "all", "my" carry intent here
 * ("what's scheduled", "every monday", "next quarter", "all schedules") so natural's long
 * English stop list is not used.
 */
const STOP_WORDS = new Set(['the', 'a', 'an', 'to', 'of', 'and', 'or', 'in', 'on', 'for', 'is', 'are', 'be', 'it', 'this', 'that', 'pls', 'please', 's']);

const CURRENCY_WORD = '(?:eur|euros?|usd|dollars?|gbp|pounds?|quid|bucks|chf)';
const SCALE = '(?:k|m|mn|bn|million|thousand|grand)';
const NUMBER = '\\d[\\d.,]*(?:[ \\u00a0]\\d{3})*';
const TIME_UNIT = '(?:w|wk|wks|weeks?|d|days?|mo|mos|months?|m|q|qtrs?|quarters?|y|yrs?|years?|fortnights?)';

const MONTH = '(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';

/** Ordered: earlier patterns win because their text is replaced before later ones run. */
const PLACEHOLDER_RULES: Array<[RegExp, string]> = [
  [/\b\d{4}-\d{2}-\d{2}(?:\s*(?:\.\.|to|until|-)\s*\d{4}-\d{2}-\d{2})?\b|\b\d{4}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, ' <date> '],
  [/<#c[a-z0-9]+(?:\|[^>]*)?>/g, ' <slackchannel> '],
  [/(?:^|\s)#[a-z][\w-]*/g, ' <slackchannel> '],
  [/(?:^|\s)(?:[\d*][\d*\/,-]*\s+){4}[\d*][\d*\/,-]*(?=\s|$)/g, ' <cron> '],
  [/\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b/g, ' <time> '],
  [new RegExp(`[$€£]\\s?${NUMBER}\\s?${SCALE}?\\b`, 'g'), ' <money> '],
  [new RegExp(`\\b${NUMBER}\\s?${SCALE}?\\s?${CURRENCY_WORD}\\b`, 'g'), ' <money> '],
  [new RegExp(`\\b\\d+(?:\\.\\d+)?\\s?(?:k|mn|bn|million|thousand|grand)\\b|\\b\\d+\\.\\d+\\s?m\\b`, 'g'), ' <money> '],
  // A past period ("the last 30 days") reads differently from a horizon ("the next 30 days").
  [new RegExp(`\\b(?:last|past|previous|trailing)\\s+(?:\\d+|${NUMBER_WORD_PATTERN})\\s?${TIME_UNIT}\\b`, 'g'), ' <period> '],
  [new RegExp(`\\b${MONTH}\\b|\\b(?:in|during|for|of|since)\\s+may\\b|\\bmay(?=\\s+(?:19|20)\\d{2}\\b)`, 'g'), ' <month> '],
  [/(?<=(?:<month>|\bin|\bduring|\bsince|\bof|\bfor|\bq[1-4])\s*)(?:19|20)\d{2}\b/g, ' <year> '],
  [/\bq[1-4]\b/g, ' <horizon> '],
  [new RegExp(`\\b(?:\\d+|${NUMBER_WORD_PATTERN})\\s?${TIME_UNIT}\\b`, 'g'), ' <horizon> '],
  [/\b\d{1,3}(?:,\d{3})+\b|\b\d{4,}\b/g, ' <money> '],
  [/\d+(?:st|nd|rd|th)?/g, ' <num> '],
];

export function applyPlaceholders(text: string): string {
  let result = text;
  for (const [pattern, token] of PLACEHOLDER_RULES) result = result.replace(pattern, token);
  return result;
}

const TOKEN = /<[a-z]+>|[\p{L}\p{N}]+/gu;

/** Lower-cased word and placeholder tokens, before stemming; used for the spelling vocabulary too. */
export function wordTokens(text: string, options: PreprocessOptions): string[] {
  let normalised = text.slice(0, options.maxChars).normalize('NFKC').toLowerCase();
  if (options.placeholders) normalised = applyPlaceholders(normalised);
  const tokens = normalised.match(TOKEN) ?? [];
  return options.dropStopWords ? tokens.filter((token) => !STOP_WORDS.has(token)) : tokens;
}

/**
 * Feature tokens: placeholders as they are; words known to `speller` (the training vocabulary)
 * stemmed; other words corrected to a known word at edit distance 1 when enabled, else <unk>.
 * Without a speller (while the vocabulary is being counted) every word is kept.
 */
/** Politeness and asking words in front of the instruction: "please", "can you", "i'd like you to", "could we". */
const POLITE = new Set(['please', 'pls', 'plz', 'can', 'could', 'would', 'will', 'you', 'u', 'i', 'we', 'd', 'want', 'wanna', 'like', 'need', 'to', 'just', 'now', 'ok', 'okay', 'so', 'hey', 'pulse', 'kindly', 'go', 'ahead', 'and', 'let', 's', 'lets', 'me', 'us']);

export function toFeatures(text: string, options: PreprocessOptions, speller?: SpellingCorrector): string[] {
  let unknown = 0;
  const tokens = wordTokens(text, options);
  // Concepts are read from the words as written (stemmed), before <unk> replaces the rare ones.
  // (Reading them from spelling-corrected words was tried: it turns unknown words into domain words.)
  const rawStems = tokens.map((token) => (token.startsWith('<') ? token : PorterStemmer.stem(token)));
  const words = tokens.map((token, i) => {
    if (token.startsWith('<')) return token;
    const known = speller ? (options.spellCorrect ? speller.correct(token) : speller.knows(token) ? token : undefined) : token;
    if (known === undefined) {
      unknown++;
      return UNKNOWN;
    }
    // A long word with a letter left out or two swapped ("alocate", "chrun") is that word to the
    // concepts too; other corrections are not (they turn unknown words into domain words).
    const longEnough = token.length >= (known.length === token.length ? MIN_CONCEPT_SWAP_LENGTH : MIN_CONCEPT_TYPO_LENGTH);
    if (known !== token && longEnough && isOmissionOrSwap(token, known)) rawStems[i] = PorterStemmer.stem(known);
    return options.stem ? PorterStemmer.stem(known) : known;
  });
  const concepts = options.concepts ? conceptFeatures(rawStems, tokens) : [];
  if (options.slotFeatures) concepts.push(...slotFeatures(text.slice(0, options.maxChars)));
  if (options.leadingStop) {
    const lead = tokens.findIndex((token) => !POLITE.has(token));
    const opensWithStop = lead >= 0 && (conceptsOf(rawStems[lead]).includes('delete') || /^(?:turn|switch|shut) (?:\w+ )?off\b|^no more\b|^get rid\b/.test(tokens.slice(lead, lead + 3).join(' ')));
    if (opensWithStop) concepts.push('^@delete');
  }
  if (unknown >= 2) words.push(SEVERAL_UNKNOWN);
  if (!options.bigrams) return [...words, ...concepts];
  const bigrams = words.slice(1).map((word, i) => `${words[i]}_${word}`);
  return [...words, ...bigrams, ...concepts];
}
