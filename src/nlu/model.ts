import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { INTENTS, OUT_OF_SCOPE, isIntent, type Example, type Intent } from './intents.ts';
import { DEFAULT_PREPROCESS, slotFeatures, toFeatures, wordTokens, type PreprocessOptions } from './preprocess.ts';
import { SpellingCorrector, vocabularyByFrequency } from './spelling.ts';
import { rankByPosterior, type ScoredIntent } from './posterior.ts';
import { extractSlots, type SlotContext, type Slots } from './slots/index.ts';
import { correctSlotWords } from './slots/typos.ts';
import { asksAboutExistingSchedule, asksForSchedule, asksToCreateSchedule, hasAnchoredRecurrence } from './slots/schedule.ts';
import { decide } from './decide.ts';
import { isAboutPulse, isChatter, isGreeting, withoutGreeting } from './smalltalk.ts';
import { digitsForSpeltAmounts } from './number-words.ts';
import { expandShorthand } from './shorthand.ts';

const HELP: Intent = 'help';
const SCHEDULE: Intent = 'schedule.create';
/** Intents that are out of scope when what they would measure is not Pulse's (a share price, website visitors). */
const FOREIGN_CHECKED = new Set<Intent>(['alert', 'metric', 'forecast', 'allocate']);
/** Concepts (lexicon.ts) of something a schedule can run. */
const RUNNABLE_CONCEPTS = ['@metric', '@forecast', '@segment', '@segmentname', '@clv', '@allocate', '@report'];
/** Words for a report to post, or a schedule as a thing ("a new schedule", not "schedule a call"). */
const SCHEDULABLE = /\b(?:reports?|digests?|summar(?:y|ies)|numbers|figures|kpis?|dashboards?|updates?|stats|results)\b|\b(?:new|a|the|my|our|create|add)\s+schedules?\b/i;
/** Intents whose command a schedule can run. */
const REPORTS = new Set<Intent>(['metric', 'forecast', 'clv', 'segment', 'allocate']);

export interface IntentModelOptions extends PreprocessOptions {
  /** natural's Bayes smoothing: the pseudo-count of a feature never seen with a class. */
  smoothing: number;
  /**
   * 'natural': natural's own score, present features only (see score()).
   * 'bernoulli': Bernoulli naive Bayes over natural's per-class document counts, absent features included.
   */
  scoring: 'natural' | 'bernoulli';
  /** Bernoulli scoring: Laplace pseudo-count α in p(f|c) = (n_cf + α) / (n_c + 2α). */
  alpha: number;
  /** Bernoulli scoring: equal class priors instead of class sizes (the out_of_scope class is the largest). */
  uniformPriors: boolean;
  /** Added to out_of_scope's log-score: moves the in-scope/out_of_scope boundary (tuned on CV). */
  outOfScopeBias: number;
  /**
   * Small talk by rule (smalltalk.ts): greetings, thanks and questions about Pulse itself are
   * `help`, goodbyes and reactions ("great job", "lol") out_of_scope, and a greeting in front of a
   * request is left out of the features.
   */
  smallTalk: boolean;
}

/** Chosen on 5-fold cross-validation of data/intents/corpus.jsonl (see src/nlu/README.md). */
export const DEFAULT_MODEL_OPTIONS: IntentModelOptions = {
  ...DEFAULT_PREPROCESS,
  minWordCount: 2,
  bigrams: false,
  smoothing: 0.01,
  scoring: 'bernoulli',
  alpha: 0.35,
  uniformPriors: true,
  outOfScopeBias: 1.75,
  smallTalk: true,
};

export interface Classification {
  intent: Intent;
  confidence: number;
  /** The three most probable intents, best first (the winner included). */
  alternatives: ScoredIntent[];
  slots: Slots;
  /** The text the slots were read from: the input with typos in slot words corrected ("last wek" → "last week"). */
  slotText: string;
  /** How many of the text's features the model knows; 0 means it had no evidence at all. */
  knownFeatures: number;
}

