import type { MetricBarsInput, MetricLineInput } from '../../charts/metric.ts';
import { FORMATS, currencySymbol, withUnit } from '../../charts/theme.ts';
import type { ChartRef, Reply, Table } from '../../core/reply.ts';
import { isoDay, parseIsoDay } from '../../time/calendar.ts';
import type { MetricUnit } from './catalog.ts';
import type { BreakdownRow, Figure, MetricAnswer, SeriesPoint } from './load.ts';
import { describeDay, describeDays, startOfDay, unitName, type Window } from './period.ts';
import { inSentence } from '../wording.ts';

/**
 * The words, table and chart inputs of a metric answer: one sentence with the headline figure and
 * its change, then notes (a partial period, overlapping rows), a table, and a chart (bars per key,
 * or a line with the comparison period overlaid).
 */

/** Rows of a time series shown in the table at most (the chart and --json have them all). */
export const MAX_TABLE_ROWS = 60;

/** '£1,234,567', '1,234', '£12.50', '4.21×'; amounts of 100 or more without decimals. */
export function formatMetricValue(value: number | null | undefined, unit: MetricUnit, currency?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (unit === 'ratio') return `${value.toFixed(2)}×`;
  const digits = Math.abs(value) >= 100 || value === 0 || (unit === 'count' && Number.isInteger(value)) ? 0 : unit === 'currency' ? 2 : 1;
  const text = Math.abs(value).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = value < 0 && text !== '0' ? '-' : '';
  return unit === 'currency' && currency ? `${sign}${currencySymbol(currency)}${text}` : `${sign}${text}`;
}

/** Relative change in percent; undefined when the base is 0 or missing. */
export function percentChange(value: number | null | undefined, base: number | null | undefined): number | undefined {
  if (value === null || value === undefined || base === null || base === undefined || base === 0 || !Number.isFinite(base)) return undefined;
  return ((value - base) / Math.abs(base)) * 100;
}

