import { parseAmount } from '../allocation/amount.ts';

/**
 * What an alert watches for, stored as JSON in `alerts.condition`:
 * - threshold: the period's value is below / above a fixed number;
 * - change: the value fell / rose by more than `percent` against an earlier period
 *   (`previous`: the period before; `week`: 7 days earlier, by=day only; `year`: 52 weeks or 364 days earlier);
 * - anomaly: the value lies outside the forecast's `level` % range, the forecast being made from the
 *   history up to the period before (src/ml/forecast, as `forecast` does).
 */
export type AlertCondition =
  | { kind: 'threshold'; direction: 'below' | 'above'; value: number }
  | { kind: 'change'; direction: 'drops' | 'rises'; percent: number; versus: ChangeBase }
  | { kind: 'anomaly'; level: 80 | 95 };

export type ChangeBase = 'previous' | 'week' | 'year';
export type AlertGrain = 'day' | 'week';

/** Conditions that work, for every message about one that does not. */
export const CONDITION_EXAMPLES = ['below 5k', 'above 200', 'drops more than 20 % vs the previous week', 'rises more than 15 %', 'outside the forecast 95 % range (or: anomaly)'];

export class ConditionError extends Error {}

const BELOW = /^(?:(?:falls?|drops?|goes|gets|is|dips?)\s+)?(?:below|under|less than|lower than|<)$/;
const ABOVE = /^(?:(?:rises?|goes|gets|is|climbs?)\s+)?(?:above|over|more than|greater than|higher than|exceeds?|tops|>)$/;
const CHANGE =
  /^(?<verb>drops?|dropped|falls?|fell|declines?|decreases?|goes down|is down|rises?|rose|grows?|increases?|jumps?|climbs?|goes up|is up)\s+(?:by\s+)?(?:more than|over|at least|>)?\s*(?<percent>\d+(?:\.\d+)?)\s*(?:%|percent|pct)(?<rest>.*)$/;
const FALLING = /^(?:drop|dropped|fall|fell|decline|decrease|goes down|is down)/;
const ANOMALY = /^(?:anomal(?:y|ies|ous)|unusual|outside\b.*\b(?:range|band|forecast|expected))/;

/**
 * Reads a condition as people write it after the metric: "below 5k", "drops more than 20 % vs the
 * previous week", "outside the forecast's 95 % range", "anomaly". `unitWords` are words that may
 * follow a threshold (the metric's own names: "above 200 orders"). Throws ConditionError saying what
 * works.
 */
export function parseCondition(text: string, grain: AlertGrain, unitWords: readonly string[] = []): AlertCondition {
  const words = text.toLowerCase().replace(/[’']s\b/g, '').replace(/(\d)\s*%/g, '$1 %').replace(/\s+/g, ' ').trim();
  if (!words) throw new ConditionError(`Say what to watch for: ${CONDITION_EXAMPLES.join(', ')}.`);
  if (ANOMALY.test(words)) return anomaly(words);
  const change = CHANGE.exec(words);
  if (change?.groups) {
    const percent = Number(change.groups.percent);
    if (!(percent > 0 && percent < 1000)) throw new ConditionError(`A change needs a percentage above 0, got "${change.groups.percent} %".`);
    return { kind: 'change', direction: FALLING.test(change.groups.verb) ? 'drops' : 'rises', percent, versus: changeBase(change.groups.rest.trim(), grain) };
  }
  return threshold(words, unitWords);
}

function anomaly(words: string): AlertCondition {
  const level = /(\d+)\s*%/.exec(words)?.[1];
  if (level === undefined || level === '95') return { kind: 'anomaly', level: 95 };
  if (level === '80') return { kind: 'anomaly', level: 80 };
  throw new ConditionError(`Forecast ranges are 80 % or 95 %, not ${level} %: say "outside the forecast 95 % range" (or 80 %).`);
}

function changeBase(rest: string, grain: AlertGrain): ChangeBase {
  const said = rest.replace(/^(?:vs\.?|versus|compared (?:to|with)|against|from|on|than)\s+/, '').replace(/^(?:the|a)\s+/, '');
  if (said === '' || /^(?:previous|prior|last) (?:period|one)$/.test(said)) return 'previous';
  if (/^(?:previous|prior|last) day$|^day before$|^yesterday$/.test(said)) {
    if (grain === 'week') throw new ConditionError('A weekly alert compares weeks: say "vs the previous week", or use by=day.');
    return 'previous';
  }
  if (/^(?:previous|prior|last) week$|^week before$|^same day (?:last|the previous) week$|^a week (?:earlier|before|ago)$/.test(said)) return grain === 'week' ? 'previous' : 'week';
  if (/^(?:same (?:day|week) )?(?:last|previous|a) year(?: ago| earlier| before)?$|^year (?:over|on) year$|^yoy$/.test(said)) return 'year';
  throw new ConditionError(`I can't read "${rest}" as what to compare with: say "vs the previous ${grain}", "vs last week" or "vs last year".`);
}

function threshold(words: string, unitWords: readonly string[]): AlertCondition {
  const tokens = words.split(' ');
  for (let cut = 1; cut < tokens.length; cut++) {
    const lead = tokens.slice(0, cut).join(' ');
    const direction = BELOW.test(lead) ? 'below' : ABOVE.test(lead) ? 'above' : undefined;
    if (!direction) continue;
    const rest = tokens.slice(cut);
    const joined = rest.length >= 2 ? parseAmount(`${rest[0]} ${rest[1]}`) : undefined;
    const amount = joined ?? parseAmount(rest[0]);
    if (!amount) throw new ConditionError(`"${rest.join(' ')}" is not a number I can read: write 5000, 5k, 1.2m or £5k.`);
    const after = rest.slice(joined ? 2 : 1);
    const unit = after.join('_');
    if (after.length > 0 && !unitWords.includes(unit) && !unitWords.includes(unit.replace(/s$/, ''))) {
      throw new ConditionError(`I read "${direction} ${amount.amount}" but not what "${after.join(' ')}" adds: leave it out, or name the metric.`);
    }
    if (amount.amount < 0) throw new ConditionError('A threshold must be 0 or more.');
    return { kind: 'threshold', direction, value: amount.amount };
  }
  throw new ConditionError(`I can't read "${words}" as a condition. Conditions that work: ${CONDITION_EXAMPLES.join(', ')}.`);
}

/** "below 5,000", "drops more than 20 % vs the previous week", "outside the forecast's 95 % range". */
export function describeCondition(condition: AlertCondition, grain: AlertGrain, format: (value: number) => string = (v) => v.toLocaleString('en-GB')): string {
  switch (condition.kind) {
    case 'threshold':
      return `${condition.direction} ${format(condition.value)}`;
    case 'change':
      return `${condition.direction === 'drops' ? 'drops' : 'rises'} more than ${condition.percent} % vs ${baseText(condition.versus, grain)}`;
    case 'anomaly':
      return `outside the forecast's ${condition.level} % range`;
  }
}

export function baseText(versus: ChangeBase, grain: AlertGrain): string {
  if (versus === 'year') return grain === 'day' ? 'the same day a year earlier (364 days)' : 'the same week a year earlier (52 weeks)';
  if (versus === 'week') return 'the same day a week earlier';
  return `the previous ${grain}`;
}

/** How many periods back a change is measured against. */
export function changeLag(versus: ChangeBase, grain: AlertGrain): number {
  if (versus === 'year') return grain === 'day' ? 364 : 52;
  if (versus === 'week') return 7;
  return 1;
}
