import { baselineDesign, type BaselineDesign } from './baseline.ts';
import { decodeChannel, encodeChannel, halfSaturation, saturatedAdstock, spendLevel, unitRoas } from './hyperparameters.ts';
import { MixedLeastSquares, type PoolingPrior } from './least-squares.ts';
import type { ChannelResponse } from './response.ts';
import type { MixInput, MixModel } from './types.ts';

/**
 * The pieces of the fit's MAP loss (fit.ts) around a fitted model, shared by what measures how sure the fit is:
 * the bootstrap's refits (bootstrap.ts) and the posterior draws (posterior.ts). Hyper-parameters are points of
 * the unit cube (hyperparameters.ts), three coordinates per channel.
 */
export interface MixObjective {
  design: BaselineDesign;
  /** The fit's hyper-parameters as a unit point. */
  fitted: number[];
  /** Residual variance of the fit on all weeks (pooled-ROAS penalty included): SSE / (weeks − linear terms). */
  variance: number;
  /** Channel `channel`'s media regressor over all weeks at a unit point. */
  media(unit: number[], channel: number): Float64Array;
  pooling(unit: number[]): PoolingPrior;
  /** The response curves at a unit point with the given betas. */
  curves(unit: number[], beta: number[]): ChannelResponse[];
}

export function mixObjective(input: MixInput, model: MixModel): MixObjective {
  const weekCount = input.weeks.length;
  const channelCount = input.channels.length;
  const design = baselineDesign(weekCount, input.controls ?? []);
  const levels = input.channels.map((c) => spendLevel(c.spend));
  const fitted = model.channels.flatMap((c) => encodeChannel({ decay: c.response.decay, halfSatRatio: c.halfSatRatio, shape: c.response.shape }));
  const media = (unit: number[], i: number) => saturatedAdstock(input.channels[i].spend, decodeChannel(unit, i), levels[i]);
  const pooling = (unit: number[]) => ({ unitRoas: input.channels.map((_, i) => unitRoas(decodeChannel(unit, i), levels[i])) });
  const full = new MixedLeastSquares(design.columns, input.outcome);
  const degreesOfFreedom = Math.max(1, weekCount - design.columns.length - channelCount);
  const fullMedia = input.channels.map((_, i) => media(fitted, i));
  const variance = Math.max(full.solveMedia(fullMedia, pooling(fitted)).sse / degreesOfFreedom, Number.MIN_VALUE);
  const curves = (unit: number[], beta: number[]) =>
    input.channels.map((_, i): ChannelResponse => {
      const hyper = decodeChannel(unit, i);
      return { decay: hyper.decay, halfSat: halfSaturation(hyper, levels[i]), shape: hyper.shape, beta: beta[i] };
    });
  return { design, fitted, variance, media, pooling, curves };
}
