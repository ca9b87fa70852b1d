import { BadInputError } from '../../errors.ts';
import {
  ClvError,
  customerValues,
  DAY_MS,
  expectedPurchasesAll,
  fitBgNbd,
  fitGammaGamma,
  seasonallyAdjust,
  seasonalSeries,
  sumIntoPeriods,
  summariseTransactions,
  type BgNbdFit,
  type CustomerSummary,
  type CustomerValues,
  type GammaGammaFit,
  type SeasonalSeries,
} from '../../ml/clv/index.ts';
import type { PurchaseDays } from '../../repos/transactions.ts';
import { dayText, LOST_BELOW } from './request.ts';

/**
 * The `clv` computation, from purchase days (src/repos/transactions.ts) to per-customer figures:
 * BG/NBD on customer-days (days as the unit), Gamma-Gamma on repeat customers' average order value,
 * Pulse's seasonal adjustment when the data show a season, expected revenue over the horizon.
 * Data that cannot give a model become a BadInputError a marketer can act on.
 */

/** Fewer repeat customers than this: no fit (the models' own default, restated for the message). */
export const MIN_REPEAT_CUSTOMERS = 20;
/** Spend "in the last 12 months": the 365 days ending on the as_of day. */
const YEAR_DAYS = 365;

export interface ClvInput {
  purchases: Pick<PurchaseDays, 'customer' | 'time' | 'amount' | 'ids'>;
  /** Start of the cut-off day (ms UTC). */
  asOf: number;
  horizonDays: number;
  monthlyDiscountRate?: number;
  /** For messages: "in Germany". */
  country?: string;
}

export interface SeasonalNote {
  applied: boolean;
  /** Which season was looked for / found. */
  kind?: 'yearly' | 'weekly';
  /** Multiplier on every customer's expected purchases (1 when not applied). */
  factor: number;
  /** Why, in plain words (a sentence). */
  text: string;
  /** The forecast engine's model for the ratio, when applied. */
  forecastModel?: string;
}

export interface ClvOutcome {
  asOf: number;
  horizonDays: number;
  /** Per modelled customer (customers with a purchase on or before as_of), aligned with every array below. */
  ids: string[];
  /** Repeat purchase days (x), and days from first to last purchase (t_x) and to the as_of day (T). */
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  /** Start of the last purchase day (ms UTC). */
  lastPurchase: Float64Array;
  /** Spend up to as_of, and in the last 12 months to as_of. */
  spend: Float64Array;
  spendLastYear: Float64Array;
  values: CustomerValues;
  /** Expected purchases before the seasonal adjustment (total). */
  plainExpectedPurchases: number;
  bgNbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  seasonal: SeasonalNote;
}

type Progress = (percent: number, note: string) => Promise<void> | void;

/** The whole computation; `progress` is told as each stage starts. */
export async function computeClv(input: ClvInput, progress: Progress = () => {}): Promise<ClvOutcome> {
  const { purchases, asOf, horizonDays } = input;
  const where = input.country ? ` in ${input.country}` : '';
  const asOfText = dayText(asOf);
  let summary: CustomerSummary;
  try {
    summary = summariseTransactions({ customer: purchases.customer, time: purchases.time, amount: purchases.amount }, { asOf, unit: 'days' });
  } catch (err) {
    if (err instanceof ClvError && err.code === 'E_CLV_NO_CUSTOMERS') throw new BadInputError(`No customer${where} bought anything on or before ${asOfText}, so there is nobody to model.`);
    throw asBadInput(err);
  }
  const customers = summary.customers.length;
  let repeaters = 0;
  for (let i = 0; i < customers; i++) if (summary.frequency[i] > 0) repeaters++;
  if (repeaters < MIN_REPEAT_CUSTOMERS) {
    const who = `${customers.toLocaleString('en')} customer${customers === 1 ? '' : 's'}${where}`;
    throw new BadInputError(
      repeaters === 0
        ? `None of the ${who} bought more than once by ${asOfText} (on different days). The model learns how often customers come back, and when they stop, from repeat purchases, so it has nothing to learn from yet. Try a later as_of, or all countries.`
        : `Only ${repeaters} of the ${who} bought more than once by ${asOfText} (on different days); the model needs at least ${MIN_REPEAT_CUSTOMERS} repeat customers to say who is still active. Try a later as_of, or all countries.`,
    );
  }

  await progress(30, `Fitting the churn model to ${customers.toLocaleString('en')} customers (BG/NBD)`);
  const bgNbd = fitOrExplain(() => fitBgNbd(summary, { minRepeatCustomers: MIN_REPEAT_CUSTOMERS }));
  await progress(45, 'Fitting the order-value model (Gamma-Gamma)');
  const gammaGamma = fitOrExplain(() => fitGammaGamma(summary, { minRepeatCustomers: MIN_REPEAT_CUSTOMERS }));

  await progress(55, 'Looking for a season in the purchases');
  const [plain] = expectedPurchasesAll(bgNbd.params, summary, [horizonDays]);
  let plainTotal = 0;
  for (const v of plain) plainTotal += v;
  const seasonal = seasonalAdjustment(summary, bgNbd, horizonDays, plain);

  await progress(65, 'Computing each customer’s expected purchases and value');
  const values = customerValues(bgNbd.params, gammaGamma, summary, {
    horizon: horizonDays,
    unit: 'days',
    monthlyDiscountRate: input.monthlyDiscountRate ?? 0,
    purchaseMultiplier: seasonal.factor,
  });
  const { spend, spendLastYear } = spendOf(purchases, summary);
  const ids = summary.customers.map((code) => purchases.ids[code as number]);
  const lastPurchase = Float64Array.from(summary.firstDay, (first, i) => (first + summary.recency[i]) * DAY_MS);
  return {
    asOf,
    horizonDays,
    ids,
    frequency: summary.frequency,
    recency: summary.recency,
    age: summary.T,
    lastPurchase,
    spend,
    spendLastYear,
    values,
    plainExpectedPurchases: plainTotal,
    bgNbd,
    gammaGamma,
    seasonal,
  };
}