export interface IntentModelPayload {
  format: 'pulse.intent-bayes';
  version: 1;
  options: IntentModelOptions;
  /** Training words by descending frequency, for typo correction. */
  vocabulary: string[];
  /** natural's classifier state, without the training documents. */
  features: Record<string, number>;
  classifier: { classFeatures: Record<string, Record<string, number>>; classTotals: Record<string, number>; totalExamples: number; smoothing: number };
}

export class IntentModel {
  private readonly speller: SpellingCorrector;
  private readonly labels: Intent[];
  /** Per feature token: log of natural's smoothed count for each class, in `labels` order. */
  private readonly logCounts = new Map<string, Float64Array>();
  private readonly logUnseen: Float64Array;
  private readonly logPriors: Float64Array;

  /** The intents this model can answer (a model stored before an intent existed lacks it). */
  get intents(): readonly Intent[] {
    return this.labels;
  }

  constructor(
    private readonly bayes: BayesClassifier,
    readonly options: IntentModelOptions,
    private readonly vocabulary: string[],
  ) {
    this.speller = new SpellingCorrector(vocabulary);
    const state = bayes.classifier;
    this.labels = Object.keys(state.classFeatures).filter(isIntent);
    if (options.scoring === 'bernoulli') {
      const tables = bernoulliTables(state, this.labels, Object.keys(bayes.features), options);
      this.logPriors = tables.logBase;
      this.logUnseen = new Float64Array(this.labels.length);
      tables.logRatios.forEach((row, feature) => this.logCounts.set(feature, row));
      return;
    }
    const logTotals = this.labels.map((label) => Math.log(state.classTotals[label]));
    this.logPriors = Float64Array.from(this.labels, (label, c) => logTotals[c] - Math.log(state.totalExamples));
    this.logUnseen = Float64Array.from(logTotals, (logTotal) => Math.log(state.smoothing) - logTotal);
    Object.keys(bayes.features).forEach((feature, index) => {
      const row = Float64Array.from(this.labels, (label, c) => {
        const count = state.classFeatures[label][index];
        return count ? Math.log(count) - logTotals[c] : this.logUnseen[c];
      });
      this.logCounts.set(feature, row);
    });
  }

  /**
   * Posterior over all intents, best first, from per-class log-scores normalised with log-sum-exp
   * (products of probabilities underflow to 0 on long texts). With 'natural' scoring a class scores
   * natural's own P(c) · Π_{f present} count(c,f) / total(c); with 'bernoulli' see bernoulliTables.
   * Features the model never saw are ignored, as natural does.
   */
  score(text: string): { ranking: ScoredIntent[]; knownFeatures: number; features: Set<string> } {
    const features = new Set(toFeatures(text, this.options, this.speller));
    const logScores = Float64Array.from(this.logPriors);
    let knownFeatures = 0;
    for (const feature of features) {
      const row = this.logCounts.get(feature);
      if (!row) continue;
      knownFeatures++;
      for (let c = 0; c < row.length; c++) logScores[c] += row[c];
    }
    return { ranking: rankByPosterior(this.labels, logScores), knownFeatures, features };
  }

  classify(text: string, context: SlotContext = {}): Classification {
    const input = typeof text === 'string' ? readable(text.slice(0, this.options.maxChars)) : '';
    const smallTalk = this.options.smallTalk && this.labels.includes(HELP);
    const request = smallTalk ? withoutGreeting(input) : input;
    const { ranking, knownFeatures, features } = this.score(request);
    const slotText = correctSlotWords(input, (word) => this.speller.knows(word));
    const slots = extractSlots(slotText, context);
    // The schedule rules read the request with typos in time words corrected ("evry thurs at 11").
    const corrected = correctSlotWords(request, (word) => this.speller.knows(word));
    const ruled = this.ruledIntent({ input, request, corrected, ranking, knownFeatures, features, smallTalk });
    if (ruled) {
      return { intent: ruled.intent, confidence: 1, alternatives: [{ intent: ruled.intent, confidence: 1 }, ...(ruled.runnersUp ?? [])], slots, slotText, knownFeatures };
    }
    const [best] = ranking;
    return { intent: best.intent, confidence: best.confidence, alternatives: ranking.slice(0, 3), slots, slotText, knownFeatures };
  }

