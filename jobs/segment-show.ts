import { z } from 'zod';
import { showSegment } from '../src/answers/segments/show.ts';
import { defineJob } from '../src/queue/job.ts';

/** `segment show <name>`: who is in a segment of the latest run, what they are worth, and what to do. */
export const segmentShowJob = defineJob({
  name: 'segment-show',
  summary: 'Size, value and top customers of one segment of the latest run',
  payload: z.object({ runId: z.number().int(), segment: z.string().min(1), top: z.number().int().min(1).max(100) }),
  run: (payload, ctx) => showSegment(payload, ctx),
});
