import { z } from 'zod';
import { checkAlerts, type AlertPost, type CheckLine } from '../src/answers/alerts/check.ts';
import { defineJob } from '../src/queue/job.ts';

export const alertCheckPayloadSchema = z.object({
  /** The alerts to check; absent: every alert that is not paused (of `adapter`, when given). */
  alertIds: z.array(z.number().int().positive()).optional(),
  adapter: z.string().optional(),
  /** Periods that ended by then are complete (ms UTC); set when the check is queued, so the job needs no clock. */
  asOf: z.number(),
  trigger: z.enum(['import', 'schedule', 'manual']),
});

export type AlertCheckPayload = z.infer<typeof alertCheckPayloadSchema>;

export interface AlertCheckData {
  lines: CheckLine[];
  /** What the bot posts, each to its alert's channel (src/scheduler/alert-scheduler.ts). */
  posts: AlertPost[];
}

/**
 * Alert check: alerts → each metric's latest whole period → breach or recovery recorded once
 * (src/answers/alerts/check.ts) → the posts, with their charts, for the bot to deliver.
 */
export const alertCheckJob = defineJob({
  name: 'alert-check',
  summary: 'Checks alerts on the latest whole period of data; breaches and recoveries are posted once',
  payload: alertCheckPayloadSchema,
  async run(payload, ctx) {
    await ctx.progress(5, 'Reading the alerts');
    const active = await ctx.repos.alerts.listActive(payload.adapter);
    const alerts = payload.alertIds ? active.filter((a) => payload.alertIds!.includes(a.id)) : active;
    await ctx.progress(20, `Checking ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`);
    const result = await checkAlerts(
      { alerts: ctx.repos.alerts, metricSeries: ctx.repos.metricSeries, chartDir: ctx.config.chartDir, currency: ctx.config.currency, runId: ctx.jobId },
      alerts,
      payload.asOf,
    );
    const counts = (status: string) => result.lines.filter((l) => l.status === status).length;
    const summary = `${alerts.length} alert${alerts.length === 1 ? '' : 's'} checked: ${counts('breach')} breached, ${counts('recovery')} back to normal`;
    const table = result.lines.map((l) => `#${l.alertId}: ${l.status}${l.period ? ` (${l.period})` : ''}${l.note ? `: ${l.note}` : ''}`);
    return {
      summary,
      reply: { text: [summary, ...table].join('\n') },
      data: result satisfies AlertCheckData,
    };
  },
});
