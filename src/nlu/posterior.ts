import type { Intent } from './intents.ts';

export interface ScoredIntent {
  intent: Intent;
  confidence: number;
}

/**
 * Softmax of log-scores by the log-sum-exp trick: p_c = exp(s_c − m) / Σ_k exp(s_k − m) with
 * m = max_k s_k, which is exact and cannot underflow to 0/0 however negative the scores are.
 */
export function rankByPosterior(labels: Intent[], logScores: ArrayLike<number>): ScoredIntent[] {
  let max = -Infinity;
  for (let c = 0; c < labels.length; c++) max = Math.max(max, logScores[c]);
  let total = 0;
  const weights = labels.map((_, c) => {
    const weight = Math.exp(logScores[c] - max);
    total += weight;
    return weight;
  });
  return labels
    .map((intent, c) => ({ intent, confidence: weights[c] / total }))
    .sort((a, b) => b.confidence - a.confidence);
}
