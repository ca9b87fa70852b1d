import { BadInputError } from '../../errors.ts';
import type { Repositories } from '../../repos/index.ts';
import { orderDimension, type DimensionContext, type MetricsRepository, type OrderDimension, type WeeklyRow } from '../../repos/metrics.ts';
import { DAY_MS, bucketStart, addBuckets, isoDay, parseIsoDay, type Granularity } from '../../time/calendar.ts';
import { metricGrain, metricRefLabel, metricRefUnit, type Grain, type MetricRef, type MetricUnit } from './catalog.ts';
import { comparisonOf, coverage, forPeriod, type Comparison, type Coverage, type Period, type Window } from './period.ts';
import { CHANNEL_BREAKDOWN, isTimeBreakdown, type MetricPayload } from './request.ts';
import { spreadWeekly } from './weekly.ts';

/** A metric's value over some window; `gross` is the gross sales beside returns (their share). */
export interface Figure {
  value: number | null;
  gross?: number;
}

/** One row of a breakdown: a key, the "all others" row, with the comparison. */
export interface BreakdownRow {
  kind: 'key' | 'others';
  key: string;
  label: string;
  value: number | null;
  gross?: number;
  /** Share of the total (sums and counts only). */
  share?: number;
  compare?: number | null;
  /** "all others": how many keys it holds. */
  keys?: number;
}

export interface SeriesPoint {
  /** ISO first day of the bucket inside the window. */
  period: string;
  value: number | null;
  /** The comparison bucket in the same position. */
  comparePeriod?: string;
  compare?: number | null;
}

/** Where the metric's data starts and ends, and what to call it ("the orders", "the spend data"). */
export interface DataSpan extends Window {
  noun: string;
}

export interface MetricAnswer {
  metric: MetricRef;
  label: string;
  unit: MetricUnit;
  grain: Grain;
  period: Period;
  periodDefaulted: boolean;
  country?: string;
  currency?: string;
  span: DataSpan;
  coverage: Coverage;
  comparison?: Comparison;
  /** Why there is no comparison although one was asked for (it lies before the data, ...). */
  comparisonNote?: string;
  total: Figure;
  compareTotal?: Figure;
  breakdown?: {
    by: string;
    label: string;
    plural: string;
    rows: BreakdownRow[];
    top: number;
    /** Keys with data in the period. */
    keys: number;
    /** The rows (with "all others") add up to the total. */
    addsUp: boolean;
  };
  /** A time series: asked for (by=day|week|month), or `auto` beside a plain total, for the chart. */
  series?: { granularity: Granularity; points: SeriesPoint[]; auto?: boolean };
  notes: string[];
  /** Set when the period has no data: the answer is this message. */
  empty?: string;
}

/** Reads figures for one metric: over a window, per calendar bucket, per key of a breakdown, or over all keys but some. */
interface FigureSource {
  total(window: Window): Promise<Figure>;
  /** Per calendar bucket of the window (cut by it), keyed by the ISO start of the bucket of (time + shift). */
  buckets(window: Window, granularity: Granularity, shift: number): Promise<Map<string, Figure>>;
  byKey(window: Window, by: string): Promise<Map<string, { label: string; figure: Figure }>>;
  /** The metric over every key of a breakdown but the top ones; `rest`: the other keys with data (for metrics whose rows do not add up). */
  others(window: Window, by: string, keys: { top: string[]; rest: string[] }): Promise<Figure>;
}

function orderSource(metrics: MetricsRepository, metric: Extract<MetricRef, { source: 'orders' }>, country: string | undefined, context: DimensionContext): FigureSource {
  const scope = (window: Window) => ({ metric: metric.name, from: window.from, to: window.to, country, context });
  return {
    total: (window) => metrics.orderTotal(scope(window)),
    buckets: (window, granularity, shift) => metrics.orderBuckets(scope(window), granularity, shift),
    async byKey(window, by) {
      const rows = await metrics.orderByKey(scope(window), by);
      return new Map(rows.map(({ key, label, ...figure }) => [key, { label, figure }]));
    },
    others: (window, by, keys) => metrics.orderOthers(scope(window), by, keys),
  };
}