/** '+12.3 %', '−4.0 %', '0.0 %'. */
export function formatPercentChange(change: number | undefined): string {
  if (change === undefined) return 'n/a';
  const rounded = Math.round(change * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(1)} %`;
}

/** '+£1,234', '−56', '0'. */
export function formatSignedValue(delta: number | null | undefined, unit: MetricUnit, currency?: string): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return 'n/a';
  if (Math.abs(delta) < 0.005) return formatMetricValue(0, unit, currency);
  return `${delta > 0 ? '+' : '−'}${formatMetricValue(Math.abs(delta), unit, currency)}`;
}

function share(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  const percent = value * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** 'last month (November 2011)', 'this month so far (1–9 Dec 2025, 9 of 31 days)', 'December 2011 (the orders end on 9 Dec 2011: 9 of 31 days)'. */
export function describeCoverage(answer: MetricAnswer): string {
  const { period, coverage } = answer;
  const partial = coverage.partial;
  const name = period.kind === 'all' ? `all the data (${describeDays(coverage.window)})` : period.name;
  if (!partial) return name;
  if (partial.reason === 'running' && partial.until !== undefined) {
    return `${name.replace(/ \(.*\)$/, '')} so far (until ${timeOfDay(partial.until)})`;
  }
  if (partial.reason === 'running') return `${name.replace(/ \(.*\)$/, '')} so far (${describeDays(coverage.window)}, ${partial.days} of ${partial.totalDays} days)`;
  return `${name} (${answer.span.noun} end on ${describeDay(startOfDay(coverage.window.to - 1))}: ${partial.days} of ${partial.totalDays} days)`;
}

function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** 'the previous month (October 2011)', 'the first 9 days of the previous month (1–9 Nov 2011)', 'the same dates last year (1–30 Nov 2010)'. */
export function describeComparison(answer: MetricAnswer): string | undefined {
  const { comparison, period, coverage } = answer;
  if (!comparison) return undefined;
  const partial = coverage.partial;
  const unit = period.kind === 'calendar' ? period.unit : undefined;
  const count = period.count ?? 1;
  const days = describeDays(comparison.window);
  if (partial?.until !== undefined) {
    const what = comparison.mode === 'previous' ? `the ${unit ?? 'period'} before` : 'the same day last year';
    return `${what} until the same time (${describeDay(comparison.window.from, true)}, until ${timeOfDay(comparison.window.to)})`;
  }
  if (comparison.mode === 'last_year') {
    const same = unit === 'day' ? 'the same weekday 52 weeks earlier' : unit === 'week' ? 'the same week 52 weeks earlier' : 'the same dates last year';
    return `${same} (${days})`;
  }
  const what = unit && count === 1 ? `the previous ${unit}` : unit ? `the previous ${count} ${unit}s` : `the previous ${Math.round((comparison.full.to - comparison.full.from) / 86_400_000)} days`;
  if (partial) return `the first ${partial.days} days of ${what} (${days})`;
  if (unit && count === 1 && unit !== 'day') return `${what} (${unitName(comparison.full.from, unit).replace(/^the week of /, 'week of ')})`;
  return `${what} (${days})`;
}

/** A short name for table columns and chart legends: 'Nov 2011', 'Q3 2011', '1–9 Nov 2011'. */
function shortName(window: Window, answer: MetricAnswer, _which: 'current' | 'comparison'): string {
  const unit = answer.period.kind === 'calendar' && (answer.period.count ?? 1) === 1 ? answer.period.unit : undefined;
  if (unit && !answer.coverage.partial && (unit === 'month' || unit === 'quarter' || unit === 'year')) {
    const name = unitName(window.from, unit);
    return unit === 'month' ? name.replace(/^(\w{3})\w*/, '$1') : name;
  }
  return describeDays(window);
}

function changeWords(answer: MetricAnswer, value: number | null, base: number | null | undefined): string {
  const f = (x: number | null | undefined) => formatMetricValue(x, answer.unit, answer.currency);
  const change = percentChange(value, base);
  if (value === null || base === null || base === undefined) return `compared with ${f(base)}`;
  const delta = value - base;
  if (change === undefined) return value === 0 ? 'unchanged at 0' : `up from 0 (${formatSignedValue(delta, answer.unit, answer.currency)})`;
  if (Math.abs(change) < 0.05) return `unchanged (${f(base)})`;
  return `${change > 0 ? 'up' : 'down'} ${formatPercentChange(Math.abs(change)).replace(/^[+−]/, '')} (${formatSignedValue(delta, answer.unit, answer.currency)})`;
}

function returnsShare(figure: Figure | undefined): string {
  if (!figure || figure.gross === undefined || !figure.gross) return '';
  return ` (${share((figure.value ?? 0) / figure.gross)} of gross sales)`;
}

/** The headline: '*Revenue* in last month (November 2011): *£1,161,817*, up 12.3 % (+£127,409) on the previous month (October 2011: £1,034,408).' */
export function headline(answer: MetricAnswer): string {
  const f = (x: number | null | undefined) => formatMetricValue(x, answer.unit, answer.currency);
  const where = answer.country ? ` in ${answer.country}` : '';
  const by = answer.breakdown ? ` by ${answer.breakdown.by}` : answer.series && !answer.series.auto ? ` by ${answer.series.granularity}` : '';
  const total = `*${f(answer.total.value)}*${answer.metric.name === 'returns' ? returnsShare(answer.total) : ''}`;
  const whole = answer.grain === 'ratio' ? 'overall' : 'in total';
  const head = `*${answer.label}*${by}${where}, ${describeCoverage(answer)}: ${answer.breakdown || (answer.series && !answer.series.auto) ? `${total} ${whole}` : total}`;
  const compared = describeComparison(answer);
  if (!compared || !answer.compareTotal) return `${head}${answer.comparisonNote ? ` (${answer.comparisonNote})` : ''}.`;
  const verb = answer.compareTotal.value === null || answer.total.value === null ? '' : changeWords(answer, answer.total.value, answer.compareTotal.value);
  return `${head}, ${verb} on ${compared.replace(/\)$/, `: ${f(answer.compareTotal.value)})`)}.`;
}

/** The first row of a breakdown in words: 'United Kingdom leads with £975,112 (84 %), +10.1 %.' */
function leaderLine(answer: MetricAnswer): string | undefined {
  const first = answer.breakdown?.rows.find((r) => r.kind === 'key');
  if (!first) return undefined;
  const f = (x: number | null | undefined) => formatMetricValue(x, answer.unit, answer.currency);
  const shareText = first.share !== undefined ? ` (${share(first.share)})` : '';
  const pct = percentChange(first.value, first.compare);
  const change = first.compare === undefined ? '' : pct !== undefined ? `, ${formatPercentChange(pct)} vs ${f(first.compare)}` : first.compare === null || first.compare === 0 ? ', none before' : '';
  const name = answer.breakdown?.by === 'customer' ? `Customer ${first.label}` : first.label;
  return `${name} leads with ${f(first.value)}${shareText}${change}.`;
}

function coverageNotes(answer: MetricAnswer): string[] {
  const notes: string[] = [];
  const b = answer.breakdown;
  if (b && b.keys > b.top) notes.push(`Top ${b.top} of ${b.keys.toLocaleString('en-GB')} ${b.plural}, the rest in one row.`);
  if (answer.periodDefaulted) notes.push(`No period given: ${answer.period.name.replace(/ \(.*$/, '')}; name one, e.g. \`last month\`, \`2011-11\` or \`Q4 2011\`.`);
  return notes;
}

