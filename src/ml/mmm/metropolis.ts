import { normal, type Random } from '../random.ts';

/**
 * Random-walk Metropolis on the unit cube, one block of coordinates at a time (Metropolis within Gibbs).
 * Used for the posterior of the fit's curves (posterior.ts) and by the allocation bench's oracle.
 *
 * Each sweep visits the blocks in turn: the block's coordinates plus N(0, step²) noise, folded back into
 * [0, 1] as a mirror at each face would (a symmetric proposal, so the plain Metropolis ratio holds), accepted
 * with probability min(1, exp(−(loss' − loss) / 2)), loss being −2 log of the target density. During burn-in,
 * every ADAPT_EVERY sweeps, a block's step grows ×1.4 when it accepted more than 35 % of its proposals and
 * shrinks ×0.7 below 15 %, up to MAX_STEP (in a direction the data say nothing about, the block then roams
 * the whole cube). After burn-in every `thin`-th sweep's point is kept.
 */
export interface MetropolisSettings {
  burnIn: number;
  draws: number;
  thin: number;
  /** Every block's proposal sd at the start, in units of the cube's side. */
  firstStep: number;
}

export interface BlockTarget {
  /** −2 log density (up to a constant) at `point`, which differs from the chain's point only in `block` (undefined: the start). */
  loss(point: number[], block: number | undefined): number;
  /** The chain moved to `point`, the last one given to `loss` (for targets that keep state between proposals). */
  moved?(point: number[], block: number): void;
}

export interface MetropolisRun {
  draws: number[][];
  /** Share of proposals accepted after burn-in. */
  acceptance: number;
}

const ADAPT_EVERY = 50;
const MAX_STEP = 0.5;

export function blockMetropolis(target: BlockTarget, start: number[], blockSize: number, settings: MetropolisSettings, random: Random): MetropolisRun {
  const blocks = Math.ceil(start.length / blockSize);
  let point = start.slice();
  let loss = target.loss(point, undefined);
  const steps = new Array<number>(blocks).fill(settings.firstStep);
  const accepted = new Array<number>(blocks).fill(0);
  const draws: number[][] = [];
  let acceptedAfterBurnIn = 0;
  const sweeps = settings.burnIn + settings.draws * settings.thin;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let block = 0; block < blocks; block++) {
      const proposal = point.slice();
      for (let j = block * blockSize; j < Math.min(start.length, (block + 1) * blockSize); j++) proposal[j] = fold(proposal[j] + normal(random, 0, steps[block]));
      const proposalLoss = target.loss(proposal, block);
      if (Math.log(1 - random()) < (loss - proposalLoss) / 2) {
        point = proposal;
        loss = proposalLoss;
        target.moved?.(point, block);
        accepted[block]++;
        if (sweep >= settings.burnIn) acceptedAfterBurnIn++;
      }
    }
    if (sweep < settings.burnIn && (sweep + 1) % ADAPT_EVERY === 0) {
      accepted.forEach((count, block) => {
        const rate = count / ADAPT_EVERY;
        steps[block] = Math.min(MAX_STEP, steps[block] * (rate > 0.35 ? 1.4 : rate < 0.15 ? 0.7 : 1));
      });
      accepted.fill(0);
    }
    if (sweep >= settings.burnIn && (sweep - settings.burnIn) % settings.thin === 0) draws.push(point.slice());
  }
  return { draws, acceptance: acceptedAfterBurnIn / Math.max(1, (sweeps - settings.burnIn) * blocks) };
}

/** Folds a coordinate back into [0, 1] as a mirror at each face would. */
function fold(value: number): number {
  const x = Math.abs(value) % 2;
  return x > 1 ? 2 - x : x;
}