/** Spend or a KPI: weekly rows spread over their days (see weekly.ts); the breakdown is per channel. */
function weeklySource(load: (window: Window) => Promise<WeeklyRow[]>): FigureSource {
  const spread = async (window: Window, keep: (row: WeeklyRow) => boolean = () => true) => ({
    value: spreadWeekly((await load(window)).filter(keep), window, () => '').get('') ?? 0,
  });
  return {
    total: (window) => spread(window),
    async buckets(window, granularity, shift) {
      const sums = spreadWeekly(await load(window), window, (_, day) => isoDay(bucketStart(day + shift, granularity)));
      return new Map([...sums].map(([key, value]) => [key, { value }]));
    },
    async byKey(window) {
      const sums = spreadWeekly(await load(window), window, (row) => row.key);
      return new Map([...sums].map(([key, value]) => [key, { label: key, figure: { value } }]));
    },
    others: (window, _by, keys) => spread(window, (row) => !keys.top.includes(row.key)),
  };
}

/** ROAS: revenue / spend over the same window or bucket; undefined (null) without spend. */
function ratioSource(numerator: FigureSource, denominator: FigureSource): FigureSource {
  const ratio = (n: Figure | undefined, d: Figure | undefined): Figure => ({ value: d?.value ? (n?.value ?? 0) / d.value : null });
  const noBreakdown = () => Promise.reject(new Error('ROAS has no breakdown'));
  return {
    async total(window) {
      return ratio(await numerator.total(window), await denominator.total(window));
    },
    async buckets(window, granularity, shift) {
      const [n, d] = [await numerator.buckets(window, granularity, shift), await denominator.buckets(window, granularity, shift)];
      return new Map([...new Set([...n.keys(), ...d.keys()])].map((key) => [key, ratio(n.get(key), d.get(key))]));
    },
    byKey: noBreakdown,
    others: noBreakdown,
  };
}

/** The source of the metric and the span of its data. */
async function sourceOf(repos: Repositories, payload: MetricPayload, context: DimensionContext): Promise<{ source: FigureSource; span: DataSpan }> {
  const summary = await repos.dataSummary.get();
  const { metric } = payload;
  const spendSpan = (): DataSpan | undefined =>
    summary.spend ? { from: parseIsoDay(summary.spend.firstWeek), to: parseIsoDay(summary.spend.lastWeek) + 7 * DAY_MS, noun: 'the spend data' } : undefined;
  const orderSpan = (): DataSpan | undefined => {
    const orders = summary.orders;
    if (!orders) return undefined;
    const where = payload.country === undefined ? orders : orders.countries.find((c) => c.name === payload.country);
    if (!where) return undefined;
    return { from: where.firstOrderAt, to: where.lastOrderAt + 1, noun: payload.country === undefined ? 'the orders' : `the orders from ${payload.country}` };
  };
  const kpiSpan = async (name: string): Promise<DataSpan | undefined> => {
    const span = await repos.metrics.kpiSpan(name);
    return span ? { from: parseIsoDay(span.first), to: parseIsoDay(span.last) + 7 * DAY_MS, noun: `the ${name} values` } : undefined;
  };
  const metrics = repos.metrics.session();
  const kpiSource = (name: string) => weeklySource((w) => repos.metrics.kpiRows(name, w.from, w.to));
  const spendSource = weeklySource((w) => repos.metrics.spendRows(w.from, w.to));

  if (metric.source === 'orders') {
    const span = orderSpan();
    if (!span) throw new BadInputError(payload.country ? `There are no orders from ${payload.country}.` : 'There are no orders yet: import orders first (`pulse import orders <file>`) or seed the demo data.');
    return { source: orderSource(metrics, metric, payload.country, context), span };
  }
  if (metric.source === 'kpi') {
    const span = await kpiSpan(metric.name);
    if (!span) throw new BadInputError(`There are no values of the KPI ${metric.name}.`);
    return { source: kpiSource(metric.name), span };
  }
  const spend = spendSpan();
  if (!spend) throw new BadInputError('There is no spend data: import a spend file first (`pulse import spend <file>`).');
  if (metric.source === 'spend') return { source: spendSource, span: spend };
  // ROAS: order revenue when there are orders, else the imported revenue KPI.
  const orders = orderSpan();
  const revenueKpi = summary.kpis.find((k) => k.toLowerCase() === 'revenue');
  const revenue = orders
    ? { source: orderSource(metrics, { source: 'orders', name: 'revenue' }, undefined, {}), span: orders }
    : revenueKpi
      ? { source: kpiSource(revenueKpi), span: (await kpiSpan(revenueKpi))! }
      : undefined;
  if (!revenue) throw new BadInputError('ROAS needs revenue: import orders, or a spend file with a revenue column.');
  const span = { from: Math.max(spend.from, revenue.span.from), to: Math.min(spend.to, revenue.span.to), noun: 'the spend and revenue data' };
  return { source: ratioSource(revenue.source, spendSource), span };
}

