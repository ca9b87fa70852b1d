import path from 'node:path';
import type { Conversation } from '../../core/conversation.ts';
import type { ChartRef, Reply } from '../../core/reply.ts';
import { alertSpec, FORMATS, renderChart, withUnit } from '../../charts/index.ts';
import { forecast, MIN_MODEL_LENGTH } from '../../ml/forecast/index.ts';
import type { Alert, AlertRepository } from '../../repos/alerts.ts';
import type { MetricSeries, MetricSeriesRepository } from '../../repos/metric-series.ts';
import { addBuckets, parseIsoDay, SEASONAL_PERIOD } from '../../time/calendar.ts';
import { changeLag, describeCondition, type AlertGrain } from './condition.ts';
import { evaluate, type Band, type Evaluation } from './evaluate.ts';
import { loadAlertSeries, metricOfAlert, metricUnit } from './metric.ts';
import { alertFormat, alertSubject, breachReply, periodText, recoveryReply } from './replies.ts';

/** Periods drawn before the one checked. */
const RECENT: Record<AlertGrain, number> = { day: 42, week: 26 };

export interface CheckDeps {
  alerts: AlertRepository;
  metricSeries: MetricSeriesRepository;
  chartDir: string;
  currency?: string;
  /** Distinguishes this run's chart files ('<jobId>'). */
  runId: string;
}

/** A breach or recovery this check won the right to post (see AlertRepository.transition). */
export interface AlertPost {
  alertId: number;
  kind: 'breach' | 'recovery';
  period: string;
  conversation: Conversation;
  reply: Reply;
}

export type CheckStatus = 'breach' | 'recovery' | 'still breached' | 'normal' | 'unknown' | 'no data' | 'already checked' | 'posted by another check';

export interface CheckLine {
  alertId: number;
  status: CheckStatus;
  period?: string;
  value?: number;
  note?: string;
}

/**
 * Checks each alert on its latest whole period of data that ended by `asOf`: the metric's series
 * as `forecast` reads it, cut there; for anomaly alerts a one-period forecast from the history
 * before it (the forecast engine, as the forecast job calls it). A breach of an alert in its normal
 * state, or a normal value of a breached alert, is recorded once (AlertRepository.transition) and
 * returned as a post with a chart; everything else only moves `last_period` on.
 */
export async function checkAlerts(deps: CheckDeps, alerts: Alert[], asOf: number): Promise<{ lines: CheckLine[]; posts: AlertPost[] }> {
  const lines: CheckLine[] = [];
  const posts: AlertPost[] = [];
  const seriesCache = new Map<string, Promise<MetricSeries>>();
  for (const alert of alerts) {
    const key = `${alert.metric}|${alert.grain}|${alert.country ?? ''}`;
    if (!seriesCache.has(key)) seriesCache.set(key, loadAlertSeries(deps.metricSeries, metricOfAlert(alert.metric), alert.grain, alert.country ?? undefined));
    const series = cutAt(await seriesCache.get(key)!, alert.grain, asOf);
    const result = await checkOne(deps, alert, series);
    lines.push(result.line);
    if (result.post) posts.push(result.post);
  }
  return { lines, posts };
}

/** The whole periods that ended by `asOf`. */
export function cutAt(series: MetricSeries, grain: AlertGrain, asOf: number): Pick<MetricSeries, 'periods' | 'values'> {
  let n = series.periods.length;
  while (n > 0 && addBuckets(parseIsoDay(series.periods[n - 1]), 1, grain) > asOf) n--;
  return { periods: series.periods.slice(0, n), values: series.values.slice(0, n) };
}

async function checkOne(deps: CheckDeps, alert: Alert, series: Pick<MetricSeries, 'periods' | 'values'>): Promise<{ line: CheckLine; post?: AlertPost }> {
  const { periods, values } = series;
  if (periods.length === 0) return { line: { alertId: alert.id, status: 'no data', note: 'no whole period of data yet' } };
  const period = periods[periods.length - 1];
  if (period === alert.lastPeriod) return { line: { alertId: alert.id, status: 'already checked', period } };
  const band = alert.condition.kind === 'anomaly' ? await anomalyBand(deps, alert, alert.condition.level, series) : undefined;
  const evaluation = evaluate(alert.condition, alert.grain, periods, values, band);
  if (evaluation.status === 'unknown') {
    await deps.alerts.markChecked(alert.id, period);
    return { line: { alertId: alert.id, status: 'unknown', period, note: evaluation.reason } };
  }
  const kind = evaluation.status === 'breach' ? (alert.state === 'normal' ? 'breach' : undefined) : alert.state === 'breached' ? 'recovery' : undefined;
  if (!kind) {
    await deps.alerts.markChecked(alert.id, period);
    return { line: { alertId: alert.id, status: evaluation.status === 'breach' ? 'still breached' : 'normal', period, value: evaluation.value } };
  }
  const won = await deps.alerts.transition({ alertId: alert.id, kind, periodStart: period, details: { ...evaluation, condition: alert.condition } });
  if (!won) return { line: { alertId: alert.id, status: 'posted by another check', period, value: evaluation.value } };
  const chart = await drawChart(deps, alert, series, evaluation, kind);
  const reply = kind === 'breach' ? breachReply(alert, evaluation, deps.currency, chart) : recoveryReply(alert, evaluation, deps.currency, chart);
  return {
    line: { alertId: alert.id, status: kind, period, value: evaluation.value },
    post: { alertId: alert.id, kind, period, conversation: { adapter: alert.adapter, channelId: alert.channelId, userId: alert.createdBy }, reply },
  };
}

