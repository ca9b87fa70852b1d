import path from 'node:path';
import { renderChart } from '../src/charts/index.ts';
import { forecastAccuracySpec } from '../src/charts/forecast-accuracy.ts';
import { groupRuns, nextScoreable, scoreRuns, summarize } from '../src/answers/forecast/accuracy.ts';
import { accuracyChartInput, accuracyReply, nothingScoredText, seriesName, type AccuracyGroupView, type AccuracyView } from '../src/answers/forecast/accuracy-reply.ts';
import { accuracyPayloadSchema, loadSeries, type AccuracyPayload } from '../src/answers/forecast/load.ts';
import { metricFromKey, metricKey, metricLabel, metricUnit } from '../src/answers/forecast/metrics.ts';
import { defineJob, type JobContext } from '../src/queue/job.ts';

/**
 * `forecast accuracy`: stored forecasts (forecast_runs) → each series' actuals from the same
 * metric definitions the forecasts were fitted on → actual against forecast per period, coverage of
 * the 80 % / 95 % ranges and the typical error → reply, table and a chart for a single series.
 */
export const forecastAccuracyJob = defineJob({
  name: 'forecast-accuracy',
  summary: 'Scores stored forecasts against the data that arrived since: errors and how often the ranges held',
  payload: accuracyPayloadSchema,
  async run(payload, ctx) {
    await ctx.progress(5, 'Reading the stored forecasts');
    const runs = await ctx.repos.forecastRuns.list({
      ...(payload.metric ? { metric: metricKey(payload.metric) } : {}),
      ...(payload.granularity ? { grain: payload.granularity } : {}),
      ...(payload.country ? { country: payload.country } : {}),
    });
    await ctx.progress(20, 'Reading what happened since');
    const groups = await scoreGroups(ctx, groupRuns(runs));
    const view: AccuracyView = { groups, currency: ctx.config.currency, timeZone: ctx.config.defaultTimezone, what: whatText(payload) };
    const scoredGroups = groups.filter((g) => g.scored.length > 0);
    const summary = summarize(scoredGroups.flatMap((g) => g.scored));
    const data = {
      storedForecasts: runs.length,
      summary: scoredGroups.length > 0 ? summary : null,
      groups: groups.map((g) => ({ series: seriesName(g), granularity: g.granularity, country: g.country ?? null, runs: g.runs, repeats: g.repeats, summary: g.scored.length > 0 ? g.summary : null, scored: g.scored, next: g.next ? { runId: g.next.run.id, periodStart: g.next.periodStart } : null })),
    };
    if (scoredGroups.length === 0) {
      return { summary: `forecast accuracy: nothing to score yet (${runs.length} stored)`, reply: { text: nothingScoredText(view) }, data };
    }

    let chart: { path: string; group: AccuracyGroupView } | undefined;
    if (scoredGroups.length === 1) {
      await ctx.progress(75, 'Drawing the chart');
      chart = { path: path.join(ctx.config.chartDir, `forecast-accuracy-${ctx.jobId}.png`), group: scoredGroups[0] };
      await renderChart(forecastAccuracySpec(accuracyChartInput(chart.group, ctx.config.currency)), chart.path);
    }
    return {
      summary: `forecast accuracy: ${summary.periods} periods, ${summary.inside80} inside 80 %, ${summary.inside95} inside 95 %`,
      reply: accuracyReply(view, chart),
      data,
    };
  },
});

async function scoreGroups(ctx: JobContext, groups: ReturnType<typeof groupRuns>): Promise<AccuracyGroupView[]> {
  const views: AccuracyGroupView[] = [];
  for (const group of groups) {
    const metric = metricFromKey(group.metric);
    if (!metric) continue;
    const series = await loadSeries(ctx.repos.metricSeries, { metric, granularity: group.grain, ...(group.country ? { country: group.country } : {}) });
    const { scored, repeats } = scoreRuns(group.runs, series);
    const next = nextScoreable(group.runs, group.grain, series);
    views.push({
      label: metricLabel(metric),
      unit: metricUnit(metric),
      granularity: group.grain,
      ...(group.country ? { country: group.country } : {}),
      runs: group.runs.length,
      scored,
      repeats,
      summary: summarize(scored),
      ...(next ? { next } : {}),
      ...(series.periods.length > 0 ? { lastCovered: series.periods[series.periods.length - 1] } : {}),
    });
  }
  return views;
}

/** 'revenue forecasts by week in Germany', 'forecasts'. */
function whatText(payload: AccuracyPayload): string {
  const metric = payload.metric ? `${metricLabel(payload.metric).toLowerCase()} ` : '';
  return `${metric}forecasts${payload.granularity ? ` by ${payload.granularity}` : ''}${payload.country ? ` for ${payload.country}` : ''}`;
}
