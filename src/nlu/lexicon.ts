import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/**
 * Domain concepts: words and stems managers use for each thing Pulse does, written by hand.
 * A text gets one `@concept` feature per concept it mentions, so "cluster", "persona" and "rfm"
 * all count as evidence for segmenting even when a fold of the corpus never saw the word itself.
 * A text that mentions no concept at all gets `@none`: strong evidence of small talk.
 */
const CONCEPTS: Record<string, string[]> = {
  segment: ['segment', 'segmentation', 'cluster', 'clustering', 'group', 'grouping', 'rfm', 'persona', 'cohort', 'bucket', 'tier', 'kmeans', 'k', 'profile', 'split', 'type', 'kind', 'audience', 'loyal', 'lapsed', 'vip'],
  segmentname: ['champions', 'champion', 'hibernating', 'loyalists', 'loyalist', 'promising', 'attention', 'sleep', 'asleep', 'vip', 'vips', 'lost', 'loyal'],
  forecast: ['forecast', 'forecasting', 'predict', 'prediction', 'projection', 'project', 'expect', 'outlook', 'estimate', 'future', 'next', 'upcoming', 'anticipate', 'horizon'],
  allocate: ['allocate', 'allocation', 'budget', 'spend', 'distribute', 'invest', 'investment', 'split', 'divide', 'mix', 'media', 'channel', 'channels', 'roi', 'roas', 'marginal', 'return', 'efficient', 'optimise', 'optimize', 'spread', 'money', 'put', 'tv', 'search', 'facebook', 'social', 'display', 'email', 'radio', 'print', 'ooh', 'ads', 'vs'],
  metric: ['revenue', 'sales', 'orders', 'order', 'customers', 'customer', 'turnover', 'aov', 'buyers', 'clients', 'income', 'transactions', 'sell', 'sold', 'buy', 'buys', 'bought', 'ordered', 'units', 'returns', 'refunds', 'roas', 'invoices', 'purchases', 'products', 'product', 'items'],
  report: ['was', 'were', 'did', 'yesterday', 'ytd', 'mtd', 'qtd', 'wtd', 'kpi', 'kpis', 'figures', 'numbers', 'breakdown', 'top', 'best', 'compare', 'compared', 'versus', 'yoy', 'summary', 'far', 'total', 'last', 'past', 'previous', 'spent', 'made', 'got'],
  clv: ['churn', 'churning', 'churned', 'churner', 'churners', 'losing', 'leave', 'leaving', 'lifetime', 'clv', 'ltv', 'worth', 'alive', 'attrition', 'retention', 'retain', 'quiet', 'slipping', 'drifting', 'defect', 'gone'],
  schedule: ['schedule', 'scheduled', 'schedules', 'every', 'daily', 'weekly', 'monthly', 'recurring', 'automate', 'automated', 'automatic', 'automatically', 'automation', 'remind', 'cron', 'routine', 'autopilot', 'each', 'morning', 'monday', 'friday', 'report', 'reports', 'send', 'post', 'job', 'jobs', 'regular', 'regularly', 'digest', 'digests', 'timer', 'automations', 'subscription', 'subscriptions'],
  list: ['list', 'show', 'which', 'see', 'display', 'overview', 'enumerate', 'view', 'exist', 'running', 'active', 'existing', 'current', 'configured', 'pending', 'upcoming'],
  delete: ['delete', 'remove', 'cancel', 'stop', 'disable', 'unschedule', 'kill', 'rid', 'drop', 'pause', 'anymore', 'longer', 'halt', 'erase', 'quit', 'unsubscribe', 'scrap', 'deactivate'],
  retrain: ['retrain', 'retraining', 'retrained', 'rollback', 'revert', 'version', 'classifier', 'train', 'training', 'refit', 'rebuild', 'reestimate', 'estimate', 're', 'model', 'models', 'recalibrate', 'relearn', 'learn', 'update', 'refresh', 'stale', 'curves', 'mmm', 'misunderstanding', 'nlu', 'intent'],
  alert: ['alert', 'alerts', 'alerting', 'alerted', 'watch', 'weird', 'strange', 'flag', 'spike', 'plunge', 'notify', 'notification', 'warn', 'warned', 'warning', 'ping', 'threshold', 'anomaly', 'anomalies', 'unusual', 'abnormal', 'unexpected', 'monitor', 'mute', 'snooze', 'unmute'],
  // Out of scope: writing and design work, errands, the world outside the shop's data.
  creative: ['write', 'draft', 'translate', 'slogan', 'tagline', 'caption', 'headline', 'brainstorm', 'idea', 'ideas', 'design', 'logo', 'poem', 'joke', 'story', 'banner', 'summarise', 'summarize', 'rewrite', 'proofread', 'font', 'hashtag', 'hashtags', 'template', 'speech', 'song', 'blog', 'article', 'press'],
  errand: ['calendar', 'invite', 'appointment', 'taxi', 'flight', 'holiday', 'vacation', 'lunch', 'dinner', 'restaurant', 'coffee', 'pizza', 'alarm', 'password', 'wifi', 'laptop', 'printer', 'office', 'keys', 'dentist', 'package', 'parcel', 'expense', 'timesheet', 'birthday', 'payday'],
  world: ['weather', 'rain', 'temperature', 'capital', 'ceo', 'president', 'minister', 'football', 'cricket', 'rugby', 'match', 'game', 'league', 'movie', 'film', 'music', 'recipe', 'cook', 'population', 'election', 'horoscope', 'bitcoin', 'crypto'],
  export: ['export', 'csv', 'download', 'spreadsheet', 'excel', 'xlsx', 'sheet'],
  help: ['help', 'commands', 'command', 'usage', 'docs', 'documentation', 'guide', 'examples', 'example', 'tour', 'instructions', 'syntax', 'manual', 'man', 'features', 'capabilities', 'options', 'parameters', 'arguments', 'bot', 'pulse', 'understand', 'yourself', 'talk', 'cheat', 'capable'],
};