const isSumLike = (grain: Grain) => grain !== 'ratio';
const RANK: Record<Exclude<Grain, 'ratio'>, number> = { lines: 0, invoices: 1, customers: 2 };

/** Whether the rows of a breakdown add up to the total: the dimension holds whole what the metric counts. */
function rowsAddUp(grain: Grain, holdsWhole: OrderDimension['holdsWhole'] | 'lines'): boolean {
  return grain !== 'ratio' && RANK[grain] <= RANK[holdsWhole];
}

/** The order in which rows are ranked: largest first, undefined values last, then by name. */
function byValue(a: { value: number | null; label: string }, b: { value: number | null; label: string }): number {
  if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.label.localeCompare(b.label) : 1) : -1;
  return b.value - a.value || a.label.localeCompare(b.label);
}

/**
 * Computes the answer to a metric request: the period's coverage (cut at today and at the end of
 * the data), the comparison window, the total, and a breakdown (top N and "all others") or a time
 * series, each compared row by row. A period without data gives `empty`, a message saying where the
 * data is.
 */
/** Below this share of its days in the data, a comparison period is left out rather than compared. */
const MIN_COMPARED_SHARE = 0.9;

function comparedShare(window: { from: number; to: number }, dataFrom: number): number {
  return Math.max(0, window.to - Math.max(window.from, dataFrom)) / (window.to - window.from);
}

