import { baselineDesign } from './baseline.ts';
import { cachedMedia } from './bootstrap.ts';
import { marginalSteadyStateEffect } from './curves.ts';
import { MixInputError } from './errors.ts';
import { decodeChannel, halfSaturation, priorPenalty, saturatedAdstock, spendLevel, unitRoas } from './hyperparameters.ts';
import { MixedLeastSquares } from './least-squares.ts';
import { fitQuality } from './metrics.ts';
import { steadyStateEffect, type ChannelResponse } from './response.ts';
import { DEFAULT_SEARCH, searchHyperparameters, type SearchSettings } from './search.ts';
import type { ChannelFit, MixInput, MixModel } from './types.ts';
import { validateMixInput } from './validate-input.ts';

/** Weeks that define "current" spend (Robyn's default window for the allocator is similar). */
export const RECENT_WEEKS = 13;
/** Share of the weeks, oldest first, used to train before validating on the rest. */
export const TRAIN_FRACTION = 0.8;

export interface FitOptions {
  seed: number;
  search?: Partial<SearchSettings>;
}

/**
 * Fits outcome_t = baseline_t + Σ_channels beta_c · s_c(adstock_c,t) + noise (see response.ts, baseline.ts):
 * hyper-parameters by the seeded search of search.ts (MAP: SSE / σ² plus the weak priors of hyperparameters.ts)
 * on a time-ordered split (first 80 % train, last 20 % validation), coefficients by least squares with
 * non-negative betas, a tiny ridge and the pooled-ROAS prior (least-squares.ts), then a polish and refit on all weeks.
 */
export function fitMarketingMix(input: MixInput, options: FitOptions): MixModel {
  validateMixInput(input);
  const weekCount = input.weeks.length;
  const design = baselineDesign(weekCount, input.controls ?? []);
  const levels = input.channels.map((c) => spendLevel(c.spend));
  const mediaFor = cachedMedia(input.channels.length, (unit, i) => saturatedAdstock(input.channels[i].spend, decodeChannel(unit, i), levels[i]));
  const pooling = (unit: number[]) => ({ unitRoas: input.channels.map((_, i) => unitRoas(decodeChannel(unit, i), levels[i])) });

  const trainWeeks = Math.round(TRAIN_FRACTION * weekCount);
  const prefix = (column: ArrayLike<number>) => Array.prototype.slice.call(column, 0, trainWeeks) as number[];
  const trainSolver = new MixedLeastSquares(design.columns.map((c) => c.subarray(0, trainWeeks)), prefix(input.outcome));
  const fullSolver = new MixedLeastSquares(design.columns, input.outcome);

  const validationPrediction = (unit: number[]) => {
    const media = mediaFor(unit);
    const trainMedia = media.map((m) => m.subarray(0, trainWeeks));
    const { beta } = trainSolver.solveMedia(trainMedia, pooling(unit));
    const gamma = trainSolver.baselineCoefficients(trainMedia, beta);
    return predict(design.columns, gamma, media, beta).slice(trainWeeks);
  };
  const linearTerms = design.columns.length + input.channels.length;
  const held = input.outcome.slice(trainWeeks);
  const search = searchHyperparameters(
    {
      channelCount: input.channels.length,
      trainSse: (u) => trainSolver.solveMedia(mediaFor(u).map((m) => m.subarray(0, trainWeeks)), pooling(u)).sse,
      validationSse: (u) => sumSquaredError(held, validationPrediction(u)),
      fullSse: (u) => fullSolver.solveMedia(mediaFor(u), pooling(u)).sse,
      trainDegreesOfFreedom: trainWeeks - linearTerms,
      fullDegreesOfFreedom: weekCount - linearTerms,
      penalty: (u) => priorPenalty(u, input.channels.length),
    },
    options.seed,
    { ...DEFAULT_SEARCH, ...options.search },
  );

  const media = mediaFor(search.unit);
  const { beta } = fullSolver.solveMedia(media, pooling(search.unit));
  const gamma = fullSolver.baselineCoefficients(media, beta);
  const fitted = predict(design.columns, gamma, media, beta);
  const baselineSeries = predict(design.columns, gamma, [], []);
  const responses = input.channels.map((_, i): ChannelResponse => {
    const hyper = decodeChannel(search.unit, i);
    return { decay: hyper.decay, halfSat: halfSaturation(hyper, levels[i]), shape: hyper.shape, beta: beta[i] };
  });

  return {
    kind: 'marketing-mix',
    seed: options.seed,
    weeks: { first: input.weeks[0], last: input.weeks[weekCount - 1], count: weekCount },
    channels: channelReports(input, responses, media, search.unit),
    baseline: { terms: design.terms, coefficients: gamma },
    fit: fitQuality(input.outcome, fitted),
    validation: {
      ...fitQuality(held, validationPrediction(search.unit)),
      trainWeeks,
      validationWeeks: weekCount - trainWeeks,
    },
    fitted: Array.from(fitted),
    baselineSeries: Array.from(baselineSeries),
  };
}

function channelReports(input: MixInput, responses: ChannelResponse[], media: Float64Array[], unit: number[]): ChannelFit[] {
  const effects = media.map((column, i) => column.reduce((s, v) => s + v * responses[i].beta, 0));
  const mediaTotal = effects.reduce((s, v) => s + v, 0);
  const outcomeTotal = input.outcome.reduce((s, v) => s + v, 0);
  return input.channels.map((channel, i) => {
    const totalSpend = channel.spend.reduce((s, v) => s + v, 0);
    const recent = channel.spend.slice(-RECENT_WEEKS);
    const recentWeeklySpend = recent.reduce((s, v) => s + v, 0) / recent.length;
    return {
      name: channel.name,
      response: responses[i],
      halfSatRatio: decodeChannel(unit, i).halfSatRatio,
      totalSpend,
      recentWeeklySpend,
      totalEffect: effects[i],
      shareOfMedia: mediaTotal > 0 ? effects[i] / mediaTotal : 0,
      shareOfOutcome: outcomeTotal !== 0 ? effects[i] / outcomeTotal : 0,
      roas: totalSpend > 0 ? effects[i] / totalSpend : 0,
      marginalRoas: marginalSteadyStateEffect(recentWeeklySpend, responses[i]),
    };
  });
}

export interface ResponsePoint {
  weeklySpend: number;
  /** Steady-state weekly effect of spending weeklySpend every week. */
  effect: number;
  marginalRoas: number;
}

/** The fitted channel's steady-state response at each weekly spend (for charts and what-ifs). */
export function responseCurve(model: MixModel, channel: string, weeklySpends: number[]): ResponsePoint[] {
  const found = model.channels.find((c) => c.name === channel);
  if (!found) {
    const known = model.channels.map((c) => c.name).join(', ');
    throw new MixInputError('E_UNKNOWN_CHANNEL', `No channel "${channel}" in this model. Known channels: ${known}.`);
  }
  return weeklySpends.map((weeklySpend) => ({
    weeklySpend,
    effect: steadyStateEffect(weeklySpend, found.response),
    marginalRoas: marginalSteadyStateEffect(weeklySpend, found.response),
  }));
}

function predict(baseline: Float64Array[], gamma: number[], media: ArrayLike<number>[], beta: number[]): Float64Array {
  const out = new Float64Array(baseline[0].length);
  baseline.forEach((column, j) => column.forEach((v, t) => (out[t] += gamma[j] * v)));
  media.forEach((column, k) => {
    for (let t = 0; t < out.length; t++) out[t] += beta[k] * column[t];
  });
  return out;
}

function sumSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < actual.length; t++) s += (actual[t] - predicted[t]) ** 2;
  return s;
}