/**
 * Words whose stem is that of a common word of another meaning are matched as whole words here
 * ("stopped" stems to "stop", "news" to "new", "timed" to "time", "meeting" to "meet").
 *
 * Concepts said in more than one word, matched on the lower-cased words with placeholders
 * ("about to lose" is churn, "can't lose them" a segment's name; "so far" and "by country" report
 * on the past). A "will"/"going to" concept was tried: it costs out-of-scope recall ("will it rain").
 */
const PHRASES: Array<[string, RegExp]> = [
  // "coming" only as a time ahead: its stem is that of "come" ("come up with", "where do sales come from").
  ['forecast', /\b(?:the |in the )?coming (?:days?|weeks?|months?|quarters?|years?|<horizon>|period|season|holidays?)\b|\bon track\b|\b(?:going to|gonna|will we|are we going to|set to) (?:hit|reach|beat|make|miss|exceed)\b|\b(?:targets?|goals?)\b/],
  ['clv', /\b(?:about to|going to|likely to|might|may|could|will|gonna|at risk of|risk of) (?:lose|losing|leave|leaving|churn|churning|stop|stopping|quit|quitting|go|going|lapse|lapsing)\b/],
  ['clv', /\b(?:customer|client)s?'? (?:base )?value\b|\bvalue of (?:our |the |each )?(?:customer|client)(?:s| base)?\b|\bcustomer base\b|\b(?:per|each|every) customer\b|\b(?:existing|current) customers\b|\bbuy(?:ing)? again\b|\bcome back\b|\bwin (?:them )?back\b|\bstill (?:active|alive|around|buying)\b|\bstop(?:ped)? buying\b|\bfor good\b|\bprobably (?:lost|gone)\b/],
  ['segmentname', /\bat risk\b(?! of)|\bcan ?t lose\b|\bcannot lose\b|\babout to sleep\b|\bneeds? attention\b|\bpotential loyal/],
  ['help', /\bhow (?:does|do|can) (?:this|it|you|pulse|the bot) work\b|\bhow (?:do|can|should) (?:i|we) (?:use|ask|get|start|type|talk|say)\b|\bhow to (?:use|ask|get started|start)\b|\bwhere (?:do|should|can) i (?:start|begin)\b|\bwhat (?:can|should|do) i (?:ask|type|say|write)\b/],
  // "off" and "no" alone are not stopping ("kick off", "no idea"); "turn" alone is not either ("turn it back on").
  ['delete', /\b(?:turn|switch|shut|switched|turned)(?: \w+)? off\b|\bno more\b|\bend (?:the|this|that|my|our)\b|\b(?:can|could|should|may|must) go\b|\b(?:is|are) no longer (?:needed|required|useful|wanted)\b|\bnot needed any ?more\b/],
  ['clv', /\bstopped (?:buying|ordering|purchasing|shopping)\b|\b(?:churn|clv|ltv|lifetime[ -]value|customer[ -]value) (?:model|predictions?|results?|scores?|numbers|figures|run|list|table)\b/],
  // A condition, then asking to be told: "if weekly revenue ends up outside the range, I want to hear about it".
  ['alert', /\b(?:if|when|whenever|once|should)\b[^.?!]*\b(?:let (?:me|us) know|hear about it|want to (?:know|hear)|ping (?:me|us)|heads[ -]up|give (?:me|us) a (?:shout|heads))\b/],
  ['schedule', /\btimed\b/],
  ['help', /\bget(?:ting)? started\b|\bsupported\b/],
  ['errand', /\bmeetings?\b/],
  ['world', /\bnews\b|\b(?:champions|premier|europa) league\b|\bworld cup\b|\bsuper bowl\b|\bolympics\b|\b(?:which|what) team\b/],
  ['report', /\bso far\b|\b(?:did|have|has) we (?:get|make|sell|spend|have|do|take|ship)\b|\b(?:come|came) from\b|\bvs last\b|\bcompared? (?:to|with)\b|\bbroken down\b|\b(?:by|per|each) (?:country|countries|product|products|customer|segment|channel|day|week|month)\b/],
];

const CONCEPTS_BY_STEM = new Map<string, string[]>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const word of words) {
    const stem = PorterStemmer.stem(word);
    CONCEPTS_BY_STEM.set(stem, [...new Set([...(CONCEPTS_BY_STEM.get(stem) ?? []), concept])]);
  }
}