export async function loadAnswer(repos: Repositories, payload: MetricPayload, options: { currency?: string } = {}): Promise<MetricAnswer> {
  const { metric } = payload;
  const dimension = payload.by && !isTimeBreakdown(payload.by) && payload.by !== CHANNEL_BREAKDOWN ? orderDimension(payload.by) : undefined;
  const notes: string[] = [];
  const context: DimensionContext = {};
  if (dimension?.needs === 'segment-run') {
    const run = await repos.segments.latest();
    if (!run) throw new BadInputError('There is no segment run yet: run `segment` first, then ask again with by=segment.');
    context.segmentRunId = run.id;
    const params = (run.params ?? {}) as { country?: string };
    notes.push(`Segments of the latest segment run (as of ${isoDay(run.asOf)}${params.country ? `, ${params.country} only` : ''}); customers it did not include are under "Not in the segment run".`);
  }
  const { source, span } = await sourceOf(repos, payload, context);
  const current = coverage(payload.period, payload.now, span);
  const answer: MetricAnswer = {
    metric,
    label: metricRefLabel(metric),
    unit: metricRefUnit(metric),
    grain: metricGrain(metric),
    period: payload.period,
    periodDefaulted: payload.periodDefaulted,
    country: payload.country,
    currency: options.currency,
    span,
    coverage: current,
    total: { value: null },
    notes,
  };
  const { window } = current;
  if (window.to <= window.from || window.to <= span.from || window.from >= span.to) {
    answer.empty = emptyMessage(answer, payload);
    return answer;
  }
  if (window.from < startOfDayMs(span.from)) notes.push(`${capitalise(span.noun)} start on ${isoDay(span.from)}, inside this period.`);

  let comparison = comparisonOf(payload.period, current, payload.compare);
  if (comparison && comparison.window.to <= span.from) {
    answer.comparisonNote = `no comparison: ${span.noun} start on ${isoDay(span.from)}, after ${describeWindowShort(comparison.window)}`;
    comparison = undefined;
  } else if (comparison && comparison.window.from < startOfDayMs(span.from)) {
    const covered = comparedShare(comparison.window, startOfDayMs(span.from));
    // A series compares bucket by bucket, leaving out those before the data; a total cannot.
    if (covered < MIN_COMPARED_SHARE && !(payload.by && isTimeBreakdown(payload.by))) {
      // "up 1,736 % on 2024" against three weeks of 2024 is not a change anyone should act on.
      answer.comparisonNote = `no comparison: ${span.noun} start on ${isoDay(span.from)}, so ${describeWindowShort(comparison.window)} is only ${Math.round(covered * 100)} % in the data`;
      comparison = undefined;
    } else {
      notes.push(`The comparison period is only partly in the data (${span.noun} start on ${isoDay(span.from)}).`);
    }
  }
  answer.comparison = comparison;
  if (payload.compare !== 'none' && payload.period.kind === 'all') answer.comparisonNote = 'no comparison for all the data';

  if (payload.by && isTimeBreakdown(payload.by)) {
    const series = await seriesPoints(source, payload.by, window, comparison?.window, metric, span, comparison?.mode);
    answer.total = series.total ?? (await source.total(window));
    if (comparison) answer.compareTotal = series.compareTotal ?? (await source.total(comparison.window));
    answer.series = { granularity: payload.by, points: series.points };
    return answer;
  }

  if (payload.by) {
    const by = payload.by;
    const holdsWhole = dimension?.holdsWhole ?? 'lines';
    const addsUp = rowsAddUp(answer.grain, holdsWhole);
    const currentGroups = await source.byKey(window, by);
    const compareGroups = comparison ? await source.byKey(comparison.window, by) : undefined;
    // Rows that add up give the total; returns are read whole too, for the gross sales of keys without returns.
    const sumsToTotal = addsUp && metric.name !== 'returns';
    const total = sumsToTotal ? sumFigures([...currentGroups.values()].map((g) => g.figure)) : await source.total(window);
    const compareTotal = comparison ? (sumsToTotal ? sumFigures([...compareGroups!.values()].map((g) => g.figure)) : await source.total(comparison.window)) : undefined;
    const ranked = [...currentGroups].map(([key, g]) => ({ key, label: g.label, ...g.figure })).sort(byValue);
    const top = ranked.slice(0, payload.top);
    const rest = ranked.slice(payload.top);
    const emptyValue = answer.grain === 'ratio' ? null : 0;
    const rows: BreakdownRow[] = top.map((r) => ({
      kind: 'key',
      key: r.key,
      label: r.label,
      value: r.value,
      ...(r.gross !== undefined ? { gross: r.gross } : {}),
      ...(compareGroups ? { compare: compareGroups.get(r.key)?.figure.value ?? emptyValue } : {}),
    }));
    if (rest.length > 0) {
      const topKeys = top.map((r) => r.key);
      const others = addsUp ? sumFigures(rest) : await source.others(window, by, { top: topKeys, rest: rest.map((r) => r.key) });
      const compareRest = compareGroups ? [...compareGroups].filter(([k]) => !topKeys.includes(k)) : [];
      const compareOthers = compareGroups
        ? addsUp
          ? sumFigures(compareRest.map(([, g]) => g.figure))
          : await source.others(comparison!.window, by, { top: topKeys, rest: compareRest.map(([k]) => k) })
        : undefined;
      rows.push({
        kind: 'others',
        key: '',
        label: `All other ${dimension?.plural ?? `${by}s`} (${rest.length.toLocaleString('en-GB')})`,
        value: others.value,
        ...(others.gross !== undefined ? { gross: others.gross } : {}),
        keys: rest.length,
        ...(compareOthers ? { compare: compareOthers.value } : {}),
      });
    }
    if (isSumLike(answer.grain) && total.value) for (const row of rows) row.share = (row.value ?? 0) / total.value;
    const rowSum = rows.reduce((s, r) => s + (r.value ?? 0), 0);
    const reallyAddsUp = addsUp || (isSumLike(answer.grain) && Math.abs(rowSum - (total.value ?? 0)) < 0.005);
    if (!reallyAddsUp && isSumLike(answer.grain)) {
      notes.push(`A ${countedThing(answer.grain)} can appear under more than one ${dimension?.label.toLowerCase() ?? by}, so the rows add up to more than the total.`);
    }
    Object.assign(answer, {
      total,
      compareTotal,
      breakdown: { by, label: dimension?.label ?? 'Channel', plural: dimension?.plural ?? 'channels', rows, top: payload.top, keys: ranked.length, addsUp: reallyAddsUp },
    });
    return answer;
  }

  const granularity = autoGranularity(metric, window);
  const series = granularity ? await seriesPoints(source, granularity, window, comparison?.window, metric, span, comparison?.mode) : undefined;
  answer.total = series?.total ?? (await source.total(window));
  if (comparison) answer.compareTotal = series?.compareTotal ?? (await source.total(comparison.window));
  if (granularity && series) answer.series = { granularity, points: series.points, auto: true };
  return answer;
}

