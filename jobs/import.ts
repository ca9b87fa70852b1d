import { z } from 'zod';
import { PulseError } from '../src/errors.ts';
import { BadInputError } from '../src/errors.ts';
import { formatImportReport, importOrdersFile, importSpendFile, type ImportOptions, type ImportReport } from '../src/import/index.ts';
import { loadChannelMap } from '../src/import/formats/channels.ts';
import { defineJob, type JobContext, type JobResult } from '../src/queue/job.ts';

const optionsSchema = z.object({
  map: z.record(z.string()).default({}),
  channels: z.array(z.string()).optional(),
  outcome: z.string().optional(),
  channel: z.string().optional(),
});

const filePayloadSchema = z.object({
  kind: z.enum(['orders', 'spend']),
  file: z.object({ source: z.enum(['slack', 'local']), name: z.string().min(1), size: z.number().optional(), location: z.string().min(1) }),
  options: optionsSchema,
  importedBy: z.string(),
});

/** A named SQL source (IMPORT_SOURCES) instead of a file: what a schedule can run without a person. */
const sourcePayloadSchema = z.object({
  kind: z.enum(['orders', 'spend']),
  source: z.string().min(1),
  options: optionsSchema,
  importedBy: z.string(),
});

const payloadSchema = z.union([filePayloadSchema, sourcePayloadSchema]);

export type ImportJobPayload = z.input<typeof filePayloadSchema>;
export type ImportSourceJobPayload = z.input<typeof sourcePayloadSchema>;

/**
 * An orders or spend file: fetched (a Slack download, checked against MAX_IMPORT_BYTES), imported in one
 * transaction (all of it or none), then the data summary that commands check against is brought up to date.
 * Or the result of a named SQL source's query, imported the same way.
 */
export const importJob = defineJob({
  name: 'import',
  summary: 'Import an orders or spend CSV shared in chat, all of it or none',
  payload: payloadSchema,
  async run(payload, ctx) {
    const options: ImportOptions = { ...payload.options, importedBy: payload.importedBy, currency: ctx.config.currency };
    if ('source' in payload) return finish(await importSource(payload, options, ctx), ctx);
    await ctx.progress(5, `Fetching ${payload.file.name}`);
    const local = await ctx.files.fetch(payload.file, ctx.config.maxImportBytes);
    let report: ImportReport;
    try {
      await ctx.progress(15, `Reading ${payload.file.name}`);
      const withMap = { ...options, channelMap: channelMap(ctx.config.importChannelMap) };
      report = payload.kind === 'orders' ? await importOrdersFile(ctx.db, local.path, withMap) : await importSpendFile(ctx.db, local.path, withMap);
    } catch (err) {
      throw asBadInput(err);
    } finally {
      await local.release();
    }
    return finish(report, ctx);
  },
});

/** A named SQL source: its query imported like a file (src/import/sql-source.ts, loaded only here). */
async function importSource(payload: ImportSourceJobPayload, options: ImportOptions, ctx: JobContext): Promise<ImportReport> {
  const source = ctx.config.importSources[payload.source];
  if (!source) throw new BadInputError(`There is no import source "${payload.source}" any more: see IMPORT_SOURCES.`);
  await ctx.progress(15, `Querying source ${payload.source}`);
  try {
    const { importFromSql } = await import('../src/import/sql-source.ts');
    return await importFromSql(ctx.db, payload.kind, { name: payload.source, url: source.url, query: source.query }, {
      ...options,
      map: { ...source.map, ...options.map },
      channel: options.channel ?? source.channel,
      channels: options.channels ?? source.channels,
      outcome: options.outcome ?? source.outcome,
      channelMap: channelMap(ctx.config.importChannelMap),
    });
  } catch (err) {
    throw asBadInput(err);
  }
}

function channelMap(file: string | undefined) {
  return file ? loadChannelMap(file) : undefined;
}

/** A file that cannot be imported will not import on a retry either: say why, once. */
function asBadInput(err: unknown): unknown {
  return err instanceof PulseError && !(err instanceof BadInputError) ? new BadInputError(err.message) : err;
}

async function finish(report: ImportReport, ctx: JobContext): Promise<JobResult<ImportReport>> {
  await ctx.progress(95, 'Updating the data summary');
  await ctx.repos.dataSummary.refresh();
  const text = formatImportReport(report);
  return {
    summary: text.split('\n')[0],
    reply: { text: `\`\`\`\n${text}\n\`\`\`` },
    data: report,
  };
}
