import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { formatImportReport, importOrdersFile } from '../src/import/index.ts';

const DEFAULT_FILE = path.resolve(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');
const GOAL_SECONDS = 5;

/** Imports Online Retail (or the file given) into a fresh temporary database: time, lines/s, figures. */
export default async function (args: string[]): Promise<void> {
  const filePath = args[0] ?? DEFAULT_FILE;
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bench-import-'));
  const handle = openDatabase(path.join(dir, 'pulse.db'));
  try {
    const started = performance.now();
    const report = await importOrdersFile(handle.db, filePath);
    const seconds = (performance.now() - started) / 1000;
    console.log(formatImportReport(report));
    console.log(`\ntime: ${seconds.toFixed(2)} s (goal ≤ ${GOAL_SECONDS} s), ${Math.round(report.linesRead / seconds).toLocaleString('en-GB')} lines/s`);
    const again = performance.now();
    const repeat = await importOrdersFile(handle.db, filePath);
    console.log(`re-import: ${repeat.alreadyImportedAt ? 'recognised, nothing written' : 'NOT recognised'} in ${((performance.now() - again) / 1000).toFixed(2)} s`);
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