export function summaryText(answer: MetricAnswer): string {
  if (answer.empty) return answer.empty;
  return [headline(answer), leaderLine(answer), ...answer.notes, ...coverageNotes(answer)].filter((l): l is string => Boolean(l)).join('\n');
}

/** One line for job_runs and logs. */
export function summaryLine(answer: MetricAnswer): string {
  if (answer.empty) return `${answer.label}, ${answer.period.name}: no data`;
  const f = (x: number | null | undefined) => formatMetricValue(x, answer.unit, answer.currency);
  const change = answer.compareTotal ? ` (${formatPercentChange(percentChange(answer.total.value, answer.compareTotal.value))})` : '';
  return `${answer.label}${answer.breakdown ? ` by ${answer.breakdown.by}` : ''}, ${isoDay(answer.coverage.window.from)}..${isoDay(startOfDay(answer.coverage.window.to - 1))}: ${f(answer.total.value)}${change}`;
}

function unitHeading(answer: MetricAnswer): string {
  return answer.unit === 'currency' && answer.currency ? `${answer.label} (${answer.currency})` : answer.label;
}

/** Cells carry no currency symbol: the column heading names it. */
function cell(answer: MetricAnswer) {
  return (x: number | null | undefined) => formatMetricValue(x, answer.unit);
}

export function breakdownTable(answer: MetricAnswer): Table | undefined {
  const b = answer.breakdown;
  if (!b) return undefined;
  const c = cell(answer);
  const hasShare = b.rows.some((r) => r.share !== undefined);
  const returns = answer.metric.name === 'returns';
  const comparison = answer.comparison;
  const compareName = comparison ? shortName(comparison.window, answer, 'comparison') : undefined;
  const columns = [
    b.label,
    unitHeading(answer),
    ...(hasShare ? ['Share'] : []),
    ...(returns ? ['% of gross sales'] : []),
    ...(compareName ? [compareName, 'Change', 'Change %'] : []),
  ];
  const line = (label: string, row: Pick<BreakdownRow, 'value' | 'share' | 'gross' | 'compare'>, shareText?: string): Array<string | number> => [
    label,
    c(row.value),
    ...(hasShare ? [shareText ?? share(row.share)] : []),
    ...(returns ? [row.gross ? share((row.value ?? 0) / row.gross) : ''] : []),
    ...(compareName ? [c(row.compare), formatSignedValue(row.value !== null && row.compare !== null && row.compare !== undefined ? row.value - row.compare : null, answer.unit), formatPercentChange(percentChange(row.value, row.compare))] : []),
  ];
  const rows = b.rows.map((r) => line(r.label, r));
  rows.push(line('Total', { value: answer.total.value, gross: answer.total.gross, compare: answer.compareTotal?.value }, b.addsUp ? '100 %' : ''));
  return {
    title: `${answer.label} by ${b.by}, ${shortName(answer.coverage.window, answer, 'current')}`,
    columns,
    rows,
    align: columns.map((_, i) => (i === 0 ? 'left' : 'right')),
  };
}

export function seriesTable(answer: MetricAnswer): Table | undefined {
  const s = answer.series;
  if (!s || s.auto) return undefined;
  const c = cell(answer);
  const hasCompare = s.points.some((p) => p.comparePeriod !== undefined);
  const columns = [{ day: 'Day', week: 'Week starting', month: 'Month' }[s.granularity], unitHeading(answer), ...(hasCompare ? ['Compared with', 'Value then', 'Change %'] : [])];
  const points = s.points.length > MAX_TABLE_ROWS ? s.points.slice(-MAX_TABLE_ROWS) : s.points;
  return {
    title: `${answer.label} per ${s.granularity}${s.points.length > MAX_TABLE_ROWS ? ` (last ${MAX_TABLE_ROWS} of ${s.points.length})` : ''}`,
    columns,
    rows: points.map((p) => [p.period, c(p.value), ...(hasCompare ? [p.comparePeriod ?? '', c(p.compare), formatPercentChange(percentChange(p.value, p.compare))] : [])]),
    align: columns.map((_, i) => (i === 0 || i === 2 ? 'left' : 'right')),
  };
}

/** A total without breakdown: one row with the period, the comparison and the change. */
export function totalTable(answer: MetricAnswer): Table {
  const c = cell(answer);
  const comparison = answer.comparison && answer.compareTotal;
  const columns = ['Period', unitHeading(answer), ...(answer.metric.name === 'returns' ? ['% of gross sales'] : []), ...(comparison ? ['Compared with', 'Value then', 'Change', 'Change %'] : [])];
  const returnsCell = (figure: Figure | undefined) => (answer.metric.name === 'returns' ? [figure?.gross ? share((figure.value ?? 0) / figure.gross) : ''] : []);
  const row = [
    describeDays(answer.coverage.window),
    c(answer.total.value),
    ...returnsCell(answer.total),
    ...(comparison
      ? [
          describeDays(answer.comparison!.window),
          c(answer.compareTotal!.value),
          formatSignedValue(answer.total.value !== null && answer.compareTotal!.value !== null ? answer.total.value - answer.compareTotal!.value : null, answer.unit),
          formatPercentChange(percentChange(answer.total.value, answer.compareTotal!.value)),
        ]
      : []),
  ];
  return { title: answer.label, columns, rows: [row], align: columns.map((_, i) => (i === 0 || i === 2 ? 'left' : 'right')) };
}