  /** The rules around the classifier (see README): an intent when one of them decides, else undefined. */
  private ruledIntent(seen: {
    input: string;
    request: string;
    corrected: string;
    ranking: ScoredIntent[];
    knownFeatures: number;
    features: Set<string>;
    smallTalk: boolean;
  }): { intent: Intent; runnersUp?: ScoredIntent[] } | undefined {
    const { input, request, corrected, ranking, knownFeatures, features, smallTalk } = seen;
    if (smallTalk && (isGreeting(input) || isAboutPulse(input))) return { intent: HELP };
    if (smallTalk && isChatter(input)) return { intent: OUT_OF_SCOPE };
    if (knownFeatures === 0) return { intent: OUT_OF_SCOPE };
    const [best] = ranking;
    // An alert on, or a figure of, something Pulse does not measure ("tell me if bitcoin goes above
    // 100k", "how many website visitors did we get") has no command.
    const found = !FOREIGN_CHECKED.has(best.intent) ? new Set<string>() : this.options.slotFeatures ? features : new Set(slotFeatures(request));
    if ((best.intent === 'alert' && found.has('#condition-other')) || (best.intent !== 'alert' && found.has('#foreign-only'))) {
      return { intent: OUT_OF_SCOPE, runnersUp: ranking.slice(0, 2) };
    }
    // "do we already have a monday revenue post set up?", "what time does the weekly forecast go out?"
    const runnable = RUNNABLE_CONCEPTS.some((concept) => features.has(concept)) || SCHEDULABLE.test(corrected);
    // (An alert asked about that way is the alert's: "do we already have an alert set up for revenue?")
    if (this.labels.includes('schedule.list') && runnable && !/\balerts?\b/i.test(corrected) && asksAboutExistingSchedule(corrected)) return { intent: 'schedule.list' };
    // "every day at 7am give me orders from yesterday": a report asked for again and again is a schedule of it.
    if ((REPORTS.has(best.intent) || (best.intent === SCHEDULE && runnable)) && this.labels.includes(SCHEDULE) && hasAnchoredRecurrence(corrected)) return { intent: SCHEDULE };
    // "add a schedule: top 10 products last month, first day of the month", "pls schedule champions list every monday".
    if ((REPORTS.has(best.intent) || best.intent === 'schedule.list') && this.labels.includes(SCHEDULE) && asksToCreateSchedule(corrected)) return { intent: SCHEDULE };
    // "schedule a meeting with the design team", "remind me to call the supplier at 3pm": nothing Pulse
    // could run on a schedule is named (no report, metric or analysis, and no schedule as a thing).
    if (best.intent === SCHEDULE && !RUNNABLE_CONCEPTS.some((concept) => features.has(concept)) && !SCHEDULABLE.test(corrected)) {
      return { intent: OUT_OF_SCOPE, runnersUp: ranking.slice(0, 2) };
    }
    // "can I see daily revenue for the last 14 days", "export every segment to csv": a report word
    // ("daily", "every") without anything that asks for a schedule is the report itself.
    const report = ranking.find((scored) => REPORTS.has(scored.intent));
    // (The overruled schedule is not offered as a runner-up: its score would make the rule's answer a tie.)
    if (best.intent === SCHEDULE && report && !asksForSchedule(corrected)) return { intent: report.intent, runnersUp: ranking.filter((scored) => scored.intent !== SCHEDULE).slice(0, 3) };
    // "thanks, that was useful", "hi! can you book me a flight": when the words after a greeting are
    // out of scope or unclear, the greeting is what can be answered.
    if (request !== input && decide({ intent: best.intent, confidence: best.confidence, alternatives: ranking }).action !== 'run') return { intent: HELP };
    return undefined;
  }

  /** The underlying natural classifier (trained state), e.g. to compare with natural's own scores. */
  get naturalClassifier(): BayesClassifier {
    return this.bayes;
  }

  toJSON(): IntentModelPayload {
    const { classFeatures, classTotals, totalExamples, smoothing } = this.bayes.classifier;
    return {
      format: 'pulse.intent-bayes',
      version: 1,
      options: { ...this.options },
      vocabulary: [...this.vocabulary],
      features: { ...this.bayes.features },
      classifier: { classFeatures, classTotals, totalExamples, smoothing },
    };
  }

