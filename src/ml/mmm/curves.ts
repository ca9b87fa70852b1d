import { steadyStateEffect, type ChannelResponse } from './response.ts';

/**
 * Derivative of the steady-state weekly effect with respect to weekly spend x (the marginal ROAS):
 *   f(x) = beta · s(a), a = x / (1 − decay)
 *   f'(x) = beta · shape · a^(shape−1) · h^shape / (a^shape + h^shape)² / (1 − decay)
 * At x = 0 a concave curve (shape < 1) is vertical; it is evaluated at a millionth of halfSat instead,
 * which keeps the number finite (and JSON-safe) while still saying "the first dollar pays most".
 */
export function marginalSteadyStateEffect(weeklySpend: number, response: ChannelResponse): number {
  const { beta, decay, halfSat, shape } = response;
  if (beta === 0 || halfSat <= 0) return 0;
  const adstock = Math.max(weeklySpend / (1 - decay), shape < 1 ? 1e-6 * halfSat : 0);
  if (adstock === 0) return shape === 1 ? beta / halfSat / (1 - decay) : 0;
  const ratio = Math.pow(adstock / halfSat, shape);
  return (beta * shape * ratio) / (adstock * (1 + ratio) ** 2) / (1 - decay);
}

/**
 * Expected outcome per period of a spend split: Σ_i periodWeeks · f_i(spend_i / periodWeeks), with f_i the
 * steady-state weekly effect. `split[i]` is channel i's spend per period of `periodWeeks` weeks.
 */
export function expectedOutcome(responses: ChannelResponse[], split: number[], periodWeeks = 1): number {
  return responses.reduce((total, response, i) => total + periodWeeks * steadyStateEffect(split[i] / periodWeeks, response), 0);
}
