import { describe, expect, it } from 'vitest';
import { createRandom, normal } from '../../src/ml/random.ts';
import { dampedHolt, holtWinters, simpleExponentialSmoothing } from '../../src/ml/forecast/exponential-smoothing.ts';
import { drift, naive, seasonalNaive } from '../../src/ml/forecast/naive.ts';
import { trendFourierRegression } from '../../src/ml/forecast/regression.ts';
import { deseasonalised, hasSignificantSeasonality, seasonalIndices } from '../../src/ml/forecast/seasonality.ts';
import { theta } from '../../src/ml/forecast/theta.ts';
import { candidateModels } from '../../src/ml/forecast/candidates.ts';
import { forecastFromOrigins, type ModelSpec } from '../../src/ml/forecast/types.ts';

const PERIOD = 12;

/** level + slope·t + amplitude·sin(2πt/12) + N(0, noise²). */
function synthetic(length: number, options: { slope: number; amplitude: number; noise: number; seed?: number }): Float64Array {
  const random = createRandom(options.seed ?? 1);
  return Float64Array.from({ length }, (_, t) =>
    100 + options.slope * t + options.amplitude * Math.sin((2 * Math.PI * t) / PERIOD) + normal(random, 0, options.noise));
}

/** Fit on the first `length − horizon` points, return the mean absolute error on the rest. */
function holdoutError(model: ModelSpec, series: Float64Array, horizon: number): number {
  const end = series.length - horizon;
  const predicted = model.fit(series.subarray(0, end)).forecastFrom(series, end, horizon);
  let sum = 0;
  for (let h = 0; h < horizon; h++) sum += Math.abs(series[end + h] - predicted[h]);
  return sum / horizon;
}

describe('non-seasonal models', () => {
  const trending = synthetic(100, { slope: 0.5, amplitude: 0, noise: 0.3 });

  it('SES forecasts a constant series as that constant', () => {
    const constant = new Float64Array(30).fill(42);
    const predicted = simpleExponentialSmoothing.fit(constant).forecastFrom(constant, 30, 5);
    expect(Array.from(predicted)).toEqual([42, 42, 42, 42, 42]);
  });

  it.each([dampedHolt, drift(104), trendFourierRegression(1, false, 104)])('$name follows a linear trend', (model) => {
    // 12 steps of slope 0.5 move the level by 6; a model that ignores the trend errs by ~3 on average.
    expect(holdoutError(model, trending, 12)).toBeLessThan(1.5);
  });

  it('Theta extrapolates half the fitted trend, as the method defines', () => {
    // Forecast = mean of the trend line and a flat SES level: half the slope, so about half naive's error.
    expect(holdoutError(theta, trending, 12)).toBeLessThan(0.7 * holdoutError(naive, trending, 12));
  });

  it('naive and SES lag a trend by about the trend itself', () => {
    expect(holdoutError(naive, trending, 12)).toBeGreaterThan(2.5);
    expect(holdoutError(simpleExponentialSmoothing, trending, 12)).toBeGreaterThan(2.5);
  });

  it('damped Holt flattens: each step adds less than the one before', () => {
    const predicted = dampedHolt.fit(trending).forecastFrom(trending, trending.length, 200);
    const firstStep = predicted[1] - predicted[0];
    const lastStep = predicted[199] - predicted[198];
    expect(firstStep).toBeGreaterThan(0);
    expect(lastStep).toBeLessThan(firstStep * 0.1);
  });
});

describe('seasonal models', () => {
  const seasonal = synthetic(120, { slope: 0.2, amplitude: 10, noise: 0.5 });

  it.each([
    holtWinters('additive', PERIOD),
    holtWinters('multiplicative', PERIOD),
    trendFourierRegression(PERIOD, true, 104),
    deseasonalised(dampedHolt, PERIOD, 'additive'),
    deseasonalised(theta, PERIOD, 'multiplicative'),
  ])('$name recovers trend and season', (model) => {
    // Ignoring the season would cost ~6.4 on average (mean |10·sin|).
    expect(holdoutError(model, seasonal, PERIOD)).toBeLessThan(1.5);
  });

  it('seasonal naive repeats the season, lagging only the trend of one season', () => {
    expect(holdoutError(seasonalNaive(PERIOD), seasonal, PERIOD)).toBeLessThan(0.2 * PERIOD + 1.5);
  });

  it('detects real seasonality and not white noise', () => {
    const random = createRandom(7);
    const noise = Float64Array.from({ length: 120 }, () => normal(random));
    expect(hasSignificantSeasonality(seasonal, PERIOD)).toBe(true);
    expect(hasSignificantSeasonality(noise, PERIOD)).toBe(false);
    expect(hasSignificantSeasonality(seasonal.subarray(0, 20), PERIOD)).toBe(false);
  });

  it('finds a season on a wandering level and no season on a plain random walk', () => {
    // Random walks whose levels wander far more than the season moves. Every autocorrelation of
    // their levels is near 1, so a test on the levels cannot tell a season from the wandering (with
    // these 20 walks it "finds" a 12-step season in 19 of them); the test runs on the differences.
    let found = 0;
    let falseAlarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = createRandom(seed);
      let level = 100;
      const walk = Float64Array.from({ length: 240 }, () => (level += normal(random, 0, 2)));
      const withSeason = walk.map((v, t) => v + 3 * Math.sin((2 * Math.PI * t) / PERIOD));
      found += hasSignificantSeasonality(withSeason, PERIOD) ? 1 : 0;
      falseAlarms += hasSignificantSeasonality(walk, PERIOD) ? 1 : 0;
    }
    expect(found).toBeGreaterThanOrEqual(18);
    // The test is one-sided at 90 %, on |acf|: about 10 % false alarms are expected.
    expect(falseAlarms).toBeLessThanOrEqual(5);
  });

  it('classical decomposition recovers multiplicative indices', () => {
    const pattern = [0.8, 0.9, 1.0, 1.1, 1.2, 1.0];
    const series = Float64Array.from({ length: 60 }, (_, t) => (50 + t) * pattern[t % 6]);
    const indices = seasonalIndices(series, series.length, 6, 'multiplicative');
    pattern.forEach((p, i) => expect(indices[i]).toBeCloseTo(p, 1));
  });
});

describe('forecasts from many origins', () => {
  const series = synthetic(150, { slope: 0.3, amplitude: 8, noise: 1, seed: 4 });
  const origins = [60, 61, 62, 90, 120, 137];

  it.each(candidateModels({ period: PERIOD, seasonality: 'full', positive: true }).map((m) => [m.name, m] as const))(
    '%s gives in one pass what it gives origin by origin',
    (_name, model) => {
      const fitted = model.fit(series.subarray(0, 60));
      const each = forecastFromOrigins(fitted, series, origins, 13);
      origins.forEach((origin, k) => {
        const alone = fitted.forecastFrom(series, origin, 13);
        alone.forEach((value, h) => expect(each[k][h]).toBeCloseTo(value, 6));
      });
    },
  );
});
