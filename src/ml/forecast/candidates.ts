import { planBacktest, type BacktestPlan } from './backtest.ts';
import { dampedHolt, holtWinters, simpleExponentialSmoothing } from './exponential-smoothing.ts';
import { drift, naive, seasonalNaive } from './naive.ts';
import { trendFourierRegression } from './regression.ts';
import { deseasonalised, hasSignificantSeasonality } from './seasonality.ts';
import { MIN_MODEL_LENGTH } from './series-problems.ts';
import { theta } from './theta.ts';
import { oneSeasonCandidates } from './one-season.ts';
import type { ModelSpec } from './types.ts';

/**
 * Which seasonal models compete:
 * - none: no seasonal model (no period, fewer than two seasons, or the season failed its test);
 * - full: the season passed its test and there are two seasons before the first backtest origin;
 * - short: two seasons of history, but not two plus a backtest window. The test has little power on
 *   so few seasons, and Holt-Winters and the classical decomposition need two seasons to start, so
 *   the models that need one season (seasonal naive, Fourier regression) are backtested over the
 *   second season and their weights in the combination are the test.
 */
export type Seasonality = 'none' | 'short' | 'full';

export interface CandidatePool {
  seasonality: Seasonality;
  plan: BacktestPlan;
  candidates: ModelSpec[];
}

/** Trend-only regression follows the last two years of weekly-like data, not the whole history. */
const TREND_WINDOW = 104;

/** The candidate models for this series and the backtest plan they are compared on; undefined when the series is too short to backtest. */
export function candidatePool(series: Float64Array, horizon: number, period: number): CandidatePool | undefined {
  const positive = series.every((v) => v > 0);
  const pool = (seasonality: Seasonality, plan: BacktestPlan | undefined): CandidatePool | undefined =>
    plan && { seasonality, plan, candidates: [...candidateModels({ period, seasonality, positive }), ...oneSeasonCandidates(series.length, period, positive)] };
  if (period > 1 && series.length >= 2 * period) {
    const full = planBacktest(series, horizon, 2 * period);
    if (!full) return pool('short', planBacktest(series, horizon, period));
    if (hasSignificantSeasonality(series, period)) return pool('full', full);
  }
  return pool('none', planBacktest(series, horizon, MIN_MODEL_LENGTH));
}

export interface CandidateContext {
  period: number;
  seasonality: Seasonality;
  /** All values > 0: multiplicative season models are allowed. */
  positive: boolean;
}

/**
 * Non-seasonal: naive, SES, damped Holt, Theta and drift, plus a trend line when there is no season.
 * Full seasonality adds the non-seasonal models on the classically deseasonalised series
 * (multiplicative when the data is positive), seasonal naive, Holt-Winters and trend + Fourier
 * regression; short seasonality adds seasonal naive and the Fourier regression only. The
 * non-seasonal models always stay in the pool: a season that passes the test may still be too weak
 * or too irregular to forecast with, and the backtest weights decide.
 */
export function candidateModels(context: CandidateContext): ModelSpec[] {
  const nonSeasonal = [naive, simpleExponentialSmoothing, dampedHolt, theta, drift(TREND_WINDOW)];
  const { period, positive, seasonality } = context;
  const seasonalRegression = trendFourierRegression(period, true, Math.max(3 * period, TREND_WINDOW));
  if (seasonality === 'none') return [...nonSeasonal, trendFourierRegression(period, false, TREND_WINDOW)];
  if (seasonality === 'short') return [...nonSeasonal, seasonalNaive(period), seasonalRegression];
  const kind = positive ? 'multiplicative' : 'additive';
  return [
    ...nonSeasonal,
    ...nonSeasonal.map((model) => deseasonalised(model, period, kind)),
    seasonalNaive(period),
    holtWinters('additive', period),
    ...(positive ? [holtWinters('multiplicative', period)] : []),
    seasonalRegression,
  ];
}
