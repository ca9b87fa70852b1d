/**
 * Pulse's seasonal adjustment of BG/NBD predictions.
 *
 * BG/NBD assumes each customer's purchase rate is constant while they are active, so it spreads
 * expected purchases evenly over the calendar and under-predicts a horizon that contains a
 * seasonal peak (and over-predicts a trough). The adjustment measures, period by period, how far
 * the real repeat purchases were from what the fitted model expected, forecasts that ratio over
 * the horizon with the forecast engine (src/ml/forecast), and rescales the predictions with it.
 *
 * The rule, on a grid of periods (days or weeks) covering the calibration window:
 * 1. o_t = observed repeat purchases of the modelled customers in period t (summary.repeatsPerDay,
 *    summed into periods), e_t = BG/NBD's expected repeat purchases for the same customers in the
 *    same period (bg-nbd.ts `expectedRepeatsInSample`, from the first purchases per period).
 * 2. Ratio ρ_t = o_t / e_t: 1 when the model is right; a season in the purchase rate shows up as a
 *    season in ρ (the growth of the customer base and the drop-outs are already in e_t). Periods
 *    at the start where e_t is below a tenth of its mean over the last season are left out (the
 *    model expects almost nothing there and the ratio is noise).
 * 3. The engine's own season test (`hasSignificantSeasonality`, the M4 test on differences) decides
 *    whether ρ has a season of length `period`; it needs at least two full seasons. No season: the
 *    BG/NBD predictions are returned unchanged (`applied: false`, with the reason).
 * 4. Season found: the engine forecasts ρ over the horizon (non-negative), ρ̂_h. The adjusted
 *    aggregate is ρ̂_h · E_h, where E_h is BG/NBD's expected purchases of the same customers in
 *    horizon period h (`expectedPurchasesTotal` differences), and every customer's expected
 *    purchases are multiplied by factor = Σ_h ρ̂_h E_h / Σ_h E_h, so that their sum follows the
 *    forecast season. (Customers are scaled alike: the data do not say whose purchases are seasonal.)
 * 5. The forecast of ρ carries its recent level and trend, which are trusted only so far ahead
 *    (`trustedPeriods`: 91 days for the weekly rhythm, as validated on Online Retail's 91-day holdout).
 *    Beyond that the level and trend are dropped and only the season's shape remains: ρ̂ repeats the
 *    last trusted season divided by its mean, so the model's steady pace holds on average. Without
 *    it, two weak weeks before the cut-off would be extrapolated over a whole year.
 *
 * Pure and deterministic (the forecast engine is).
 */
import { forecast, hasSignificantSeasonality } from '../forecast/index.ts';
import { expectedPurchasesTotal, expectedRepeatsInSample, type BgNbdParams } from './bg-nbd.ts';
import { unitDays, type CustomerSummary } from './summary.ts';

export interface SeasonalAdjustmentInput {
  /** Observed repeat purchases in each period of the calibration window, oldest first. */
  observed: ArrayLike<number>;
  /** BG/NBD's expected repeat purchases in the same periods (expectedRepeatsInSample). */
  expected: ArrayLike<number>;
  /** BG/NBD's expected purchases of the customers in each period of the horizon. */
  expectedAhead: ArrayLike<number>;
  /** Each customer's BG/NBD expected purchases over the whole horizon. */
  expectedPurchases: ArrayLike<number>;
  /** Season length in periods: 7 for days (a weekly pattern), 52 for weeks (a yearly one). */
  period: number;
  /** Horizon periods over which the ratio's level and trend are carried (rule 5); all of them by default. */
  trustedPeriods?: number;
}

export interface SeasonalAdjustment {
  applied: boolean;
  /** Why (not) applied, in plain words. */
  reason: string;
  /** Multiplier applied to every customer's expected purchases (1 when not applied). */
  factor: number;
  /** Forecast ratio ρ̂_h per horizon period (all 1 when not applied). */
  periodFactors: Float64Array;
  /** Adjusted aggregate expected purchases per horizon period. */
  expectedAhead: Float64Array;
  /** Adjusted expected purchases per customer. */
  expectedPurchases: Float64Array;
  /** The engine's model for the ratio, when it ran. */
  forecastModel?: string;
}

/** Leading periods whose expected count is below this share of the last season's mean are left out. */
const MIN_EXPECTED_SHARE = 0.1;

function unchanged(input: SeasonalAdjustmentInput, reason: string): SeasonalAdjustment {
  return {
    applied: false,
    reason,
    factor: 1,
    periodFactors: new Float64Array(input.expectedAhead.length).fill(1),
    expectedAhead: Float64Array.from(input.expectedAhead),
    expectedPurchases: Float64Array.from(input.expectedPurchases),
  };
}

