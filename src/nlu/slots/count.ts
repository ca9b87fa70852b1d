import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';
import type { MaskedText } from './types.ts';

const K_OPTION = /\bk\s*=\s*(\d+)\b/i;
const GROUP_WORDS = 'groups?|segments?|clusters?|buckets?|tiers?|personas?|cohorts?|types?';
/** "5 groups", "into four segments", "7 customer clusters" (one qualifying word allowed). */
const COUNTED_GROUPS = new RegExp(String.raw`\b(\d+|${NUMBER_WORD_PATTERN})\s+(?:[a-z-]+\s+)?(?:${GROUP_WORDS})\b`, 'i');

export function extractK(masked: MaskedText): number | undefined {
  const match = K_OPTION.exec(masked.text) ?? COUNTED_GROUPS.exec(masked.text);
  if (!match) return undefined;
  const k = parseCount(match[1]);
  if (k === undefined || k < 1) return undefined;
  masked.consume(match.index, match[0].length);
  return k;
}
