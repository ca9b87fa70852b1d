import type { MixInput } from '../../ml/mmm/index.ts';
import type { ImportsRepository } from '../../repos/imports.ts';
import type { MarketingRepository } from '../../repos/marketing.ts';

/** Outcome metrics in order of preference when the data has several (revenue first: it is money, like spend). */
export const OUTCOME_PREFERENCE = ['revenue', 'conversions', 'sales', 'y', 'kpi', 'outcome'];

export interface WeeklyMix {
  input: MixInput;
  /** The KPI metric used as the outcome. */
  outcome: string;
}

/** Why the data cannot feed a marketing-mix fit, and how to fix it. */
export class WeeklyMixUnavailable extends Error {}

/**
 * Builds the fit's weekly input from the database: spend per (week, channel) with rows of the same
 * week summed (e.g. one per geo), the outcome KPI, and every other KPI metric as a control. Weeks are
 * those with an outcome value; a channel with no row in such a week spent 0; a control missing in a week
 * takes its mean (it then says nothing about that week).
 */
export async function loadWeeklyMix(marketing: MarketingRepository, imports: ImportsRepository): Promise<WeeklyMix> {
  const spendRows = await marketing.spendByPeriodAndChannel();
  if (spendRows.length === 0) {
    throw new WeeklyMixUnavailable(
      'There is no spend data yet. Import a weekly spend file first (one column per channel, a date column and the outcome, e.g. revenue), or seed the demo data.',
    );
  }
  const metrics = await marketing.listMetrics();
  const outcome = chooseOutcome(metrics, await recordedOutcome(imports));
  if (!outcome) {
    throw new WeeklyMixUnavailable(
      `The spend data has no outcome to explain (KPI metrics found: ${metrics.join(', ') || 'none'}). Re-import the spend file with a revenue or conversions column.`,
    );
  }
  const outcomeRows = await marketing.kpiByPeriod(outcome);
  const weeks = outcomeRows.map((r) => r.periodStart);
  const weekIndex = new Map(weeks.map((week, i) => [week, i]));

  const spendByChannel = new Map<string, number[]>();
  for (const row of spendRows) {
    const i = weekIndex.get(row.periodStart);
    if (i === undefined) continue;
    const spend = spendByChannel.get(row.channel) ?? spendByChannel.set(row.channel, new Array(weeks.length).fill(0)).get(row.channel)!;
    spend[i] += row.spend;
  }
  const channels = [...spendByChannel].sort(([a], [b]) => a.localeCompare(b)).map(([name, spend]) => ({ name, spend }));
  const controls = [];
  for (const metric of metrics.filter((name) => name !== outcome)) {
    controls.push({ name: metric, values: alignWithMeanFill(await marketing.kpiByPeriod(metric), weekIndex, weeks.length) });
  }
  return { input: { weeks, outcome: outcomeRows.map((r) => r.value), channels, controls }, outcome };
}

/** 'revenue' when present, else the outcome the latest spend import recorded, else the first by preference. */
export function chooseOutcome(metrics: string[], recorded: string | undefined): string | undefined {
  if (metrics.includes('revenue')) return 'revenue';
  if (recorded && metrics.includes(recorded)) return recorded;
  return OUTCOME_PREFERENCE.find((name) => metrics.includes(name));
}

async function recordedOutcome(imports: ImportsRepository): Promise<string | undefined> {
  const latest = (await imports.listRecent(50)).find((record) => record.kind === 'spend' && hasOutcome(record.report));
  return latest ? (latest.report as { outcome: string }).outcome : undefined;
}

function hasOutcome(report: unknown): boolean {
  return typeof report === 'object' && report !== null && typeof (report as { outcome?: unknown }).outcome === 'string';
}

function alignWithMeanFill(rows: { periodStart: string; value: number }[], weekIndex: Map<string, number>, length: number): number[] {
  const values: (number | undefined)[] = new Array(length).fill(undefined);
  for (const row of rows) {
    const i = weekIndex.get(row.periodStart);
    if (i !== undefined) values[i] = row.value;
  }
  const present = values.filter((v): v is number => v !== undefined);
  const mean = present.length > 0 ? present.reduce((s, v) => s + v, 0) / present.length : 0;
  return values.map((v) => v ?? mean);
}
