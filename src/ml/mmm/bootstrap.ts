import { createRandom, randomInt, type Random } from '../random.ts';
import { PARAMETERS_PER_CHANNEL, priorPenalty } from './hyperparameters.ts';
import { MixedLeastSquares } from './least-squares.ts';
import { mixObjective } from './objective.ts';
import type { ChannelResponse } from './response.ts';
import { blockCoordinateDescent } from './search.ts';
import type { MixInput, MixModel } from './types.ts';

/**
 * How sure the fit is: a moving-block bootstrap of weeks (Künsch 1989).
 *
 * Each replicate draws blocks of `blockWeeks` consecutive weeks, with replacement, until it has as many
 * weeks as the data, and refits the model on those weeks: the media regressors are computed on the whole
 * series first (so carry-over is never cut by a block edge), then the replicate's rows of outcome, baseline
 * and media are taken. Blocks keep the weeks' autocorrelation (season, carry-over, flights) inside a
 * replicate, which resampling single weeks would destroy.
 *
 * The refit starts at the fitted hyper-parameters and takes `sweeps` block-coordinate Nelder–Mead sweeps
 * (search.ts) on the same MAP loss as the fit, SSE / σ² + prior penalty, with σ² from the fit; betas and
 * baseline are re-solved exactly for every candidate. So each replicate's curves differ from the fit's
 * in both level (beta) and shape (decay, half-saturation, Hill shape), as far as the resampled weeks move them.
 */
export interface BootstrapSettings {
  replicates: number;
  blockWeeks: number;
  sweeps: number;
  evaluationsPerBlock: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapSettings = { replicates: 40, blockWeeks: 8, sweeps: 1, evaluationsPerBlock: 30 };

export interface MixBootstrap {
  /** The channels, in the order of each replicate's curves. */
  names: string[];
  /** The fit's own curves, same order: the point the ranges are widened around (uncertainty.ts). */
  point: ChannelResponse[];
  /** One set of curves per replicate, channels in the model's order. */
  replicates: ChannelResponse[][];
  settings: BootstrapSettings;
}

export function bootstrapMix(input: MixInput, model: MixModel, seed: number, overrides: Partial<BootstrapSettings> = {}): MixBootstrap {
  const settings = { ...DEFAULT_BOOTSTRAP, ...overrides };
  const weekCount = input.weeks.length;
  const channelCount = input.channels.length;
  const { design, fitted, variance, media: mediaOf, pooling, curves } = mixObjective(input, model);

  const random = createRandom(seed);
  const replicates: ChannelResponse[][] = [];
  for (let b = 0; b < settings.replicates; b++) {
    const rows = blockRows(random, weekCount, settings.blockWeeks);
    const take = (column: ArrayLike<number>) => Float64Array.from(rows, (t) => column[t]);
    const solver = new MixedLeastSquares(design.columns.map(take), take(input.outcome));
    const media = cachedMedia(channelCount, (unit, i) => take(mediaOf(unit, i)));
    const loss = (unit: number[]) => solver.solveMedia(media(unit), pooling(unit)).sse / variance + priorPenalty(unit, channelCount);
    const { point } = blockCoordinateDescent(loss, fitted, channelCount, settings.sweeps, settings.evaluationsPerBlock, 0.1);
    replicates.push(curves(point, solver.solveMedia(media(point), pooling(point)).beta));
  }
  return { names: input.channels.map((c) => c.name), point: model.channels.map((c) => c.response), replicates, settings };
}

/** Row indices of one moving-block resample: whole blocks of consecutive weeks, cut to the series' length. */
export function blockRows(random: Random, weekCount: number, blockWeeks: number): number[] {
  const length = Math.min(blockWeeks, weekCount);
  const rows: number[] = [];
  while (rows.length < weekCount) {
    const start = randomInt(random, weekCount - length + 1);
    for (let k = 0; k < length && rows.length < weekCount; k++) rows.push(start + k);
  }
  return rows;
}

/**
 * Media columns for a unit point, recomputing only the channels whose block of the point changed: the
 * searches move one channel's block at a time, so this saves most of the adstock and Hill evaluations.
 */
export function cachedMedia(channelCount: number, compute: (unit: number[], channel: number) => Float64Array): (unit: number[]) => Float64Array[] {
  const keys: string[] = new Array(channelCount).fill('');
  const columns: Float64Array[] = new Array(channelCount);
  return (unit) => {
    for (let i = 0; i < channelCount; i++) {
      const key = unit.slice(i * PARAMETERS_PER_CHANNEL, (i + 1) * PARAMETERS_PER_CHANNEL).join(',');
      if (key !== keys[i]) {
        keys[i] = key;
        columns[i] = compute(unit, i);
      }
    }
    return columns.slice();
  };
}