/**
 * The range the checked (last) period is held against. Normally the forecast from every period
 * before it. While the alert is breached, the forecast from the periods before the breach began,
 * `steps` periods ahead: otherwise the forecast would learn the anomaly as the new level, and a
 * second low week would read as "back to normal".
 */
async function anomalyBand(deps: CheckDeps, alert: Alert, level: 80 | 95, series: Pick<MetricSeries, 'periods' | 'values'>): Promise<Band | undefined> {
  const last = series.periods.length - 1;
  let start = last;
  if (alert.state === 'breached') {
    const breach = (await deps.alerts.events(alert.id)).filter((e) => e.kind === 'breach').at(-1);
    const index = breach ? series.periods.indexOf(breach.periodStart) : -1;
    if (index > 0 && index < last) start = index;
  }
  return forecastBand(series.values.slice(0, start), alert.grain, level, last - start + 1);
}

/**
 * The forecast's range `steps` periods after `history` (default: the next one): the forecast engine
 * with the options the forecast job uses (seasonal period of the grain, never negative). Undefined
 * with too little history.
 */
export function forecastBand(history: Array<number | null>, grain: AlertGrain, level: 80 | 95, steps = 1): Band | undefined {
  if (history.filter((v) => v !== null).length < MIN_MODEL_LENGTH) return undefined;
  const result = forecast(history, { horizon: steps, period: SEASONAL_PERIOD[grain], nonNegative: true });
  const h = steps - 1;
  return level === 95
    ? { point: result.point[h], lower: result.lower95[h], upper: result.upper95[h], level }
    : { point: result.point[h], lower: result.lower80[h], upper: result.upper80[h], level };
}

async function drawChart(
  deps: CheckDeps,
  alert: Alert,
  series: Pick<MetricSeries, 'periods' | 'values'>,
  evaluation: Extract<Evaluation, { status: 'breach' | 'normal' }>,
  kind: 'breach' | 'recovery',
): Promise<ChartRef | undefined> {
  const { periods, values } = series;
  const from = Math.max(0, periods.length - 1 - Math.max(RECENT[alert.grain], alert.condition.kind === 'change' ? changeLag(alert.condition.versus, alert.grain) : 0));
  const reference = evaluation.reference;
  const base = reference.kind === 'change' && periods.indexOf(reference.basePeriod) >= from ? { date: reference.basePeriod, value: reference.base } : undefined;
  const unit = metricUnit(metricOfAlert(alert.metric));
  const format = alertFormat(alert, deps.currency);
  const title = `${alertSubject(alert)}: ${kind === 'breach' ? 'alert' : 'back to normal'}`;
  const chartPath = path.join(deps.chartDir, `alert-${alert.id}-${kind}-${evaluation.period}-${deps.runId}.png`);
  try {
    await renderChart(
      alertSpec({
        title,
        subtitle: `Alert #${alert.id}: ${describeCondition(alert.condition, alert.grain, format)} · ${periodText(evaluation.period, alert.grain)}`,
        valueLabel: withUnit(alertSubject(alert), unit === 'currency' ? deps.currency : undefined),
        valueFormat: unit === 'currency' ? FORMATS.currency : FORMATS.count,
        currency: deps.currency,
        granularity: alert.grain,
        points: periods.slice(from).map((date, i) => ({ date, value: values[from + i] })),
        checked: { date: evaluation.period, value: evaluation.value, breached: kind === 'breach' },
        ...(reference.kind === 'threshold' ? { threshold: reference.threshold } : {}),
        ...(reference.kind === 'anomaly' ? { band: reference.band } : {}),
        ...(base ? { base } : {}),
      }),
      chartPath,
    );
  } catch {
    // The post matters more than its picture: it goes out without one.
    return undefined;
  }
  return { title, path: chartPath, altText: `${title}: ${format(evaluation.value)} in ${periodText(evaluation.period, alert.grain)}` };
}
