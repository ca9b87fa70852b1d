/**
 * The command a question about using Pulse is about: "how do I ask for a forecast?" → `help forecast`,
 * "what options does segment take?" → `help segment`. Only when the question names exactly one: "what
 * can you do with forecasts and alerts" gets the overview.
 */
const TOPICS: ReadonlyArray<[RegExp, string]> = [
  [/\bforecast\w*|\bpredict\w*|\bprojections?\b/i, 'forecast'],
  [/\balert\w*/i, 'alert'],
  [/\balloc\w*|\bbudgets?\b|\b(?:channel|media) mix\b/i, 'allocate'],
  [/\bs?c?hedul\w*|\bdigests?\b|\bautomat\w*|\brecurring\b/i, 'schedule'],
  [/\bsegment\w*|\brfm\b|\bclusters?\b/i, 'segment'],
  [/\bmetrics?\b/i, 'metric'],
  [/\bclv\b|\bltv\b|\bchurn\w*|\blifetime value\b/i, 'clv'],
  [/\bretrain\w*|\btrain(?:ing)? you\b/i, 'retrain'],
  [/\bimport\w*|\bupload\w*/i, 'import'],
  [/\bfeedback\b/i, 'feedback'],
];

export function extractHelpTopic(text: string): string | undefined {
  const named = TOPICS.filter(([pattern]) => pattern.test(text)).map(([, topic]) => topic);
  return named.length === 1 ? named[0] : undefined;
}
