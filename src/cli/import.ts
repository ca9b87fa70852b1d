import path from 'node:path';
import type { Config } from '../config.ts';
import { connectDatabase } from '../db/client.ts';
import { createRepositories } from '../repos/index.ts';
import { UsageError } from '../errors.ts';
import { createImportProgressBar, formatImportReport, importOrdersFile, importSpendFile, type ImportOptions } from '../import/index.ts';
import { loadChannelMap } from '../import/formats/channels.ts';
import { importFromSql, type SqlSource } from '../import/sql-source.ts';

interface ImportCliOptions {
  map: string[];
  channels?: string;
  outcome?: string;
  channel?: string;
  channelMap?: string;
  from?: string;
  query?: string;
  source?: string;
  replace?: boolean;
}

/**
 * `pulse import orders|spend FILE`, `… --from postgres://… --query "SELECT …"` or `… --source NAME`:
 * one transaction per file or query, a report, a progress bar on a terminal.
 */
export async function importCommand(config: Config, kind: 'orders' | 'spend', file: string | undefined, opts: ImportCliOptions): Promise<void> {
  const sql = sqlSource(config, file, opts);
  const named = opts.source ? config.importSources[opts.source] : undefined;
  const channelMap = opts.channelMap ?? config.importChannelMap;
  const options: ImportOptions = {
    map: { ...named?.map, ...parseMap(opts.map) },
    channels: opts.channels?.split(',').map((c) => c.trim()).filter(Boolean) ?? named?.channels,
    outcome: opts.outcome ?? named?.outcome,
    channel: opts.channel ?? named?.channel,
    channelMap: channelMap ? loadChannelMap(path.resolve(channelMap)) : undefined,
    currency: config.currency,
    importedBy: 'cli',
    replace: opts.replace,
  };
  const progress = sql ? null : createImportProgressBar();
  if (progress) options.onProgress = progress.onProgress;
  const database = await connectDatabase(config);
  try {
    let report;
    if (sql) report = await importFromSql(database.db, kind, sql, options);
    else {
      const filePath = path.resolve(file!);
      report = kind === 'orders' ? await importOrdersFile(database.db, filePath, options) : await importSpendFile(database.db, filePath, options);
    }
    progress?.stop();
    process.stdout.write(`${formatImportReport(report)}\n`);
    if (report.alreadyImportedAt && !sql) process.stdout.write('To import it again in place of the earlier rows (a corrected file, or products it did not keep then), add --replace.\n');
    // As the import job does: commands check requests against the summary, which must not lag the data.
    if (!report.alreadyImportedAt) await createRepositories(database.db).dataSummary.refresh();
  } finally {
    progress?.stop();
    await database.close();
  }
}

/** The query to import, when the command names one (--from and --query, or --source), else null for a FILE. */
function sqlSource(config: Config, file: string | undefined, opts: ImportCliOptions): SqlSource | null {
  const given = [file !== undefined && 'FILE', opts.from !== undefined && '--from', opts.source !== undefined && '--source'].filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(
      given.length
        ? `Give one of FILE, --from or --source, not ${given.join(' and ')}.`
        : 'Say what to import: a FILE, --from postgres://… --query "SELECT …", or --source NAME (IMPORT_SOURCES).',
    );
  }
  if (opts.source !== undefined) {
    const source = config.importSources[opts.source];
    if (!source) throw new UsageError(unknownSourceMessage(opts.source, config));
    return { name: opts.source, url: source.url, query: source.query };
  }
  if (opts.from !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(opts.from)) throw new UsageError(`--from takes a postgres:// URL, got "${opts.from.split('@').pop()}".`);
    if (!opts.query?.trim()) throw new UsageError('--from needs --query "SELECT …": the query whose columns are imported like a CSV file\'s.');
    return { url: opts.from, query: opts.query };
  }
  if (opts.query !== undefined) throw new UsageError('--query goes with --from postgres://….');
  return null;
}

export function unknownSourceMessage(name: string, config: Config): string {
  const known = Object.keys(config.importSources);
  return `There is no import source "${name}". ${known.length ? `Sources: ${known.join(', ')}.` : 'None are configured: set IMPORT_SOURCES (see .env.example).'}`;
}

function parseMap(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--map takes field=Header, got "${pair}" (for example --map customer=ClientNo).`);
    map[pair.slice(0, at).trim().toLowerCase()] = pair.slice(at + 1).trim();
  }
  return map;
}
