import { z } from 'zod';
import { BadInputError } from '../src/errors.ts';
import { defineJob } from '../src/queue/job.ts';
import { writeAssignmentsCsv } from '../src/answers/segments/export.ts';

export interface SegmentExportData {
  runId: number;
  customers: number;
  path: string;
}

/** `segment export`: the latest run's assignments as CSV (no re-run; the file is written off the bot's event loop). */
export const segmentExportJob = defineJob({
  name: 'segment-export',
  summary: 'Write the latest segmentation run to a CSV file',
  payload: z.object({}),
  async run(_payload, ctx) {
    const run = await ctx.repos.segments.latest();
    if (!run) throw new BadInputError('There is no segmentation to export yet: run `segment` first.');
    const assignments = await ctx.repos.segments.assignments(run.id);
    const file = writeAssignmentsCsv(run.id, assignments, ctx.config.chartDir);
    const count = assignments.length.toLocaleString('en');
    return {
      summary: `exported run ${run.id} (${count} customers)`,
      reply: { text: `Segments of run ${run.id}: ${count} customers (customer, segment, recency_days, frequency, monetary).`, files: [file] },
      data: { runId: run.id, customers: assignments.length, path: file.path },
    };
  },
});
