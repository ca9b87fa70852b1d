import path from 'node:path';
import { forecastSpec, renderChart } from '../src/charts/index.ts';
import { BadInputError } from '../src/errors.ts';
import { SEASONAL_PERIOD, YEAR_LAG } from '../src/time/calendar.ts';
import { describeHorizon } from '../src/answers/forecast/horizon.ts';
import { forecastPayloadSchema, forecastPeriods, loadSeries } from '../src/answers/forecast/load.ts';
import { isAdditive, metricLabel, metricUnit } from '../src/answers/forecast/metrics.ts';
import { buildReply, chartInput, forecastPoints, summaryLine, totalOf, type ForecastView } from '../src/answers/forecast/reply.ts';
import { classifySeries, forecast } from '../src/ml/forecast/index.ts';
import { defineJob } from '../src/queue/job.ts';

/**
 * Forecast job: metric series from SQL → model chosen by backtest (src/ml/forecast) → summary,
 * chart and per-period table. Quantities are never negative, so bounds are clamped at 0.
 */
export const forecastJob = defineJob({
  name: 'forecast',
  summary: 'Forecasts revenue, orders, customers or an imported KPI with 80 % / 95 % intervals',
  payload: forecastPayloadSchema,
  async run(payload, ctx) {
    await ctx.progress(5, 'Loading the series');
    const series = await loadSeries(ctx.repos.metricSeries, payload);
    if (series.periods.length === 0) throw new BadInputError(`There is no ${metricLabel(payload.metric).toLowerCase()} data to forecast${payload.country ? ` for ${payload.country}` : ''}.`);
    const periods = forecastPeriods(series, payload);
    const period = SEASONAL_PERIOD[series.granularity];

    await ctx.progress(20, `Backtesting models on ${series.periods.length} ${series.granularity}s`);
    const result = forecast(series.values, { horizon: periods.length, period, nonNegative: true });
    const notes = classifySeries(series.values, { period, nonNegative: true })
      .filter((p) => p.severity === 'warning' && p.code !== 'negative-values')
      .map((p) => p.message);
    const view: ForecastView = {
      label: metricLabel(payload.metric),
      unit: metricUnit(payload.metric),
      currency: ctx.config.currency,
      additive: isAdditive(payload.metric),
      horizonText: describeHorizon(payload.horizon, series.granularity),
      country: payload.country,
      series,
      forecastPeriods: periods,
      result,
      yearLag: YEAR_LAG[series.granularity],
      notes,
    };

    await ctx.progress(75, 'Drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `forecast-${ctx.jobId}.png`);
    await renderChart(forecastSpec(chartInput(view)), chartPath);
    const total = totalOf(view);
    return {
      summary: summaryLine(view),
      reply: buildReply(view, chartPath),
      data: {
        metric: payload.metric.name,
        source: payload.metric.source,
        country: payload.country ?? null,
        granularity: series.granularity,
        horizon: payload.horizon.text,
        model: result.model,
        members: result.members,
        backtestMase: result.backtestMase ?? null,
        backtestMape: result.backtestMape ?? null,
        fallback: result.fallback ?? null,
        totalKind: total.kind,
        total: total.total,
        lower80: total.lower80,
        upper80: total.upper80,
        points: forecastPoints(view),
      },
    };
  },
});
