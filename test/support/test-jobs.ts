import { isMainThread } from 'node:worker_threads';
import { z } from 'zod';
import { defineCommand, rawArgs } from '../../src/core/command.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { BadInputError } from '../../src/errors.ts';
import { createJobRegistry, defineJob } from '../../src/queue/job.ts';
import { helpCommand } from '../../commands/help.ts';

/**
 * Jobs that exercise the pipeline itself (CPU load, transient failures, bad input), used with the
 * real queue, executors and workers. Worker threads load this module by URL.
 */
const spinJob = defineJob({
  name: 'spin',
  summary: 'busy-loops on the CPU for ms milliseconds, reporting progress',
  payload: z.object({ ms: z.number().int().positive() }),
  async run({ ms }, ctx) {
    const start = Date.now();
    let iterations = 0;
    let reported = 0;
    while (Date.now() - start < ms) {
      iterations++;
      const percent = Math.floor(((Date.now() - start) / ms) * 100);
      if (percent >= reported + 25) {
        reported = percent;
        await ctx.progress(percent, 'spinning');
      }
    }
    return { summary: `spun ${iterations} times`, reply: { text: `Spun for ${ms} ms.` }, data: { iterations } };
  },
});

const flakyJob = defineJob({
  name: 'flaky',
  summary: 'fails the first `failures` attempts with a transient error',
  payload: z.object({ failures: z.number().int().min(0) }),
  async run({ failures }, ctx) {
    // Attempts may run on different threads or processes: the job_runs row (marked running
    // with this attempt's number before the job starts) is the one shared count.
    const attempt = (await ctx.repos.jobRuns.get(ctx.jobId))?.attempts ?? 1;
    if (attempt <= failures) throw new Error(`transient failure ${attempt}`);
    return { summary: `succeeded on attempt ${attempt}`, reply: { text: `ok after ${attempt}` }, data: { attempt } };
  },
});

const rejectJob = defineJob({
  name: 'reject',
  summary: 'always fails with bad input',
  payload: z.object({}),
  async run() {
    throw new BadInputError('the input cannot work');
  },
});

const crashJob = defineJob({
  name: 'crash',
  summary: 'ends its worker thread mid-job (exit code 3), as an out-of-memory kill would',
  payload: z.object({}),
  async run() {
    if (isMainThread) throw new Error('the crash job runs only on a job thread');
    process.exit(3); // in a worker thread this stops the thread, not the process
  },
});

export const jobRegistry = createJobRegistry([spinJob, flakyJob, rejectJob, crashJob]);

const spinCommand = defineCommand({
  name: 'spin',
  summary: 'queue a CPU-bound job',
  usage: 'spin <ms>',
  examples: ['spin 2000'],
  args: rawArgs.transform((raw) => ({ ms: Number(raw.positional[0] ?? 100) })),
  run: ({ args }) => ({ enqueue: { job: 'spin', payload: { ms: args.ms }, ack: `Spinning for ${args.ms} ms…` } }),
});

const adminCommand = defineCommand({
  name: 'secret',
  summary: 'an admin-only command',
  usage: 'secret',
  examples: ['secret'],
  adminOnly: true,
  args: rawArgs,
  run: () => ({ reply: { text: 'the secret' } }),
});

export const testCommands = new CommandRegistry([helpCommand, spinCommand, adminCommand]);
export const testJobsModule = new URL('./test-jobs.ts', import.meta.url).href;
