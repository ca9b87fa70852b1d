import { currencySymbol } from '../../charts/theme.ts';
import type { ChartRef, Reply, Table } from '../../core/reply.ts';
import type { ClvOutcome } from './model.ts';
import { dayText, describeHorizon, isoDay } from './request.ts';
import { OVERDUE_FACTOR, OVERDUE_MIN_DAYS, usualGapDays, type AtRiskSelection, type ClvTotals } from './risk.ts';

/** Customers the run could not model, and why. */
export interface LeftOut {
  /** First purchase after the as_of day. */
  onlyLater: number;
  /** Order lines but no purchase: only returns. */
  noPurchase: number;
}

export interface ClvReplyInput {
  outcome: ClvOutcome;
  totals: ClvTotals;
  atRisk: AtRiskSelection;
  /** Country of the listed customers. */
  countries: Map<string, string | null>;
  country?: string;
  /** as_of was not given: the last purchase day was used. */
  asOfDefaulted: boolean;
  monthlyDiscountRate?: number;
  leftOut: LeftOut;
  currency?: string;
  chart?: ChartRef;
  runId: number;
}

/** Frequency-value correlation above this (in size) is worth a warning: Gamma-Gamma assumes none. */
const CORRELATION_WARNING = 0.3;

export function formatMoney(value: number, currency?: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  const text = Math.abs(value).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = value < 0 ? '-' : '';
  return currency ? `${sign}${currencySymbol(currency)}${text}` : `${sign}${text}`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

/** P(alive) as a whole percentage; "<1 %" and ">99 %" at the ends, so 0 % and 100 % are never claimed. */
export function formatChance(p: number): string {
  if (p < 0.005) return '<1 %';
  if (p > 0.995) return '>99 %';
  return `${Math.round(p * 100)} %`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function heading(input: ClvReplyInput): string {
  const { outcome } = input;
  const where = input.country ? `, ${input.country}` : '';
  const asOf = `as of ${dayText(outcome.asOf)}${input.asOfDefaulted ? ' (the last purchase in the data)' : ''}`;
  return `*Churn risk and customer lifetime value${where}*: ${describeHorizon(outcome.horizonDays)}, ${asOf}`;
}

function expectedLine(input: ClvReplyInput): string {
  const { totals, outcome } = input;
  const rate = input.monthlyDiscountRate ?? 0;
  const discount = rate > 0 ? ` (discounted at ${(rate * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })} % a month)` : '';
  return (
    `• Expected from today's ${plural(totals.customers, 'customer')} in ${describeHorizon(outcome.horizonDays)}: ` +
    `*${formatCount(totals.expectedPurchases)} purchases* and *${formatMoney(totals.expectedRevenue, input.currency)}* of revenue${discount}.`
  );
}

function lostLine(input: ClvReplyInput): string {
  const { totals } = input;
  if (input.atRisk.rule === 'overdue') {
    return '• Probably lost (chance of still being active below 50 %): *not measurable on these data*, see the model note below.';
  }
  if (totals.probablyLost === 0) return '• Probably lost (chance of still being active below 50 %): *nobody*.';
  const share = (totals.probablyLost / totals.customers) * 100;
  return (
    `• Probably lost (chance of still being active below 50 %): *${plural(totals.probablyLost, 'customer')}* (${share.toFixed(1)} %), ` +
    `who spent ${formatMoney(totals.probablyLostSpendLastYear, input.currency)} in the 12 months to ${dayText(input.outcome.asOf)}.`
  );
}

function oneTimeLine(input: ClvReplyInput): string | undefined {
  const { totals } = input;
  if (totals.oneTimeBuyers === 0) return undefined;
  return (
    `• Bought only once: ${plural(totals.oneTimeBuyers, 'customer')}. The model learns each customer's pace from repeat purchases, so it never calls them lost, ` +
    `but it expects only ${totals.oneTimeExpectedPurchases.toFixed(2)} purchases from each in ${describeHorizon(input.outcome.horizonDays)}.`
  );
}

function behaviourLine(outcome: ClvOutcome): string {
  const { r, alpha, a, b } = outcome.bgNbd.params;
  const every = alpha / r;
  const pace = `while active, a typical customer buys about every ${formatCount(every)} day${Math.round(every) === 1 ? '' : 's'}`;
  if (outcome.bgNbd.fallback?.code === 'no-dropout') return `• How customers behave, per the model: ${pace}.`;
  const drop = (a / (a + b)) * 100;
  const dropText = drop >= 1 ? `${drop.toFixed(0)} %` : `${drop.toFixed(1)} %`;
  return `• How customers behave, per the model: ${pace}, and after each purchase about ${dropText} of them stop buying for good.`;
}

function leftOutLine(input: ClvReplyInput): string | undefined {
  const { onlyLater, noPurchase } = input.leftOut;
  const parts = [
    onlyLater > 0 ? `${plural(onlyLater, 'customer')} whose first purchase came after ${dayText(input.outcome.asOf)}` : undefined,
    noPurchase > 0 ? `${plural(noPurchase, 'customer')} with only returns (returns never count as purchases)` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `• Left out: ${parts.join('; ')}.` : undefined;
}

/** The models' fallbacks and caveats, named plainly. */
export function modelNotes(outcome: ClvOutcome): string[] {
  const notes: string[] = [];
  if (outcome.bgNbd.fallback?.code === 'no-dropout') {
    notes.push(
      `Model note: almost nobody looks lost to the model. On these data customers who bought keep buying at their usual pace, so it treats everyone as still active (chance above 99 %) and cannot say who has stopped; its expected purchases assume nobody churns. ` +
        `The list below uses a rule of thumb instead: repeat customers quiet for more than ${OVERDUE_FACTOR} times their usual gap between purchases (and at least ${OVERDUE_MIN_DAYS} days).`,
    );
  }
  if (outcome.gammaGamma.fallback?.code === 'observed-mean') {
    notes.push(
      "Model note: order values vary too much between customers to estimate a typical value, so each repeat customer's own average order value is used, and the overall average for one-time buyers.",
    );
  }
  const correlation = outcome.gammaGamma.frequencyValueCorrelation;
  if (Math.abs(correlation) >= CORRELATION_WARNING) {
    notes.push(
      `Model note: customers who buy more often also spend ${correlation > 0 ? 'more' : 'less'} per order (correlation ${correlation.toFixed(2)}); the order-value model assumes the two are unrelated, so treat revenue per customer as approximate.`,
    );
  }
  return notes;
}

function atRiskTable(input: ClvReplyInput): Table | undefined {
  const { outcome, atRisk } = input;
  if (atRisk.indices.length === 0) return undefined;
  const unit = input.currency ? ` (${input.currency.toUpperCase()})` : '';
  const overdue = atRisk.rule === 'overdue';
  const columns = ['Customer', 'Country', 'Last purchase', 'Orders', `Spend${unit}`, 'P(alive)', `Expected revenue${unit}`, ...(overdue ? ['Usual gap (days)'] : [])];
  const rows = atRisk.indices.map((i) => {
    const id = outcome.ids[i];
    const row: Array<string | number> = [
      id,
      input.country ?? input.countries.get(id) ?? '–',
      isoDay(outcome.lastPurchase[i]),
      outcome.frequency[i] + 1,
      Math.round(outcome.spend[i]),
      formatChance(outcome.values.probabilityAlive[i]),
      Math.round(outcome.values.expectedRevenue[i]),
    ];
    if (overdue) row.push(Math.round(usualGapDays(outcome, i) ?? 0));
    return row;
  });
  const title = overdue
    ? `Valuable customers overdue for a purchase (top ${atRisk.indices.length} of ${formatCount(atRisk.candidates)}, by spend to date)`
    : `Valuable customers at risk (top ${atRisk.indices.length} of ${formatCount(atRisk.candidates)} probably lost, by spend at stake: spend × chance lost)`;
  return { title, columns, rows, align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'] };
}

function emptyListLine(input: ClvReplyInput): string | undefined {
  if (input.atRisk.indices.length > 0) return undefined;
  return input.atRisk.rule === 'overdue'
    ? 'No repeat customer is overdue by the rule of thumb.'
    : 'No customer is probably lost, so there is no list of customers at risk.';
}

export function clvReply(input: ClvReplyInput): Reply {
  const { outcome } = input;
  const lines = [
    heading(input),
    expectedLine(input),
    lostLine(input),
    oneTimeLine(input),
    behaviourLine(outcome),
    `• Seasonal adjustment: ${outcome.seasonal.text}`,
    leftOutLine(input),
    ...modelNotes(outcome),
    emptyListLine(input),
    `\`clv export\` writes every customer's P(alive), expected purchases, expected order value and CLV to a CSV file (run ${input.runId}).`,
  ].filter((line): line is string => line !== undefined);
  const table = atRiskTable(input);
  return {
    text: lines.join('\n'),
    ...(table ? { tables: [table] } : {}),
    ...(input.chart ? { charts: [input.chart] } : {}),
  };
}

/** One line for job_runs and logs. */
export function clvSummaryLine(input: Pick<ClvReplyInput, 'outcome' | 'totals' | 'runId' | 'currency'>): string {
  const { totals, outcome } = input;
  return `clv run ${input.runId}: ${formatCount(totals.customers)} customers, ${formatCount(totals.expectedPurchases)} purchases and ${formatMoney(totals.expectedRevenue, input.currency)} expected in ${outcome.horizonDays} days, ${formatCount(totals.probablyLost)} probably lost`;
}
