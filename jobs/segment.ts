import path from 'node:path';
import { z } from 'zod';
import { renderChart, segmentChartSpec } from '../src/charts/index.ts';
import { BadInputError } from '../src/errors.ts';
import { compareSegmentRuns, type SegmentChanges } from '../src/ml/segment-changes.ts';
import { defineJob } from '../src/queue/job.ts';
import { comparableKey, describePopulation } from '../src/answers/segments/filter.ts';
import { segmentReply, type SegmentClv } from '../src/answers/segments/reply.ts';
import type { Repositories } from '../src/repos/index.ts';
import { K_RANGE, MIN_SEGMENT_CUSTOMERS, segmentCustomers, type SegmentSummary } from '../src/answers/segments/segmentation.ts';

const payloadSchema = z.object({
  method: z.enum(['rfm', 'kmeans']).default('rfm'),
  k: z.number().int().min(K_RANGE.kMin).max(K_RANGE.kMax).optional(),
  country: z.string().min(1).optional(),
  since: z.number().optional(),
  asOf: z.number().optional(),
});

export interface SegmentJobData {
  runId: number;
  k: number;
  customers: number;
  method: string;
  inertia: number | null;
  segments: SegmentSummary[];
  changes: SegmentChanges | null;
}

/** Segmentation job: RFM features (SQL) → k-means and names (src/answers/segments) → stored run → comparison, chart, reply. */
export const segmentJob = defineJob({
  name: 'segment',
  summary: 'RFM segmentation with k-means: named segments, actions and what changed since the last comparable run',
  payload: payloadSchema,
  async run(payload, ctx) {
    const { k, method, ...filter } = payload;
    await ctx.progress(5, 'Computing recency, frequency and spend per customer');
    const { customers, reference } = await ctx.repos.customerFeatures.features(filter);
    if (customers.length < MIN_SEGMENT_CUSTOMERS) {
      throw new BadInputError(`Only ${customers.length} customers have purchases for ${describePopulation(filter)}; segmenting needs at least ${MIN_SEGMENT_CUSTOMERS}.`);
    }

    await ctx.progress(20, method === 'rfm' ? 'Scoring recency, frequency and spend' : k ? `Clustering into ${k} segments` : 'Choosing the number of segments (k=2..8)');
    const segmentation = segmentCustomers(customers, { method, k });

    await ctx.progress(70, 'Saving the segments');
    const key = comparableKey({ ...filter, method });
    const previous = await ctx.repos.segments.previousComparable(key);
    const assignments = customers.map((c, i) => ({ ...c, cluster: segmentation.labels[i], segment: segmentation.nameOf[segmentation.labels[i]] }));
    const run = await ctx.repos.segments.saveRun(
      {
        jobRunId: ctx.jobId,
        comparableKey: key,
        params: payload,
        k: segmentation.k,
        asOf: reference!,
        centres: segmentation.centres,
        scaling: segmentation.scaling ?? {},
        segments: segmentation.segments,
        metrics: { inertia: segmentation.inertia, silhouette: segmentation.silhouette, scores: segmentation.scores, reason: segmentation.reason },
      },
      assignments,
    );
    const changes = previous ? compareSegmentRuns(await ctx.repos.segments.assignments(previous.id), assignments) : undefined;

    await ctx.progress(85, 'Drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `segments-${ctx.jobId}.png`);
    await renderChart(
      segmentChartSpec({
        points: assignments.map((a) => ({ recencyDays: a.recencyDays, monetary: a.monetary, segment: a.segment })),
        shares: segmentation.segments.map((s) => ({ name: s.name, customerShare: s.customerShare, revenueShare: s.revenueShare })),
        currency: ctx.config.currency,
      }),
      chartPath,
    );
    const population = describePopulation(filter);
    const clv = await latestClv(ctx.repos, run.id);
    return {
      summary: `${segmentation.k} segments of ${customers.length} customers (run ${run.id})`,
      reply: segmentReply(segmentation, customers.length, population, chartPath, changes, clv),
      data: { runId: run.id, method, k: segmentation.k, customers: customers.length, inertia: segmentation.inertia, segments: segmentation.segments, changes: changes ?? null },
    };
  },
});

/** The latest clv run that still has per-customer figures, summed per segment of this run. */
async function latestClv(repos: Repositories, segmentRunId: number): Promise<SegmentClv | undefined> {
  const clvRun = await repos.clvRuns.latest();
  if (!clvRun || !(await repos.clvRuns.hasCustomers(clvRun.id))) return undefined;
  const bySegment = await repos.segments.clvBySegment(segmentRunId, clvRun.id);
  return { clvRunId: clvRun.id, horizonDays: clvRun.horizonDays, asOf: new Date(clvRun.asOf).toISOString().slice(0, 10), bySegment };
}
