/**
 * The options of `allocate` that a sentence can carry besides the budget and channels: the budget's
 * period ("10k a week", "a weekly budget of 5k": `period=week`; a month is the default and not written)
 * and channels whose spend stays as it is ("keep email where it is", "don't touch tv": `lock=`).
 */
const WEEKLY = /\b(?:a|per|each|every)\s+week\b|\bweekly\s+(?:budget|spend)\b|\b(?:budget|spend)\s+(?:is\s+)?weekly\b|\/\s?(?:wk|week)\b/i;

export function extractAllocationPeriod(text: string): 'week' | undefined {
  return WEEKLY.test(text) ? 'week' : undefined;
}

const KEEP_BEFORE = /\b(?:keep|leave|hold|freeze|lock|don'?t\s+(?:touch|change|move)|do\s+not\s+(?:touch|change|move)|without\s+(?:touching|changing))\s+(?:the\s+|our\s+)?$/i;
const KEEP_AFTER = /^\s*(?:spend\s+|budget\s+)?(?:(?:where|as)\s+it\s+is|unchanged|fixed|flat|the\s+same|locked|untouched|alone)\b/i;

/** Channels named right after "keep/leave/don't touch" or followed by "where it is/unchanged". */
export function extractLockedChannels(text: string, channels: Array<{ name: string; at: number; length: number }>): string[] | undefined {
  const locked = channels.filter(({ at, length }) => KEEP_BEFORE.test(text.slice(Math.max(0, at - 40), at)) || KEEP_AFTER.test(text.slice(at + length, at + length + 40)));
  return locked.length > 0 ? [...new Set(locked.map((c) => c.name))] : undefined;
}
