import path from 'node:path';
import { z } from 'zod';
import { renderChart, segmentChartSpec } from '../src/charts/index.ts';
import { rfmGridCells } from '../src/charts/segments.ts';
import { rfmScores } from '../src/ml/rfm-scores.ts';
import { BadInputError } from '../src/errors.ts';
import { compareSegmentRuns, type SegmentChanges } from '../src/ml/segment-changes.ts';
import { defineJob, type JobContext, type JobResult } from '../src/queue/job.ts';
import { showSegment } from '../src/answers/segments/show.ts';
import { comparableKey, describePopulation } from '../src/answers/segments/filter.ts';
import { segmentReply, type SegmentClv } from '../src/answers/segments/reply.ts';
import type { Repositories } from '../src/repos/index.ts';
import { K_RANGE, MIN_SEGMENT_CUSTOMERS, segmentCustomers, type Segmentation, type SegmentSummary } from '../src/answers/segments/segmentation.ts';
import { actionWithProducts, offerableProducts, PRODUCTS_READ_PER_SEGMENT } from '../src/answers/segments/offers.ts';
import type { CustomerCounts } from '../src/answers/segments/reply.ts';
import { DAY_MS } from '../src/time/calendar.ts';

const YEAR_MS = 365 * DAY_MS;


const payloadSchema = z.object({
  method: z.enum(['rfm', 'kmeans']).default('rfm'),
  k: z.number().int().min(K_RANGE.kMin).max(K_RANGE.kMax).optional(),
  country: z.string().min(1).optional(),
  since: z.number().optional(),
  asOf: z.number().optional(),
  /** `segment show` asked when there was no run yet: the reply shows this segment of the new run. */
  show: z.object({ segment: z.string().min(1), top: z.number().int().min(1).max(100) }).optional(),
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
    const { k, method, show, ...filter } = payload;
    await ctx.progress(5, 'Computing recency, frequency and spend per customer');
    const { customers, reference, netNonPositive } = await ctx.repos.customerFeatures.features(filter);
    if (customers.length < MIN_SEGMENT_CUSTOMERS) {
      throw new BadInputError(`Only ${customers.length} customers have purchases for ${describePopulation(filter)}; segmenting needs at least ${MIN_SEGMENT_CUSTOMERS}.`);
    }

    await ctx.progress(20, method === 'rfm' ? 'Scoring recency, frequency and spend' : k ? `Clustering into ${k} segments` : 'Choosing the number of segments (k=2..8)');
    const segmented = segmentCustomers(customers, { method, k });

    await ctx.progress(70, 'Saving the segments');
    const key = comparableKey({ ...filter, method });
    const previous = await ctx.repos.segments.previousComparable(key);
    const assignments = customers.map((c, i) => ({ ...c, cluster: segmented.labels[i], segment: segmented.nameOf[segmented.labels[i]] }));
    const run = await ctx.repos.segments.saveRun(
      {
        jobRunId: ctx.jobId,
        comparableKey: key,
        params: payload,
        k: segmented.k,
        asOf: reference!,
        centres: segmented.centres,
        scaling: segmented.scaling ?? {},
        segments: segmented.segments,
        metrics: { inertia: segmented.inertia, silhouette: segmented.silhouette, scores: segmented.scores, reason: segmented.reason },
      },
      assignments,
    );
    const segmentation = await withProducts(ctx.repos, run.id, reference!, segmented);
    const changes = previous ? compareSegmentRuns(await ctx.repos.segments.assignments(previous.id), assignments) : undefined;

    await ctx.progress(85, 'Drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `segments-${ctx.jobId}.png`);
    await renderChart(
      segmentChartSpec({
        points: assignments.map((a) => ({ recencyDays: a.recencyDays, monetary: a.monetary, segment: a.segment })),
        shares: segmentation.segments.map((s) => ({ name: s.name, customerShare: s.customerShare, revenueShare: s.revenueShare })),
        grid: rfmGridCells(
          rfmScores(customers).map((score, i) => ({ recencyScore: score.recency, frequencyScore: score.frequency, segment: assignments[i].segment })),
          segmentation.segments.map((s) => s.name),
        ),
        currency: ctx.config.currency,
      }),
      chartPath,
    );
    const population = describePopulation(filter);
    const counts: CustomerCounts = {
      imported: filter.country || filter.since || filter.asOf ? undefined : await ctx.repos.sales.countCustomers(),
      purchasers: customers.length + netNonPositive.length,
      netNonPositive,
    };
    if (show) return showAfterFirstRun(run.id, segmentation, customers.length, show, ctx);
    const clv = await latestClv(ctx.repos, run.id);
    return {
      summary: `${segmentation.k} segments of ${customers.length} customers (run ${run.id})`,
      reply: segmentReply(segmentation, customers.length, population, chartPath, changes, clv, counts, ctx.config.currency),
      data: { runId: run.id, method, k: segmentation.k, customers: customers.length, inertia: segmentation.inertia, segments: segmentation.segments, changes: changes ?? null },
    };
  },
});

/** The segment asked for, of the first run just made, with a line saying the run was made for it. */
async function showAfterFirstRun(runId: number, segmentation: Segmentation, customers: number, show: { segment: string; top: number }, ctx: JobContext): Promise<JobResult> {
  const shown = await showSegment({ runId, segment: show.segment, top: show.top }, ctx);
  const first = `There was no segmentation yet, so I made one first: run ${runId}, ${segmentation.k} segments of ${customers.toLocaleString('en')} customers (\`segment\` describes them all).`;
  return { ...shown, reply: { ...shown.reply, text: `${first}\n${shown.reply.text}` } };
}

/**
 * Each segment's best sellers, named in its action and stored with the run for `segment show`: what
 * its members bought in the 12 months to the run's date; for a segment with nothing then (lost
 * customers), what they bought before, which is what may bring them back.
 */
async function withProducts(repos: Repositories, runId: number, asOf: number, segmentation: Segmentation): Promise<Segmentation> {
  const recent = await repos.segments.topProductsBySegment(runId, { since: asOf - YEAR_MS, until: asOf }, PRODUCTS_READ_PER_SEGMENT);
  const quiet = segmentation.segments.map((s) => s.name).filter((name) => offerableProducts(recent.get(name)).length === 0);
  const before = quiet.length ? await repos.segments.topProductsBySegment(runId, { until: asOf }, PRODUCTS_READ_PER_SEGMENT, quiet) : new Map();
  if (recent.size === 0 && before.size === 0) return segmentation;
  const segments = segmentation.segments.map((s): SegmentSummary => {
    const fromBefore = quiet.includes(s.name);
    const topProducts = offerableProducts(fromBefore ? before.get(s.name) : recent.get(s.name));
    return { ...s, topProducts, topProductsSince: fromBefore ? 'all' : 'year', action: actionWithProducts(s.action, topProducts) };
  });
  await repos.segments.updateSummaries(runId, segments);
  return { ...segmentation, segments };
}

/** The latest clv run that still has per-customer figures, summed per segment of this run. */
async function latestClv(repos: Repositories, segmentRunId: number): Promise<SegmentClv | undefined> {
  const clvRun = await repos.clvRuns.latest();
  if (!clvRun || !(await repos.clvRuns.hasCustomers(clvRun.id))) return undefined;
  const bySegment = await repos.segments.clvBySegment(segmentRunId, clvRun.id);
  return { clvRunId: clvRun.id, horizonDays: clvRun.horizonDays, asOf: new Date(clvRun.asOf).toISOString().slice(0, 10), bySegment };
}
