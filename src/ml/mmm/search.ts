import { createRandom } from '../random.ts';
import { PARAMETERS_PER_CHANNEL } from './hyperparameters.ts';
import { nelderMead } from '../optim/nelder-mead.ts';

/**
 * Hyper-parameter search, on the unit cube of all channels' (decay, halfSatRatio, shape):
 *
 * 1. Population: `populationPerChannel × channels` seeded uniform draws (plus the cube's centre),
 *    scored by the training SSE (coefficients re-solved by least squares for every candidate). The best
 *    SSE over the degrees of freedom estimates the noise variance σ², and from then on the loss is
 *    SSE / σ² + penalty (a MAP fit with the priors of hyperparameters.ts).
 * 2. Refinement: the best `starts` draws each go through block-coordinate descent — a 3-d Nelder–Mead
 *    over one channel's parameters at a time, all channels in turn, for `sweeps` sweeps with a simplex
 *    step that halves every sweep. Blocks keep Nelder–Mead in the low dimension where it works well.
 * 3. Choice: the refined candidate with the lowest loss on the held-out (later) weeks wins;
 *    the training losses of local optima are often close, the hold-out tells them apart.
 * 4. Polish: the winner gets `polishSweeps` more sweeps on all weeks, so the final curves use all the data.
 */
export interface SearchProblem {
  channelCount: number;
  /** Residual sums of squares, coefficients re-solved for the candidate. */
  trainSse(unit: number[]): number;
  fullSse(unit: number[]): number;
  /** Squared error on the held-out weeks of the model trained on the others. */
  validationSse(unit: number[]): number;
  /** Weeks minus linear coefficients, per split: turns a best SSE into a noise variance. */
  trainDegreesOfFreedom: number;
  fullDegreesOfFreedom: number;
  /** −2 log prior of the hyper-parameters. */
  penalty(unit: number[]): number;
}

export interface SearchSettings {
  populationPerChannel: number;
  starts: number;
  sweeps: number;
  polishSweeps: number;
  evaluationsPerBlock: number;
}

export const DEFAULT_SEARCH: SearchSettings = {
  populationPerChannel: 40,
  starts: 4,
  sweeps: 4,
  polishSweeps: 2,
  evaluationsPerBlock: 60,
};

export interface SearchResult {
  unit: number[];
  /** SSE / σ² + penalty on the training weeks, of the candidate the hold-out chose (before the polish). */
  trainObjective: number;
  validationLoss: number;
  evaluations: number;
}

export function searchHyperparameters(problem: SearchProblem, seed: number, settings = DEFAULT_SEARCH): SearchResult {
  const dimension = problem.channelCount * PARAMETERS_PER_CHANNEL;
  const random = createRandom(seed);
  let evaluations = 0;
  const counted = (loss: (u: number[]) => number) => (u: number[]) => {
    evaluations++;
    return loss(u);
  };
  const trainSse = counted((u) => problem.trainSse(u));

  const population = [new Array<number>(dimension).fill(0.5)];
  for (let i = 0; i < settings.populationPerChannel * problem.channelCount; i++) {
    population.push(Array.from({ length: dimension }, () => random()));
  }
  const sses = population.map(trainSse);
  const trainVariance = noiseVariance(Math.min(...sses), problem.trainDegreesOfFreedom);
  const trainLoss = (u: number[]) => trainSse(u) / trainVariance + problem.penalty(u);
  const scored = population.map((unit, i) => ({ unit, loss: sses[i] / trainVariance + problem.penalty(unit) }));
  scored.sort((a, b) => a.loss - b.loss);

  const refined = scored.slice(0, settings.starts).map(({ unit }) => {
    const best = blockCoordinateDescent(trainLoss, unit, problem.channelCount, settings.sweeps, settings.evaluationsPerBlock);
    return { ...best, validationLoss: problem.validationSse(best.point) };
  });
  refined.sort((a, b) => a.validationLoss - b.validationLoss);
  const chosen = refined[0];

  const fullSse = counted((u) => problem.fullSse(u));
  const fullVariance = noiseVariance(fullSse(chosen.point), problem.fullDegreesOfFreedom);
  const polished = blockCoordinateDescent(
    (u) => fullSse(u) / fullVariance + problem.penalty(u),
    chosen.point,
    problem.channelCount,
    settings.polishSweeps,
    settings.evaluationsPerBlock,
    0.25 * 0.5 ** settings.sweeps,
  );
  return { unit: polished.point, trainObjective: chosen.value, validationLoss: chosen.validationLoss, evaluations };
}

function noiseVariance(sse: number, degreesOfFreedom: number): number {
  return Math.max(sse / Math.max(1, degreesOfFreedom), Number.MIN_VALUE);
}

/** One channel's block of the unit cube. */
const UNIT_BLOCK = {
  lower: new Array<number>(PARAMETERS_PER_CHANNEL).fill(0),
  upper: new Array<number>(PARAMETERS_PER_CHANNEL).fill(1),
};

/** Nelder–Mead on one channel's block at a time, all channels in turn, `sweeps` times (the step halves each sweep). */
export function blockCoordinateDescent(
  loss: (u: number[]) => number,
  start: number[],
  channelCount: number,
  sweeps: number,
  evaluationsPerBlock: number,
  firstStep = 0.25,
): { point: number[]; value: number } {
  let point = start.slice();
  let value = loss(point);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const step = firstStep * 0.5 ** sweep;
    for (let channel = 0; channel < channelCount; channel++) {
      const from = channel * PARAMETERS_PER_CHANNEL;
      const withBlock = (block: number[]) => {
        const candidate = point.slice();
        candidate.splice(from, PARAMETERS_PER_CHANNEL, ...block);
        return candidate;
      };
      const result = nelderMead((block) => loss(withBlock(block)), point.slice(from, from + PARAMETERS_PER_CHANNEL), {
        bounds: UNIT_BLOCK,
        initialStep: step,
        maxEvaluations: evaluationsPerBlock,
        tolerance: 1e-10,
      });
      if (result.value < value) {
        point = withBlock(result.point);
        value = result.value;
      }
    }
  }
  return { point, value };
}