/** The concepts one stemmed word belongs to. */
export function conceptsOf(stem: string): string[] {
  return CONCEPTS_BY_STEM.get(stem) ?? [];
}

/** Placeholders that only appear in requests to Pulse. */
const DOMAIN_PLACEHOLDERS = new Set(['<money>', '<horizon>', '<cron>', '<slackchannel>', '<date>', '<period>']);

/**
 * `@concept` features for stemmed tokens (and multi-word phrases of `words`, the lower-cased tokens
 * before stemming), and `@none` when nothing in the text is domain vocabulary.
 */
export function conceptFeatures(stemmedTokens: string[], words?: string[]): string[] {
  const concepts = new Set<string>();
  if (words) {
    const text = words.join(' ');
    for (const [concept, pattern] of PHRASES) if (pattern.test(text)) concepts.add(concept);
  }
  // "help me book a holiday": "help me/us <verb>" asks for a hand, not for Pulse's help.
  const helpingHand = words !== undefined && /\bhelp (?:me|us) (?!understand|use|get started|out\b)\w/.test(words.join(' '));
  // "run the churn model": an analysis's model is that analysis, not the intent model (retraining is said as such).
  const analysisModel = words !== undefined && /\b(?:churn|clv|ltv|value|segmentation|rfm) models?\b/.test(words.join(' '));
  const sportsLeague = words !== undefined && /\bchampions league\b/.test(words.join(' '));
  for (const token of stemmedTokens) {
    if (helpingHand && token === 'help') continue;
    if (analysisModel && token === 'model') continue;
    if (sportsLeague && token === 'champion') continue;
    if (DOMAIN_PLACEHOLDERS.has(token)) concepts.add('placeholder');
    for (const concept of CONCEPTS_BY_STEM.get(token) ?? []) concepts.add(concept);
  }
  if (concepts.size === 0) return ['@none'];
  return [...concepts].map((concept) => `@${concept}`);
}