export function answerTables(answer: MetricAnswer): Table[] {
  if (answer.empty) return [];
  return [breakdownTable(answer) ?? seriesTable(answer) ?? totalTable(answer)];
}

function valueFormat(answer: MetricAnswer): string {
  if (answer.unit === 'ratio') return '.2f';
  if (answer.unit === 'currency') return FORMATS.currency;
  return FORMATS.count;
}

function chartTitle(answer: MetricAnswer): string {
  const by = answer.breakdown ? ` by ${answer.breakdown.by}` : answer.series && !answer.series.auto ? ` per ${answer.series.granularity}` : '';
  return `${answer.label}${by}${answer.country ? ` (${answer.country})` : ''}`;
}

/** Bars (top keys, current beside the comparison), or undefined when there is no breakdown. */
export function barsInput(answer: MetricAnswer): MetricBarsInput | undefined {
  const b = answer.breakdown;
  if (!b) return undefined;
  const rows = b.rows.filter((r) => r.kind === 'key' && r.value !== null);
  if (rows.length === 0) return undefined;
  const compareName = answer.comparison ? shortName(answer.comparison.window, answer, 'comparison') : undefined;
  return {
    title: chartTitle(answer),
    subtitle: b.keys > b.top ? `Top ${b.top} of ${b.keys.toLocaleString('en-GB')} ${b.plural}, ${describeCoverage(answer)}` : describeCoverage(answer),
    dimensionLabel: b.label,
    valueLabel: withUnit(answer.label, answer.unit === 'currency' ? answer.currency : undefined),
    valueFormat: valueFormat(answer),
    currency: answer.currency,
    currentName: shortName(answer.coverage.window, answer, 'current'),
    ...(compareName ? { compareName } : {}),
    rows: rows.map((r) => ({ label: r.label, value: r.value as number, ...(compareName && r.compare !== null && r.compare !== undefined ? { compare: r.compare } : {}) })),
  };
}

/** A line per bucket with the comparison period overlaid at the same positions. */
export function lineInput(answer: MetricAnswer): MetricLineInput | undefined {
  const s = answer.series;
  if (!s || s.points.length < 2) return undefined;
  const compareName = answer.comparison ? shortName(answer.comparison.window, answer, 'comparison') : undefined;
  return {
    title: chartTitle(answer),
    subtitle: describeCoverage(answer),
    valueLabel: withUnit(answer.label, answer.unit === 'currency' ? answer.currency : undefined),
    valueFormat: valueFormat(answer),
    currency: answer.currency,
    granularity: s.granularity,
    currentName: shortName(answer.coverage.window, answer, 'current'),
    ...(compareName ? { compareName } : {}),
    points: s.points.map((p: SeriesPoint) => ({ date: p.period, value: p.value, ...(compareName ? { compare: p.compare ?? null } : {}) })),
  };
}

export function altText(answer: MetricAnswer): string {
  const f = (x: number | null | undefined) => formatMetricValue(x, answer.unit, answer.currency);
  if (answer.breakdown) {
    const rows = answer.breakdown.rows.filter((r) => r.kind === 'key').slice(0, 3);
    return `Bar chart of ${inSentence(answer.label)} by ${answer.breakdown.by}, ${describeCoverage(answer)}: ${rows.map((r) => `${r.label} ${f(r.value)}`).join(', ')}.`;
  }
  const s = answer.series;
  const points = s?.points.filter((p) => p.value !== null) ?? [];
  const peak = points.reduce<SeriesPoint | undefined>((best, p) => (best === undefined || (p.value ?? 0) > (best.value ?? 0) ? p : best), undefined);
  return `Line chart of ${inSentence(answer.label)} per ${s?.granularity ?? 'period'}, ${describeCoverage(answer)}${answer.comparison ? ', with the comparison period overlaid' : ''}; highest ${peak ? `${f(peak.value)} in the ${s?.granularity} starting ${describeDay(parseIsoDay(peak.period))}` : 'n/a'}.`;
}

export function buildReply(answer: MetricAnswer, chart?: ChartRef): Reply {
  return { text: summaryText(answer), tables: answerTables(answer), ...(chart ? { charts: [chart] } : {}) };
}
