/**
 * The RFM segment a sentence names, spelled as `segment show` takes it (the names of
 * src/ml/rfm-scores.ts, matched there by findSegmentName in commands/segment.ts). Ordered so the
 * longer name wins: "can't lose them" before "lost", "potential loyalists" before "loyal".
 */
const SEGMENT_PATTERNS: Array<[string, RegExp]> = [
  ["Can't lose them", /\bcan(?:['’]?t|not|\s+not)\s+(?:afford\s+to\s+)?lose(?:\s+them)?\b/i],
  ['Potential loyalists', /\bpotential(?:ly)?[\s_-]+loyal(?:ists?)?\b|\bloyalists?\b/i],
  ['About to sleep', /\babout[\s_-]+to[\s_-]+sleep\b|\bfalling\s+asleep\b|\bsleepy\b|\bsleeping\b|\bdozing\b/i],
  ['Need attention', /\bneeds?[\s_-]+attention\b|\bneeding\s+attention\b/i],
  // "at risk of churning" is churn risk (clv), not the segment.
  ['At risk', /\bat[\s_-]+risk\b(?!\s+of\s+(?:churn|leav|los|laps|stop|going|quit))|\brisky\s+customers\b/i],
  ['Hibernating', /\bhibernat\w*/i],
  ['New customers', /\bnew[\s_-]+(?:customers|clients|buyers|shoppers)\b/i],
  ['Champions', /\bchampions?\b|\bbest\s+customers\b|\bvips?\b|\bvery\s+best\b/i],
  ['Loyal', /\bloyal\b/i],
  ['Promising', /\bpromising\b/i],
  ['Lost', /\blost\b/i],
];

/** The segments named in the text, in the order above (a name inside a longer one is not counted twice). */
export function segmentNames(text: string): string[] {
  let rest = text;
  const names: string[] = [];
  for (const [name, pattern] of SEGMENT_PATTERNS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    names.push(name);
    rest = rest.slice(0, match.index) + ' '.repeat(match[0].length) + rest.slice(match.index + match[0].length);
  }
  return names;
}

/**
 * One segment to show: "who are our at-risk customers?", "show me the lost customers". Nothing when
 * the sentence contrasts two groups ("loyal vs lapsed", "champions and at risk"): that is the
 * overview of a segmentation run.
 */
export function extractSegmentName(text: string): string | undefined {
  const names = segmentNames(text);
  if (names.length !== 1) return undefined;
  if (/\b(?:vs\.?|versus|compared\s+(?:to|with)|and\s+the\s+ones)\b/i.test(text)) return undefined;
  return names[0];
}
