/**
 * The worker's side of `npm run bench -- scale`, in a process of its own (as `pulse worker` is): imports the
 * orders (and, when given, a spend file) into a fresh database, then runs each job the bot's process sends,
 * answering with its time and the charts it drew. Its peak RSS is the worker's.
 * Messages in: { job: { name, payload } } | { done: true }. Out: { imported } | { ran } | { rss }.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { jobRegistry } from '../jobs/index.ts';
import { createFileFetcher } from '../src/adapters/files.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { importOrdersFile, importSpendFile } from '../src/import/index.ts';
import { InProcessExecutor } from '../src/queue/executor.ts';
import { createRepositories } from '../src/repos/index.ts';
import { syntheticOrdersFile } from './synthetic-cache.ts';

export interface ScaleWorkerStart {
  databasePath: string;
  chartDir: string;
  ordersFile: string;
  spendFile?: string;
}

/** Writes the synthetic file (when not cached) in a process of its own, so neither side's peak RSS counts it. */
export interface ScaleWorkerGenerate {
  generateLines: number;
}

export type ScaleWorkerReply =
  | { generated: { file: string } }
  | { imported: { lines: number; seconds: number } }
  | { ran: { seconds: number; error?: string; largestPngBytes?: number } }
  | { rss: { peakMb: number } };

type Incoming = { job: { name: string; payload: unknown } } | { done: true };

function send(reply: ScaleWorkerReply): Promise<void> {
  return new Promise((resolve, reject) => process.send!(reply, (err: Error | null) => (err ? reject(err) : resolve())));
}

function pngSizes(dir: string): Map<string, number> {
  try {
    return new Map(readdirSync(dir).filter((name) => name.endsWith('.png')).map((name) => [name, statSync(path.join(dir, name)).size]));
  } catch {
    return new Map();
  }
}

async function main(start: ScaleWorkerStart): Promise<void> {
  const config = loadConfig(
    { DATABASE_PATH: start.databasePath, CHART_DIR: start.chartDir, QUEUE: 'inline', SEED_DEMO: 'false', LOG_LEVEL: 'silent', QUEUE_NAME: `scale-${randomUUID()}` },
    { ignoreDotenv: true },
  );
  const database = openDatabase(config.databasePath);
  const repos = createRepositories(database.db);
  const started = performance.now();
  const report = await importOrdersFile(database.db, start.ordersFile);
  if (start.spendFile) await importSpendFile(database.db, start.spendFile);
  await repos.dataSummary.refresh();
  // Until every index is built too: otherwise the first job would wait for the background build.
  await backgroundIndexBuildsDone();
  await send({ imported: { lines: report.linesRead, seconds: (performance.now() - started) / 1000 } });

  const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });
  process.on('message', async (message: Incoming) => {
    if ('done' in message) {
      database.close();
      await send({ rss: { peakMb: Math.round(process.resourceUsage().maxRSS / 1024) } });
      process.disconnect();
      return;
    }
    const before = pngSizes(config.chartDir);
    const jobStarted = performance.now();
    let error: string | undefined;
    try {
      await executor.execute({ jobId: `scale-${randomUUID()}`, name: message.job.name, payload: message.job.payload }, () => {});
    } catch (err) {
      error = (err as Error).message;
    }
    const seconds = (performance.now() - jobStarted) / 1000;
    const drawn = [...pngSizes(config.chartDir)].filter(([name]) => !before.has(name)).map(([, size]) => size);
    await send({ ran: { seconds, error, largestPngBytes: drawn.length > 0 ? Math.max(...drawn) : undefined } });
  });
}

async function generate(lines: number): Promise<void> {
  await send({ generated: { file: await syntheticOrdersFile(lines) } });
  process.disconnect();
}

process.once('message', (start: ScaleWorkerStart | ScaleWorkerGenerate) => {
  ('generateLines' in start ? generate(start.generateLines) : main(start)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
});
