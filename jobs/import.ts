import { z } from 'zod';
import { PulseError } from '../src/errors.ts';
import { BadInputError } from '../src/errors.ts';
import { formatImportReport, importOrdersFile, importSpendFile, type ImportReport } from '../src/import/index.ts';
import { defineJob } from '../src/queue/job.ts';

const payloadSchema = z.object({
  kind: z.enum(['orders', 'spend']),
  file: z.object({ source: z.enum(['slack', 'local']), name: z.string().min(1), size: z.number().optional(), location: z.string().min(1) }),
  options: z.object({
    map: z.record(z.string()).default({}),
    channels: z.array(z.string()).optional(),
    outcome: z.string().optional(),
  }),
  importedBy: z.string(),
});

export type ImportJobPayload = z.input<typeof payloadSchema>;

/**
 * An orders or spend file: fetched (a Slack download, checked against MAX_IMPORT_BYTES), imported in one
 * transaction (all of it or none), then the data summary that commands check against is brought up to date.
 */
export const importJob = defineJob({
  name: 'import',
  summary: 'Import an orders or spend CSV shared in chat, all of it or none',
  payload: payloadSchema,
  async run(payload, ctx) {
    await ctx.progress(5, `Fetching ${payload.file.name}`);
    const local = await ctx.files.fetch(payload.file, ctx.config.maxImportBytes);
    let report: ImportReport;
    try {
      await ctx.progress(15, `Reading ${payload.file.name}`);
      const options = { ...payload.options, importedBy: payload.importedBy };
      report = payload.kind === 'orders' ? await importOrdersFile(ctx.db, local.path, options) : await importSpendFile(ctx.db, local.path, options);
    } catch (err) {
      // A file that cannot be imported will not import on a retry either: say why, once.
      if (err instanceof PulseError) throw new BadInputError(err.message);
      throw err;
    } finally {
      await local.release();
    }
    await ctx.progress(95, 'Updating the data summary');
    await ctx.repos.dataSummary.refresh();
    const text = formatImportReport(report);
    return {
      summary: text.split('\n')[0],
      reply: { text: `\`\`\`\n${text}\n\`\`\`` },
      data: report,
    };
  },
});
