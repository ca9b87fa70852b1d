import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { metricBarsSpec, metricLineSpec, renderChart } from '../src/charts/index.ts';
import type { ChartRef } from '../src/core/reply.ts';
import { loadAnswer, type MetricAnswer } from '../src/answers/metric/load.ts';
import { startOfDay } from '../src/answers/metric/period.ts';
import { altText, barsInput, buildReply, lineInput, percentChange, summaryLine } from '../src/answers/metric/reply.ts';
import { metricPayloadSchema } from '../src/answers/metric/request.ts';
import { defineJob } from '../src/queue/job.ts';
import { isoDay } from '../src/time/calendar.ts';

/** What `pulse run metric … --json` prints, and what the bench reads (timings). */
export interface MetricJobData {
  metric: string;
  source: string;
  period: { name: string; from: string; to: string; partial: string | null } | null;
  comparison: { mode: string; from: string; to: string } | null;
  country: string | null;
  by: string | null;
  value: number | null;
  compareValue: number | null;
  change: number | null;
  changePct: number | null;
  rows: Array<{ kind: string; key: string; label: string; value: number | null; share: number | null; compare: number | null }>;
  points: Array<{ period: string; value: number | null; comparePeriod: string | null; compare: number | null }>;
  empty: string | null;
  /** Milliseconds spent reading and computing the figures, and drawing the chart. */
  timings: { computeMs: number; chartMs: number };
}

const lastDay = (to: number) => isoDay(startOfDay(to - 1));

function jobData(answer: MetricAnswer, timings: MetricJobData['timings']): MetricJobData {
  const value = answer.total.value;
  const compareValue = answer.compareTotal?.value ?? null;
  return {
    metric: answer.metric.name,
    source: answer.metric.source,
    period: answer.empty
      ? null
      : { name: answer.period.name, from: isoDay(answer.coverage.window.from), to: lastDay(answer.coverage.window.to), partial: answer.coverage.partial?.reason ?? null },
    comparison: answer.comparison ? { mode: answer.comparison.mode, from: isoDay(answer.comparison.window.from), to: lastDay(answer.comparison.window.to) } : null,
    country: answer.country ?? null,
    by: answer.breakdown?.by ?? (answer.series && !answer.series.auto ? answer.series.granularity : null),
    value: answer.empty ? null : value,
    compareValue,
    change: value !== null && compareValue !== null ? value - compareValue : null,
    changePct: percentChange(value, compareValue) ?? null,
    rows: (answer.breakdown?.rows ?? []).map((r) => ({ kind: r.kind, key: r.key, label: r.label, value: r.value, share: r.share ?? null, compare: r.compare ?? null })),
    points: (answer.series?.points ?? []).map((p) => ({ period: p.period, value: p.value, comparePeriod: p.comparePeriod ?? null, compare: p.compare ?? null })),
    empty: answer.empty ?? null,
    timings,
  };
}

/**
 * Metric job: figures from SQL (src/repos/metrics.ts) for the period and its comparison → one
 * sentence, a table, and a chart (bars per key, or a line with the comparison overlaid).
 */
export const metricJob = defineJob({
  name: 'metric',
  summary: 'What a metric was in a period, compared, broken down or over time',
  payload: metricPayloadSchema,
  async run(payload, ctx) {
    await ctx.progress(10, 'Reading the figures');
    const started = performance.now();
    const answer = await loadAnswer(ctx.repos, payload, { currency: ctx.config.currency });
    const computeMs = performance.now() - started;

    let chart: ChartRef | undefined;
    const chartStarted = performance.now();
    const bars = answer.empty ? undefined : barsInput(answer);
    const line = answer.empty || bars ? undefined : lineInput(answer);
    if (bars || line) {
      await ctx.progress(70, 'Drawing the chart');
      const chartPath = path.join(ctx.config.chartDir, `metric-${ctx.jobId}.png`);
      const title = (bars ?? line)!.title;
      await renderChart(bars ? metricBarsSpec(bars) : metricLineSpec(line!), chartPath);
      chart = { title, path: chartPath, altText: altText(answer) };
    }
    const chartMs = performance.now() - chartStarted;
    return {
      summary: summaryLine(answer),
      reply: buildReply(answer, chart),
      data: jobData(answer, { computeMs, chartMs }),
    };
  },
});