function asBadInput(err: unknown): unknown {
  if (err instanceof ClvError) return new BadInputError(err.message);
  return err;
}

function fitOrExplain<T>(fit: () => T): T {
  try {
    return fit();
  } catch (err) {
    throw asBadInput(err);
  }
}

/** Spend per summarised customer, all time to as_of and over the last 12 months (entries after as_of are not in the input). */
function spendOf(purchases: ClvInput['purchases'], summary: CustomerSummary): { spend: Float64Array; spendLastYear: Float64Array } {
  const rowOf = new Int32Array(purchases.ids.length).fill(-1);
  summary.customers.forEach((code, i) => (rowOf[code as number] = i));
  const spend = new Float64Array(summary.customers.length);
  const spendLastYear = new Float64Array(summary.customers.length);
  const yearStart = (summary.asOfDay - YEAR_DAYS + 1) * DAY_MS;
  const asOfEnd = (summary.asOfDay + 1) * DAY_MS;
  for (let k = 0; k < purchases.customer.length; k++) {
    const time = purchases.time[k];
    if (!(time < asOfEnd)) continue;
    const i = rowOf[purchases.customer[k]];
    if (i < 0) continue;
    spend[i] += purchases.amount[k];
    if (time >= yearStart) spendLastYear[i] += purchases.amount[k];
  }
  return { spend, spendLastYear };
}

/** How far ahead the recent level and trend of purchases are carried under a weekly rhythm (see src/ml/clv/seasonal.ts, rule 5). */
const WEEKLY_RHYTHM_TRUSTED_DAYS = 91;

const percent = (factor: number) => `${Math.abs((factor - 1) * 100).toFixed(1)} %`;
const signed = (factor: number) => `${factor >= 1 ? '+' : '−'}${percent(factor)}`;

/**
 * Pulse's seasonal adjustment (src/ml/clv/seasonal.ts): a yearly season on weeks when the history
 * covers two full years, else a weekly rhythm on days; said in plain words either way. The forecast
 * of the ratio observed / expected carries its recent level and trend too, so under a weekly rhythm
 * the factor can be far from 1.
 */
export function seasonalAdjustment(summary: CustomerSummary, fit: BgNbdFit, horizonDays: number, plain: Float64Array): SeasonalNote {
  const historyDays = summary.asOfDay - summary.startDay + 1;
  const daily = seasonalSeries(summary, fit.params, horizonDays, 1);
  let yearlyClause = 'The history is too short to measure a yearly season (that takes two full years of repeat purchases)';
  if (historyDays >= 2 * 364) {
    const yearly = seasonallyAdjust({ ...weekly(daily), expectedPurchases: plain, period: 52 });
    if (yearly.applied) {
      const up = yearly.factor >= 1;
      return {
        applied: true,
        kind: 'yearly',
        factor: yearly.factor,
        forecastModel: yearly.forecastModel,
        text: `applied. Purchases rise and fall with the time of year, and the coming ${horizonDays} days are a ${up ? 'busier' : 'quieter'} stretch than the model's steady pace assumes, so expected purchases were ${up ? 'raised' : 'lowered'} by ${percent(yearly.factor)}.`,
      };
    }
    if (!yearly.reason.startsWith('Less than two full seasons')) yearlyClause = 'Purchases show no yearly season beyond what the model already expects';
  }
  const week = seasonallyAdjust({ ...daily, expectedPurchases: plain, period: 7, trustedPeriods: WEEKLY_RHYTHM_TRUSTED_DAYS });
  if (week.applied) {
    const note = { applied: true, kind: 'weekly' as const, factor: week.factor, forecastModel: week.forecastModel };
    if (Math.abs(week.factor - 1) < 0.005) {
      return { ...note, text: `applied, with little effect. Purchases follow a weekly rhythm, which evens out over ${horizonDays} days (expected purchases ${signed(week.factor)}). ${yearlyClause}.` };
    }
    return {
      ...note,
      text: `applied. Purchases follow a weekly rhythm the model does not see; Pulse forecasts how far purchases run from the model's steady pace (rhythm and recent trend included${horizonDays > WEEKLY_RHYTHM_TRUSTED_DAYS ? `, the trend for the first ${WEEKLY_RHYTHM_TRUSTED_DAYS} days only` : ''}), which ${week.factor >= 1 ? 'raises' : 'lowers'} expected purchases over the coming ${horizonDays} days by ${percent(week.factor)}. ${yearlyClause}.`,
    };
  }
  const weekNote = historyDays < 14 ? 'the history is too short to see a weekly rhythm either' : 'there is no weekly rhythm beyond what the model already expects';
  return { applied: false, factor: 1, text: `not applied. ${yearlyClause}, and ${weekNote}.` };
}

/** The daily series summed into weeks ending on the as_of day (as seasonalSeries(…, 7) would, without computing the horizon twice). */
function weekly(daily: SeasonalSeries): SeasonalSeries {
  const ahead = new Float64Array(Math.ceil(daily.expectedAhead.length / 7));
  for (let d = 0; d < daily.expectedAhead.length; d++) ahead[Math.floor(d / 7)] += daily.expectedAhead[d];
  return { observed: sumIntoPeriods(daily.observed, 7), expected: sumIntoPeriods(daily.expected, 7), expectedAhead: ahead };
}

/** Customers whose chance of still being active is below LOST_BELOW. */
export function isProbablyLost(pAlive: number): boolean {
  return pAlive < LOST_BELOW;
}
