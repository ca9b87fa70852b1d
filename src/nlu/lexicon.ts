import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/**
 * Domain concepts: words and stems managers use for each thing Pulse does, written by hand.
 * A text gets one `@concept` feature per concept it mentions, so "cluster", "persona" and "rfm"
 * all count as evidence for segmenting even when a fold of the corpus never saw the word itself.
 * A text that mentions no concept at all gets `@none`: strong evidence of small talk.
 */
const CONCEPTS: Record<string, string[]> = {
  segment: ['segment', 'segmentation', 'cluster', 'clustering', 'group', 'grouping', 'rfm', 'persona', 'cohort', 'bucket', 'tier', 'kmeans', 'k', 'profile', 'split', 'type', 'kind', 'audience', 'loyal', 'churn', 'lapsed', 'vip'],
  forecast: ['forecast', 'forecasting', 'predict', 'prediction', 'projection', 'project', 'expect', 'outlook', 'estimate', 'future', 'next', 'trend', 'upcoming', 'anticipate', 'horizon', 'coming'],
  allocate: ['allocate', 'allocation', 'budget', 'spend', 'distribute', 'invest', 'investment', 'split', 'divide', 'mix', 'media', 'channel', 'channels', 'roi', 'optimise', 'optimize', 'spread', 'money', 'put', 'tv', 'search', 'facebook', 'social', 'display', 'email', 'radio', 'print', 'ooh', 'ads', 'vs'],
  metric: ['revenue', 'sales', 'orders', 'order', 'customers', 'customer', 'turnover', 'aov', 'buyers', 'clients', 'income', 'transactions', 'sell', 'sold', 'buy', 'buys', 'bought', 'ordered'],
  schedule: ['schedule', 'scheduled', 'schedules', 'every', 'daily', 'weekly', 'monthly', 'recurring', 'automate', 'automated', 'automatic', 'automatically', 'automation', 'remind', 'cron', 'routine', 'timed', 'autopilot', 'each', 'morning', 'monday', 'friday', 'report', 'reports', 'send', 'post', 'job', 'jobs', 'regular', 'regularly'],
  list: ['list', 'show', 'which', 'see', 'display', 'overview', 'enumerate', 'view', 'exist', 'running', 'active', 'existing', 'current', 'configured', 'pending', 'upcoming'],
  delete: ['delete', 'remove', 'cancel', 'stop', 'disable', 'unschedule', 'kill', 'rid', 'drop', 'end', 'turn', 'off', 'pause', 'anymore', 'no', 'longer', 'halt', 'erase', 'quit', 'unsubscribe', 'scrap'],
  retrain: ['retrain', 'retraining', 'train', 'training', 'refit', 'rebuild', 'reestimate', 'estimate', 're', 'model', 'models', 'recalibrate', 'relearn', 'learn', 'update', 'refresh', 'stale', 'curves', 'mmm', 'misunderstanding', 'nlu', 'intent'],
  help: ['help', 'commands', 'command', 'usage', 'docs', 'documentation', 'guide', 'examples', 'example', 'started', 'tour', 'instructions', 'syntax', 'manual', 'man', 'features', 'capabilities', 'options', 'parameters', 'arguments', 'bot', 'pulse', 'understand', 'supported', 'yourself', 'talk', 'cheat', 'capable'],
};

const CONCEPTS_BY_STEM = new Map<string, string[]>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const word of words) {
    const stem = PorterStemmer.stem(word);
    CONCEPTS_BY_STEM.set(stem, [...new Set([...(CONCEPTS_BY_STEM.get(stem) ?? []), concept])]);
  }
}

/** Placeholders that only appear in requests to Pulse. */
const DOMAIN_PLACEHOLDERS = new Set(['<money>', '<horizon>', '<cron>', '<slackchannel>']);

/** `@concept` features for stemmed tokens, and `@none` when nothing in the text is domain vocabulary. */
export function conceptFeatures(stemmedTokens: string[]): string[] {
  const concepts = new Set<string>();
  for (const token of stemmedTokens) {
    if (DOMAIN_PLACEHOLDERS.has(token)) concepts.add('placeholder');
    for (const concept of CONCEPTS_BY_STEM.get(token) ?? []) concepts.add(concept);
  }
  if (concepts.size === 0) return ['@none'];
  return [...concepts].map((concept) => `@${concept}`);
}
