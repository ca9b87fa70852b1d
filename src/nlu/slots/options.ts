import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';

/**
 * Smaller options some commands take, said in words: `retrain intents force`, `clv discount=`,
 * `segment since=`, and how many customers of a segment to list ("15 names from the champions").
 */

/** "even if it scores worse", "no matter what", "regardless", "force". */
const FORCE = /\bforc(?:e|ed|ing)\b|\bregardless\b|\bno\s+matter\s+(?:what|how)\b|\beven\s+if\b|\banyway\b|\bwhatever\s+(?:the|it)\s+scores?\b/i;

export function asksToForce(text: string): boolean {
  return FORCE.test(text);
}

/** "a 1% monthly discount rate", "discount at 2 %", "discount=1%". */
const DISCOUNT = /\bdiscount\s*=\s*(\d+(?:\.\d+)?)\s*%|\b(\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:(?:a|per|each)\s+month\s+|monthly\s+)?discount|\bdiscount(?:ing|ed)?\s+(?:rate\s+)?(?:of|at|by)\s+(\d+(?:\.\d+)?)\s*(?:%|percent)/i;

export function extractDiscount(text: string): string | undefined {
  const m = DISCOUNT.exec(text);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value === undefined ? undefined : `${value}%`;
}

/** "customers who bought since 2011-01-01", "since=2011-01-01": a date segmentation starts from. */
const SINCE = /\bsince\s*=?\s*(\d{4}-\d{2}-\d{2})\b/i;

export function extractSince(text: string): string | undefined {
  return SINCE.exec(text)?.[1];
}

/** "15 names", "twenty customers", "10 people": how many members to list. */
const MEMBER_COUNT = new RegExp(String.raw`\b(\d{1,3}|${NUMBER_WORD_PATTERN})\s+(?:names|customers|people|members|accounts|buyers|of\s+them)\b`, 'i');

export function extractMemberCount(text: string): number | undefined {
  const m = MEMBER_COUNT.exec(text);
  const count = m ? parseCount(m[1]) : undefined;
  return count !== undefined && count >= 1 && count <= 100 ? count : undefined;
}
