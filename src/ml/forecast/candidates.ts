import { dampedHolt, holtWinters, simpleExponentialSmoothing } from './exponential-smoothing.ts';
import { drift, naive, seasonalNaive } from './naive.ts';
import { trendFourierRegression } from './regression.ts';
import { deseasonalised } from './seasonality.ts';
import { theta } from './theta.ts';
import type { ModelSpec } from './types.ts';

export interface CandidateContext {
  period: number;
  /** Seasonality passed the test and there is room for two seasons before the first backtest origin. */
  seasonal: boolean;
  /** All values > 0: multiplicative season models are allowed. */
  positive: boolean;
}

/** Trend-only regression follows the last two years of weekly-like data, not the whole history. */
const TREND_WINDOW = 104;

/**
 * Without seasonality: naive, SES, damped Holt, Theta and a trend line. With seasonality: the same
 * non-seasonal models on the classically deseasonalised series (multiplicative when the data is
 * positive), plus seasonal naive, Holt-Winters and trend + Fourier regression on the raw series.
 */
export function candidateModels(context: CandidateContext): ModelSpec[] {
  const nonSeasonal = [naive, simpleExponentialSmoothing, dampedHolt, theta, drift(TREND_WINDOW)];
  if (!context.seasonal) return [...nonSeasonal, trendFourierRegression(context.period, false, TREND_WINDOW)];
  const { period, positive } = context;
  const kind = positive ? 'multiplicative' : 'additive';
  return [
    ...nonSeasonal.map((model) => deseasonalised(model, period, kind)),
    seasonalNaive(period),
    holtWinters('additive', period),
    ...(positive ? [holtWinters('multiplicative', period)] : []),
    trendFourierRegression(period, true, Math.max(3 * period, TREND_WINDOW)),
  ];
}
