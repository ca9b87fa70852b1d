import { NUMBER_WORD_PATTERN } from '../numbers.ts';
import { isOmissionOrSwap, SpellingCorrector } from '../spelling.ts';

/**
 * The words slot readers look for: periods, horizons, recurrences, metrics, breakdowns, conditions.
 * A typo in one of them loses the slot ("sales last wek" → no period), so before slots are read a
 * word the model does not know is corrected to one of these at edit distance 1 ("wek" → "week",
 * "yesterdy" → "yesterday", "revnue" → "revenue").
 */
const SLOT_WORDS = [
  'day', 'days', 'week', 'weeks', 'month', 'months', 'quarter', 'quarters', 'year', 'years', 'fortnight',
  'today', 'yesterday', 'last', 'next', 'previous', 'past', 'coming', 'this', 'since',
  'daily', 'weekly', 'monthly', 'quarterly', 'hourly', 'nightly', 'every', 'each', 'weekday', 'weekdays',
  'morning', 'afternoon', 'evening', 'night', 'noon', 'midnight',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'revenue', 'sales', 'turnover', 'orders', 'customers', 'average', 'basket', 'value', 'spend', 'units', 'returns', 'returned', 'refunds',
  'country', 'countries', 'product', 'products', 'channel', 'channels', 'segment', 'segments', 'customer',
  'forecast', 'forecasts', 'predict', 'prediction', 'schedule', 'schedules', 'segmentation', 'churn', 'lifetime', 'export',
  'below', 'above', 'under', 'drops', 'falls', 'rises', 'unusual', 'percent', 'compared', 'versus', 'budget', 'allocate', 'alert', 'alerts',
];

const corrector = new SpellingCorrector(SLOT_WORDS, 3);
const NUMBER_WORD = new RegExp(`^(?:${NUMBER_WORD_PATTERN})$`);

/**
 * `text` with each word that `isKnown` (the model's vocabulary) does not know and that is one edit
 * from a slot word replaced by it. Other characters are kept as they are.
 */
export function correctSlotWords(text: string, isKnown: (word: string) => boolean): string {
  return text.replace(/\p{L}+/gu, (word) => {
    const lower = word.toLowerCase();
    if (lower.length < 3 || isKnown(lower) || NUMBER_WORD.test(lower)) return word;
    const fixed = corrector.correct(lower);
    return fixed !== undefined && isOmissionOrSwap(lower, fixed) ? fixed : word;
  });
}
