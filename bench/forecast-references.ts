import { dampedHolt, simpleExponentialSmoothing } from '../src/ml/forecast/exponential-smoothing.ts';
import { naive } from '../src/ml/forecast/naive.ts';
import { theta } from '../src/ml/forecast/theta.ts';
import type { ModelSpec } from '../src/ml/forecast/types.ts';

/**
 * The M4 organisers' benchmark methods, rebuilt from src/ml parts and run as their R code runs them
 * on weekly data: with frequency 1, so no seasonal adjustment (Naive2 is then the plain naive
 * forecast), each model fitted on the whole training series. Scoring them on the same holdout as
 * the engine gives a yardstick that moves with the split; on the competition's test weeks they
 * should land near the published figures, which checks both the data and the scoring.
 */
function benchmark(model: ModelSpec): (train: number[], horizon: number) => number[] {
  return (train, horizon) => {
    const values = Float64Array.from(train);
    return Array.from(model.fit(values).forecastFrom(values, values.length, horizon));
  };
}

export const REFERENCE_METHODS: Record<string, (train: number[], horizon: number) => number[]> = {
  Naive2: benchmark(naive),
  SES: benchmark(simpleExponentialSmoothing),
  Theta: benchmark(theta),
  Damped: benchmark(dampedHolt),
};

/** Published M4 Weekly test-set scores (sMAPE, MASE) of the same methods. */
export const PUBLISHED_WEEKLY: Record<string, [number, number]> = {
  Naive2: [9.161, 2.777],
  SES: [9.012, 2.685],
  Theta: [9.093, 2.637],
  Damped: [8.866, 2.404],
};
