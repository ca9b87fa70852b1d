import path from 'node:path';
import { forecastSpec, renderChart } from '../src/charts/index.ts';
import { BadInputError } from '../src/errors.ts';
import { SEASONAL_PERIOD, YEAR_LAG } from '../src/time/calendar.ts';
import { bookedSoFar, lastYearSame, withBooked, type BookedSoFar } from '../src/answers/forecast/context.ts';
import { dataEnd, forecastPayloadSchema, loadSeries, planForecast, previousForecast, type ForecastPayload } from '../src/answers/forecast/load.ts';
import { isAdditive, metricKey, metricLabel, metricUnit } from '../src/answers/forecast/metrics.ts';
import { buildReply, chartInput, countedFrom, forecastPoints, summaryLine, totalOf, type ForecastView } from '../src/answers/forecast/reply.ts';
import { classifySeries, forecast, type ForecastResult } from '../src/ml/forecast/index.ts';
import { defineJob } from '../src/queue/job.ts';
import type { MetricSeries, MetricSeriesRepository } from '../src/repos/metric-series.ts';

/**
 * Forecast job: metric series from SQL → model chosen by backtest (src/ml/forecast) → what is
 * already booked in a period under way, last year's same periods → the forecast stored with its
 * ranges (forecast_runs, scored later by `forecast accuracy`) → summary, chart and per-period table,
 * opening with how the previous forecast in the same channel did. Quantities are never negative,
 * so bounds are clamped at 0.
 */
export const forecastJob = defineJob({
  name: 'forecast',
  summary: 'Forecasts revenue, orders, customers or an imported KPI with 80 % / 95 % intervals',
  payload: forecastPayloadSchema,
  async run(payload, ctx) {
    await ctx.progress(5, 'Loading the series');
    const series = await loadSeries(ctx.repos.metricSeries, payload);
    if (series.periods.length === 0) throw new BadInputError(`There is no ${metricLabel(payload.metric).toLowerCase()} data to forecast${payload.country ? ` for ${payload.country}` : ''}.`);
    const plan = planForecast(series, payload, await dataEnd(ctx.repos.metricSeries, payload, series));
    const previous = await previousForecast(ctx.repos.forecastRuns, payload, series);
    const period = SEASONAL_PERIOD[series.granularity];
    const yearLag = YEAR_LAG[series.granularity];

    await ctx.progress(20, `Backtesting models on ${series.periods.length} ${series.granularity}s`);
    const modelled = forecast(series.values, { horizon: plan.periods.length, period, nonNegative: true });
    const { result, booked } = await countBooked(ctx.repos.metricSeries, payload, series, plan.periods[0], modelled, yearLag);
    const notes = classifySeries(series.values, { period, nonNegative: true })
      .filter((p) => p.severity === 'warning' && p.code !== 'negative-values')
      .map((p) => p.message);
    const view: ForecastView = {
      label: metricLabel(payload.metric),
      metricName: payload.metric.name,
      unit: metricUnit(payload.metric),
      currency: ctx.config.currency,
      additive: isAdditive(payload.metric),
      country: payload.country,
      series,
      plan,
      result,
      yearLag,
      ...(booked ? { booked } : {}),
      // Under two years of history the yearly season cannot be modelled: show what last year did.
      ...(series.periods.length < 2 * yearLag ? { lastYear: lastYearSame(series, plan.periods, yearLag) } : {}),
      notes,
      ...(previous ? { previous: { scored: previous, timeZone: ctx.config.defaultTimezone } } : {}),
    };

    await ctx.progress(75, 'Drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `forecast-${ctx.jobId}.png`);
    await renderChart(forecastSpec(chartInput(view)), chartPath);
    const points = forecastPoints(view);
    const stored = await ctx.repos.forecastRuns.save({
      jobRunId: ctx.jobId,
      channelId: payload.origin?.channelId ?? null,
      scheduleId: payload.origin?.scheduleId ?? null,
      metric: metricKey(payload.metric),
      grain: series.granularity,
      country: payload.country ?? null,
      dataEnd: plan.dataEndMs,
      points: points.map(({ period, ...bands }) => ({ periodStart: period, ...bands })),
    });
    const total = totalOf(view);
    const target = plan.resolved.target;
    return {
      summary: summaryLine(view),
      reply: buildReply(view, chartPath),
      data: {
        metric: payload.metric.name,
        source: payload.metric.source,
        country: payload.country ?? null,
        granularity: series.granularity,
        horizon: payload.horizon.text,
        horizonText: plan.horizonText,
        target: target ? { name: target.name, start: new Date(target.startMs).toISOString().slice(0, 10), end: new Date(target.endMs - 1).toISOString().slice(0, 10), firstPeriod: plan.periods[target.firstStep] } : null,
        capped: plan.capped ?? null,
        model: result.model,
        members: result.members,
        backtestMase: result.backtestMase ?? null,
        backtestMape: result.backtestMape ?? null,
        fallback: result.fallback ?? null,
        roughIntervals: result.roughIntervals ?? null,
        booked: booked ?? null,
        totalKind: total.kind,
        totalFrom: plan.periods[countedFrom(view)],
        total: total.total,
        lower80: total.lower80,
        upper80: total.upper80,
        points,
        lastYear: view.lastYear ?? null,
        forecastRunId: stored.id,
        previousForecast: previous ?? null,
      },
    };
  },
});

/**
 * When the data stops inside the first forecast period, what is booked there counts: the period's
 * forecast becomes booked + the rest of a whole period's forecast (context.ts). Additive order
 * metrics only: distinct customers or an average cannot be added up from days.
 */
async function countBooked(
  repo: MetricSeriesRepository,
  payload: ForecastPayload,
  series: MetricSeries,
  firstPeriod: string,
  result: ForecastResult,
  yearLag: number,
): Promise<{ result: ForecastResult; booked?: BookedSoFar }> {
  const { metric } = payload;
  if (metric.source !== 'orders' || !isAdditive(metric) || series.droppedPartial.last !== firstPeriod) return { result };
  const daily = await repo.orderSeries(metric.name, 'day', payload.country);
  const found = bookedSoFar(daily, firstPeriod, series.granularity, yearLag);
  return found ? withBooked(result, found) : { result };
}
