import { z } from 'zod';
import { BadInputError } from '../src/errors.ts';
import { defineJob } from '../src/queue/job.ts';
import { writeClvCsv } from '../src/answers/clv/export.ts';
import { dayText } from '../src/answers/clv/request.ts';

export interface ClvExportData {
  runId: number;
  customers: number;
  path: string;
}

/**
 * `clv export`: the stored figures of a clv run (the latest, or `runId`) as CSV. No refit: the file
 * holds exactly what the run reported, and it is written off the bot's event loop, page by page.
 */
export const clvExportJob = defineJob({
  name: 'clv-export',
  summary: 'Write every customer’s P(alive), expected purchases, order value and CLV of a clv run to a CSV file',
  payload: z.object({ runId: z.number().int().positive().optional() }),
  async run(payload, ctx) {
    const run = payload.runId === undefined ? await ctx.repos.clvRuns.latest() : await ctx.repos.clvRuns.get(payload.runId);
    if (!run) throw new BadInputError(payload.runId === undefined ? 'There is no clv run to export yet: run `clv` first.' : `There is no clv run ${payload.runId}.`);
    if (!(await ctx.repos.clvRuns.hasCustomers(run.id))) {
      throw new BadInputError(`Clv run ${run.id} is too old: only the newest runs keep every customer's figures. Run \`clv\` again, then \`clv export\`.`);
    }
    await ctx.progress(10, `Writing ${run.customers.toLocaleString('en')} customers`);
    const { file, customers } = await writeClvCsv(run.id, ctx.repos.clvRuns.customers(run.id), ctx.config.chartDir);
    const count = customers.toLocaleString('en');
    return {
      summary: `exported clv run ${run.id} (${count} customers)`,
      reply: {
        text: `Lifetime values of clv run ${run.id} (as of ${dayText(run.asOf)}, the next ${run.horizonDays} days): ${count} customers (customer_id, p_alive, expected_purchases, expected_order_value, clv).`,
        files: [file],
      },
      data: { runId: run.id, customers, path: file.path },
    };
  },
});