/** The buckets of the line drawn beside a plain total: days up to two months, then weeks up to two years, then months; none for a day. */
function autoGranularity(metric: MetricRef, window: Window): Granularity | undefined {
  const days = (window.to - window.from) / DAY_MS;
  if (days <= 1) return undefined;
  const weekly = metric.source !== 'orders';
  if (days <= 62 && !weekly) return 'day';
  if (days < 14) return undefined;
  return days <= 731 ? 'week' : 'month';
}

function countedThing(grain: Grain): string {
  return grain === 'customers' ? 'customer' : grain === 'invoices' ? 'order' : 'line';
}

function sumFigures(figures: Figure[]): Figure {
  const value = figures.reduce((s, f) => s + (f.value ?? 0), 0);
  const hasGross = figures.some((f) => f.gross !== undefined);
  return hasGross ? { value, gross: figures.reduce((s, f) => s + (f.gross ?? 0), 0) } : { value };
}

/**
 * A time series over the window, with the comparison bucket in the same position. Months are
 * compared month for month (each window's own calendar months, in order); days and weeks on the
 * same days shifted into the comparison window (52 weeks back for weeks a year earlier, so weekdays
 * line up), so a partly covered first or last bucket is compared with as many days.
 */
async function seriesPoints(
  source: FigureSource,
  granularity: Granularity,
  window: Window,
  compareWindow: Window | undefined,
  metric: MetricRef,
  span: Window,
  mode?: string,
): Promise<{ points: SeriesPoint[]; total?: Figure; compareTotal?: Figure }> {
  // A bucket with no data is 0 (nothing sold), or undefined for an average; one outside the data's span is unknown.
  const emptyValue = metricGrain(metric) === 'ratio' ? null : 0;
  const dataStart = Math.floor(span.from / DAY_MS) * DAY_MS;
  const valueOf = (figure: Figure | undefined, from: number, to: number) => (to <= dataStart || from >= span.to ? null : (figure?.value ?? emptyValue));
  const ranges = windowRanges(window, granularity);
  const current = await source.buckets(window, granularity, 0);
  const points: SeriesPoint[] = ranges.map((r) => ({ period: isoDay(r.from), value: valueOf(current.get(r.key), r.from, r.to) }));
  const additive = addsUpOverTime(metric);
  const total = additive ? sumFigures([...current.values()]) : undefined;
  if (!compareWindow) return { points, total };
  let compare: Map<string, Figure>;
  if (granularity === 'month') {
    const own = windowRanges(compareWindow, granularity);
    compare = await source.buckets(compareWindow, granularity, 0);
    points.forEach((point, i) => {
      if (i >= own.length) return;
      point.comparePeriod = isoDay(own[i].from);
      point.compare = valueOf(compare.get(own[i].key), own[i].from, own[i].to);
    });
  } else {
    const shift = mode === 'last_year' && granularity === 'week' ? 364 * DAY_MS : window.from - compareWindow.from;
    compare = await source.buckets(compareWindow, granularity, shift);
    ranges.forEach((r, i) => {
      const from = Math.max(compareWindow.from, r.from - shift);
      const to = Math.min(compareWindow.to, r.to - shift);
      if (from >= to) return;
      points[i].comparePeriod = isoDay(from);
      points[i].compare = valueOf(compare.get(r.key), from, to);
    });
  }
  return { points, total, compareTotal: additive ? sumFigures([...compare.values()]) : undefined };
}