/** Applies the seasonal adjustment (see the module comment). */
export function seasonallyAdjust(input: SeasonalAdjustmentInput): SeasonalAdjustment {
  const { observed, expected, expectedAhead, period } = input;
  if (observed.length !== expected.length) throw new RangeError('observed and expected must cover the same periods.');
  const horizon = expectedAhead.length;
  if (horizon === 0) return unchanged(input, 'There is no horizon to adjust.');
  const length = observed.length;
  let recent = 0;
  const last = Math.min(period, length);
  for (let t = length - last; t < length; t++) recent += expected[t] / last;
  let first = 0;
  while (first < length && !(expected[first] >= MIN_EXPECTED_SHARE * recent && expected[first] > 0)) first++;
  const ratio: number[] = [];
  for (let t = first; t < length; t++) ratio.push(expected[t] > 0 ? observed[t] / expected[t] : 1);
  if (ratio.length < 2 * period) {
    return unchanged(input, `Less than two full seasons of ${period} periods of history: no season can be measured, the model's predictions are used as they are.`);
  }
  if (!hasSignificantSeasonality(ratio, period)) {
    return unchanged(input, `Purchases show no significant season of ${period} periods beyond what the model expects: its predictions are used as they are.`);
  }
  const trusted = Math.max(period, Math.min(horizon, input.trustedPeriods ?? horizon));
  const result = forecast(ratio, { horizon: trusted, period, nonNegative: true });
  const periodFactors = withShapeBeyond(Float64Array.from(result.point), horizon, period);
  let before = 0;
  let after = 0;
  const adjustedAhead = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    adjustedAhead[h] = periodFactors[h] * expectedAhead[h];
    before += expectedAhead[h];
    after += adjustedAhead[h];
  }
  const factor = before > 0 ? after / before : NaN;
  if (!Number.isFinite(factor)) return unchanged(input, 'The model expects no purchases in the horizon, so there is nothing to adjust.');
  return {
    applied: true,
    reason: `Purchases follow a season of ${period} periods; over the horizon the forecast season changes the model's expected purchases by ${((factor - 1) * 100).toFixed(1)} %.`,
    factor,
    periodFactors,
    expectedAhead: adjustedAhead,
    expectedPurchases: Float64Array.from(input.expectedPurchases, (v) => v * factor),
    forecastModel: result.model,
  };
}

/** The trusted factors, then the shape of their last season (mean 1) repeated up to `horizon` (rule 5). */
function withShapeBeyond(trusted: Float64Array, horizon: number, period: number): Float64Array {
  if (trusted.length >= horizon) return trusted.slice(0, horizon);
  const lastSeason = trusted.slice(trusted.length - period);
  const mean = lastSeason.reduce((sum, v) => sum + v, 0) / period;
  const out = new Float64Array(horizon);
  out.set(trusted);
  for (let h = trusted.length; h < horizon; h++) out[h] = mean > 0 ? lastSeason[(h - trusted.length) % period] / mean : 1;
  return out;
}

/**
 * Sums a per-day series into periods of `days` days that end on its last day (a leading partial
 * period is dropped), e.g. days into weeks ending on the cut-off day.
 */
export function sumIntoPeriods(perDay: ArrayLike<number>, days: number): Float64Array {
  const periods = Math.floor(perDay.length / days);
  const offset = perDay.length - periods * days;
  const out = new Float64Array(periods);
  for (let i = offset; i < perDay.length; i++) out[Math.floor((i - offset) / days)] += perDay[i];
  return out;
}

export interface SeasonalSeries {
  observed: Float64Array;
  expected: Float64Array;
  expectedAhead: Float64Array;
}

/**
 * The three series seasonallyAdjust needs, from a summary and fitted BG/NBD parameters, in periods
 * of `periodDays` days (1 or 7) ending on the cut-off day: observed and expected repeat purchases
 * over the calibration window, and expected purchases in each period of the next `horizonDays`
 * days (a trailing partial period is kept whole: its days are summed).
 */
export function seasonalSeries(summary: CustomerSummary, params: BgNbdParams, horizonDays: number, periodDays: number): SeasonalSeries {
  const dayInUnits = 1 / unitDays(summary.unit);
  const expectedDaily = expectedRepeatsInSample(params, summary.firstPurchasesPerDay, dayInUnits);
  const cumulative = expectedPurchasesTotal(params, summary, Array.from({ length: horizonDays + 1 }, (_, d) => d * dayInUnits));
  const expectedAhead = new Float64Array(Math.ceil(horizonDays / periodDays));
  for (let d = 0; d < horizonDays; d++) expectedAhead[Math.floor(d / periodDays)] += cumulative[d + 1] - cumulative[d];
  return {
    observed: sumIntoPeriods(summary.repeatsPerDay, periodDays),
    expected: sumIntoPeriods(expectedDaily, periodDays),
    expectedAhead,
  };
}
