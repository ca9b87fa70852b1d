import path from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { createRepositories } from '../repos/index.ts';
import { UsageError } from '../errors.ts';
import { createImportProgressBar, formatImportReport, importOrdersFile, importSpendFile, type ImportOptions } from '../import/index.ts';

interface ImportCliOptions {
  map: string[];
  channels?: string;
  outcome?: string;
}

/** `pulse import orders|spend FILE`: one transaction per file, a report, a progress bar on a terminal. */
export async function importCommand(config: Config, kind: 'orders' | 'spend', file: string, opts: ImportCliOptions): Promise<void> {
  const options: ImportOptions = {
    map: parseMap(opts.map),
    channels: opts.channels?.split(',').map((c) => c.trim()).filter(Boolean),
    outcome: opts.outcome,
    importedBy: 'cli',
  };
  const progress = createImportProgressBar();
  if (progress) options.onProgress = progress.onProgress;
  const database = openDatabase(config.databasePath);
  try {
    const filePath = path.resolve(file);
    const report = kind === 'orders' ? await importOrdersFile(database.db, filePath, options) : await importSpendFile(database.db, filePath, options);
    progress?.stop();
    process.stdout.write(`${formatImportReport(report)}\n`);
    // As the import job does: commands check requests against the summary, which must not lag the data.
    if (!report.alreadyImportedAt) await createRepositories(database.db).dataSummary.refresh();
  } finally {
    progress?.stop();
    database.close();
  }
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