/**
 * Whether a metric's buckets add up to its total over the window: sums of lines (revenue, units,
 * returns, spend, KPIs) and new customers (each counted once, at the first purchase). Distinct counts
 * and ratios are read over the whole window instead.
 */
function addsUpOverTime(metric: MetricRef): boolean {
  if (metric.source === 'spend' || metric.source === 'kpi') return true;
  return metric.source === 'orders' && ['revenue', 'units', 'returns', 'new_customers'].includes(metric.name);
}

/** The calendar buckets of a window, cut to it: [max(bucket start, from), min(bucket end, to)), keyed by the bucket's ISO start. */
export function windowRanges(window: Window, granularity: Granularity): Array<Window & { key: string }> {
  const out: Array<Window & { key: string }> = [];
  for (let at = bucketStart(window.from, granularity); at < window.to; at = addBuckets(at, 1, granularity)) {
    out.push({ key: isoDay(at), from: Math.max(at, window.from), to: Math.min(addBuckets(at, 1, granularity), window.to) });
  }
  return out;
}

function startOfDayMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeWindowShort(window: Window): string {
  return `${isoDay(window.from)}..${isoDay(startOfDayMs(window.to - 1))}`;
}

/**
 * "There is no data for November 2025: the orders end on 2011-12-09. Try `metric revenue 2011-11`."
 * The suggestion is the last whole month of the data (the first whole month when the period lies
 * before the data), with the same options.
 */
function emptyMessage(answer: MetricAnswer, payload: MetricPayload): string {
  const { span } = answer;
  const firstDay = startOfDayMs(span.from);
  const lastDay = startOfDayMs(span.to - 1);
  const before = answer.coverage.window.to <= span.from;
  const monthOf = (ms: number) => Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), 1);
  let month: number;
  if (before) {
    month = monthOf(firstDay) === firstDay ? firstDay : addBuckets(monthOf(firstDay), 1, 'month');
    if (addBuckets(month, 1, 'month') > lastDay + DAY_MS) month = monthOf(firstDay);
  } else {
    month = addBuckets(monthOf(lastDay), 1, 'month') === lastDay + DAY_MS ? monthOf(lastDay) : addBuckets(monthOf(lastDay), -1, 'month');
    if (month < monthOf(firstDay)) month = monthOf(lastDay);
  }
  const options = [
    payload.by ? `by=${payload.by}` : '',
    payload.compare !== 'previous' ? `vs=${payload.compare}` : '',
    payload.top !== 10 ? `top=${payload.top}` : '',
    payload.country ? `country="${payload.country}"` : '',
  ].filter(Boolean);
  const suggestion = ['metric', payload.metricWord.trim().replace(/\s+/g, '_'), isoDay(month).slice(0, 7), ...options].join(' ');
  const where = before ? `${span.noun} start on ${isoDay(firstDay)}` : `${span.noun} end on ${isoDay(lastDay)}`;
  return `There is no data ${forPeriod(answer.period)}: ${where}. Try \`${suggestion}\`.`;
}