  static fromJSON(payload: IntentModelPayload | string): IntentModel {
    const data: IntentModelPayload = typeof payload === 'string' ? JSON.parse(payload) : payload;
    if (data?.format !== 'pulse.intent-bayes' || data.version !== 1) {
      throw new Error(`not an intent model payload (format ${String(data?.format)}, version ${String(data?.version)})`);
    }
    const copy: IntentModelPayload = JSON.parse(JSON.stringify(data));
    const bayes = BayesClassifier.restore({ classifier: copy.classifier, features: copy.features, docs: [] });
    return new IntentModel(bayes, { ...DEFAULT_MODEL_OPTIONS, ...copy.options }, copy.vocabulary);
  }
}

/** A message as the model reads it: chat shorthand written out, spelt-out amounts in digits. */
function readable(text: string): string {
  return digitsForSpeltAmounts(expandShorthand(text));
}

export function trainIntentModel(examples: Example[], options: Partial<IntentModelOptions> = {}): IntentModel {
  const settings: IntentModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...options };
  const present = new Set(examples.map((example) => example.intent));
  if (present.size < 2) throw new Error(`need examples of at least two intents, got ${[...present].join(', ') || 'none'}`);
  const ordered = INTENTS.flatMap((intent) => examples.filter((example) => example.intent === intent)).map((example) => ({ ...example, text: readable(example.text) }));
  // With the small-talk rules greetings and chatter are answered before the classifier, and a
  // greeting is stripped from the front of a request: the model learns from what it will be shown.
  const shown = settings.smallTalk
    ? ordered.filter((example) => !isGreeting(example.text) && !isChatter(example.text)).map((example) => ({ ...example, text: withoutGreeting(example.text) }))
    : ordered;
  const vocabulary = vocabularyByFrequency(
    shown.map((example) => wordTokens(example.text, settings).filter((token) => !token.startsWith('<'))),
    settings.minWordCount,
  );
  // Training text is not spell-corrected: rare training words are exactly what <unk> stands for.
  const trainingOptions = { ...settings, spellCorrect: false };
  const speller = new SpellingCorrector(vocabulary);
  const bayes = new BayesClassifier(undefined, settings.smoothing);
  for (const example of shown) bayes.addDocument(toFeatures(example.text, trainingOptions, speller), example.intent);
  bayes.train();
  bayes.docs = [];
  return new IntentModel(bayes, settings, vocabulary);
}

/**
 * Bernoulli naive Bayes from natural's trained state (n_cf = documents of class c holding feature f,
 * n_c = documents of class c):
 *   log P(c | x) ∝ log P(c) + Σ_f [x_f·log p_cf + (1 − x_f)·log(1 − p_cf)],  p_cf = (n_cf + α) / (n_c + 2α)
 * rewritten as a per-class base (prior + Σ_f log(1 − p_cf)) plus, for each present feature,
 * log p_cf − log(1 − p_cf), so classifying touches only the features of the text.
 */
function bernoulliTables(
  state: BayesClassifier['classifier'],
  labels: Intent[],
  features: string[],
  options: IntentModelOptions,
): { logBase: Float64Array; logRatios: Map<string, Float64Array> } {
  const alpha = options.alpha;
  const logBase = Float64Array.from(labels, (label) =>
    (options.uniformPriors ? -Math.log(labels.length) : Math.log(state.classTotals[label] / state.totalExamples)) +
    (label === OUT_OF_SCOPE ? options.outOfScopeBias : 0),
  );
  const logRatios = new Map<string, Float64Array>();
  features.forEach((feature, index) => {
    const row = Float64Array.from(labels, (label, c) => {
      const p = ((state.classFeatures[label][index] ?? 0) + alpha) / (state.classTotals[label] + 2 * alpha);
      logBase[c] += Math.log(1 - p);
      return Math.log(p) - Math.log(1 - p);
    });
    logRatios.set(feature, row);
  });
  return { logBase, logRatios };
}
