import { z } from 'zod';
import { BadInputError } from '../src/errors.ts';
import { defineJob } from '../src/queue/job.ts';
import { writeAssignmentsCsv } from '../src/answers/segments/export.ts';

export interface SegmentExportData {
  runId: number;
  segment: string | null;
  customers: number;
  path: string;
}

/** `segment export [<name>]`: a run's members as CSV (no re-run; the file is written off the bot's event loop). */
export const segmentExportJob = defineJob({
  name: 'segment-export',
  summary: 'Write the members of a segmentation run (or of one of its segments) to a CSV file',
  payload: z.object({ runId: z.number().int(), segment: z.string().min(1).optional() }),
  async run({ runId, segment }, ctx) {
    const run = await ctx.repos.segments.get(runId);
    if (!run) throw new BadInputError(`Segmentation run ${runId} is gone; run \`segment\` again.`);
    const assignments = await ctx.repos.segments.assignments(run.id, segment);
    if (assignments.length === 0) throw new BadInputError(`Run ${run.id} has no ${segment} customers to export.`);
    const file = await writeAssignmentsCsv(run.id, assignments, ctx.config.chartDir, segment);
    const count = assignments.length.toLocaleString('en');
    const which = segment ? `${segment} customers` : 'customers';
    return {
      summary: `exported run ${run.id}${segment ? ` (${segment})` : ''}: ${count} customers`,
      reply: { text: `Segments of run ${run.id}: ${count} ${which} (customer, segment, recency_days, frequency, monetary).`, files: [file] },
      data: { runId: run.id, segment: segment ?? null, customers: assignments.length, path: file.path },
    };
  },
});
