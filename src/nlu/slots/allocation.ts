import { SCALE_WORDS, scaledAmount } from '../numbers.ts';

/**
 * The options of `allocate` that a sentence can carry besides the budget and channels: the budget's
 * period ("10k a week", "a weekly budget of 5k": `period=week`; a month is the default and not written)
 * and channels whose spend stays as it is ("keep email where it is", "don't touch tv": `lock=`).
 */
const WEEKLY = new RegExp(
  String.raw`\b(?:a|per|each|every)\s+week\b|\bweekly\s+(?:budget|spend)\b|\b(?:budget|spend)\s+(?:is\s+)?weekly\b|\/\s?(?:wk|week)\b` +
    // "15k weekly", "weekly: 15k": the word next to the amount.
    String.raw`|\d\s?(?:${SCALE_WORDS})?\s+weekly\b|\bweekly\W{0,3}[$€£]?\s?\d`,
  'i',
);

export function extractAllocationPeriod(text: string): 'week' | undefined {
  return WEEKLY.test(text) ? 'week' : undefined;
}

const KEEP_BEFORE = /\b(?:keep|leave|hold|freeze|lock|don'?t\s+(?:touch|change|move)|do\s+not\s+(?:touch|change|move)|without\s+(?:touching|changing))\s+(?:the\s+|our\s+)?$/i;
const KEEP_AFTER =
  /^\s*(?:spend\s+|budget\s+)?(?:(?:stays?|remains?|(?:should|must|can|will)\s+(?:stay|remain)|is|are|gets?\s+to\s+stay)\s+)?(?:(?:where|as)\s+(?:it\s+is|they\s+are|is)|unchanged|fixed|flat|the\s+same|locked|untouched|alone|put|off[\s-]limits)\b/i;

/** "tv and email locked", "search, social stay as they are": the words after the first channel of a list. */
const LIST_KEPT_AFTER =
  /^(?:\s*(?:,|and|&)\s*(?:the\s+)?[\w-]+){1,3}\s+(?:spend\s+|budgets?\s+)?(?:(?:stay|remain|are|(?:should|must|can|will)\s+(?:stay|remain))\s+)?(?:(?:where|as)\s+they\s+are|unchanged|fixed|flat|the\s+same|locked|untouched|alone|put|off[\s-]limits)\b/i;

/** Channels named right after "keep/leave/don't touch" or followed by "where it is/unchanged" (alone or in a list). */
export function extractLockedChannels(text: string, channels: Array<{ name: string; at: number; length: number }>): string[] | undefined {
  const locked = channels.filter(({ at, length }) => {
    const after = text.slice(at + length, at + length + 60);
    return KEEP_BEFORE.test(text.slice(Math.max(0, at - 40), at)) || KEEP_AFTER.test(after) || LIST_KEPT_AFTER.test(after);
  });
  return locked.length > 0 ? [...new Set(locked.map((c) => c.name))] : undefined;
}

const AMOUNT = String.raw`[$€£]?\s?(\d[\d.,]*)\s?(${SCALE_WORDS})?\b`;
const AT_MOST = String.raw`(?:(?:don'?t|do\s+not|never|not)\s+(?:put|spend|give|allocate|invest|assign|sink|throw)\s+(?:any\s+)?more\s+than|cap(?:ped)?\s+(?:it\s+)?at|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|max(?:imum)?(?:\s+of)?|up\s+to|capped\s+at|(?:can'?t|cannot|must\s+not|mustn'?t|shouldn'?t|should\s+not)\s+(?:go\s+)?(?:above|over|exceed)|under|below)`;
const AT_LEAST = String.raw`(?:at\s+least|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|min(?:imum)?(?:\s+of)?|(?:can'?t|cannot|must\s+not|shouldn'?t|should\s+not)\s+(?:go\s+)?(?:below|under))`;
/** A bound right after the channel ("tv at no more than 20k", "social can't go above 15k"). */
const BOUND_AFTER = new RegExp(String.raw`^\s*(?:spend\s+|budget\s+)?(?:(?:at|to|is|stays?|should\s+be|gets?)\s+)?(?:(${AT_MOST})|(${AT_LEAST}))\s+${AMOUNT}`, 'i');
/** "keep tv at 30k minimum", "social at 10k max": the amount, then which bound it is. */
const AMOUNT_THEN_BOUND = new RegExp(String.raw`^\s*(?:spend\s+|budget\s+)?(?:at|to|on)\s+${AMOUNT}\s+(?:(minimum|min|at\s+least|or\s+more)|(maximum|max|at\s+most|or\s+less|tops))\b`, 'i');
/** "cap search at 25k", "limit tv to 20k": the verb before the channel, the amount after. */
const CAP_AROUND = new RegExp(String.raw`\b(?:cap|limit)\s+(?:the\s+)?$`, 'i');
const CAP_AMOUNT = new RegExp(String.raw`^\s*(?:spend\s+)?(?:at|to)\s+${AMOUNT}`, 'i');
/** A bound right before the channel ("at least 10k on display", "no more than 20k for tv"). */
const BOUND_BEFORE = new RegExp(String.raw`(?:(${AT_MOST})|(${AT_LEAST}))\s+${AMOUNT}\s+(?:on|for|in|to|into)\s+(?:the\s+)?$`, 'i');

type Bound = { channel: string; kind: 'min' | 'max'; amount: number };

function boundOf(channel: string, kind: 'min' | 'max', digits: string, scale?: string): Bound | undefined {
  const amount = scaledAmount(digits, scale);
  return amount === undefined ? undefined : { channel, kind, amount: Math.round(amount) };
}

/** "at least 10k on display" → min.display=10000; "tv at no more than 20k" → max.tv=20000. */
export function extractChannelBounds(text: string, channels: Array<{ name: string; at: number; length: number }>): Bound[] | undefined {
  const bounds = channels.flatMap(({ name, at, length }) => {
    const rest = text.slice(at + length, at + length + 50);
    const cap = CAP_AROUND.test(text.slice(Math.max(0, at - 20), at)) ? CAP_AMOUNT.exec(rest) : null;
    if (cap) return [boundOf(name, 'max', cap[1], cap[2])].filter((b) => b !== undefined);
    const said = AMOUNT_THEN_BOUND.exec(rest);
    if (said) return [boundOf(name, said[3] !== undefined ? 'min' : 'max', said[1], said[2])].filter((b) => b !== undefined);
    const m = BOUND_AFTER.exec(rest) ?? BOUND_BEFORE.exec(text.slice(Math.max(0, at - 50), at));
    return m ? [boundOf(name, m[1] !== undefined ? 'max' : 'min', m[3], m[4])].filter((b) => b !== undefined) : [];
  });
  return bounds.length > 0 ? bounds : undefined;
}
