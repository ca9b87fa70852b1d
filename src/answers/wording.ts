/**
 * A label or phrase placed mid-sentence: "Revenue" → "revenue", "At 09:00, only on Monday" → "at
 * 09:00, …", but "AOV" and "ROAS" stay as they are, and so does the rest ("in United Kingdom").
 */
export function inSentence(text: string): string {
  return /^\p{Lu}{2,}\b/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
