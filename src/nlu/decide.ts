import { OUT_OF_SCOPE, type Intent } from './intents.ts';
import type { ScoredIntent } from './posterior.ts';

export interface Thresholds {
  /** Below this the bot does not act on the top intent. */
  minConfidence: number;
  /** When the top two in-scope intents are closer than this, the bot asks which one was meant. */
  minMargin: number;
}

/** Chosen on cross-validation of the corpus (src/nlu/README.md); the Bernoulli scores are sharp, so few texts fall between. */
export const DEFAULT_THRESHOLDS: Thresholds = { minConfidence: 0.5, minMargin: 0.05 };

export type Decision =
  | { action: 'run'; intent: Intent }
  | { action: 'clarify'; choices: Intent[] }
  | { action: 'out_of_scope' };

/**
 * out_of_scope on top → out_of_scope. A confident in-scope winner clearly ahead of the runner-up →
 * run. Otherwise ask, offering the in-scope candidates that are near the top; with none, out_of_scope.
 */
export function decide(
  result: { intent: Intent; confidence: number; alternatives: ScoredIntent[] },
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Decision {
  if (result.intent === OUT_OF_SCOPE) return { action: 'out_of_scope' };
  const runnerUp = result.alternatives.find((alternative) => alternative.intent !== result.intent);
  const margin = result.confidence - (runnerUp?.confidence ?? 0);
  if (result.confidence >= thresholds.minConfidence && margin >= thresholds.minMargin) {
    return { action: 'run', intent: result.intent };
  }
  const choices = result.alternatives
    .filter((alternative) => alternative.intent !== OUT_OF_SCOPE)
    .filter((alternative, i) => i === 0 || result.confidence - alternative.confidence < Math.max(thresholds.minMargin, 0.25))
    .map((alternative) => alternative.intent);
  return choices.length > 0 ? { action: 'clarify', choices } : { action: 'out_of_scope' };
}
