import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandRegistry } from '../commands/index.ts';
import { jobRegistry } from '../jobs/index.ts';
import { createFileFetcher } from '../src/adapters/files.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { parseArgs } from '../src/core/args.ts';
import { validateArgs } from '../src/core/command.ts';
import { openDatabase } from '../src/db/client.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { importOrdersFile } from '../src/import/index.ts';
import { InProcessExecutor } from '../src/queue/executor.ts';
import { createRepositories } from '../src/repos/index.ts';
import { syntheticOrdersFile } from './synthetic-cache.ts';

const ONLINE_RETAIL = path.resolve(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');
const DEFAULT_LINES = 5_000_000;

/** The questions timed on both data sets: one per job that reads the orders. */
const QUESTIONS = [
  'segment', 'segment show at risk', 'segment method=kmeans', 'forecast revenue 8w', 'forecast customers 90d by=month',
  'metric orders all time by=month', 'metric revenue all time by=product', 'clv',
];

interface Timing {
  question: string;
  seconds: number;
}

interface DataSetRun {
  name: string;
  lines: number;
  importSeconds: number;
  timings: Timing[];
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Imports `file` into a fresh database and runs every question through its command and job, in this process. */
async function runDataSet(name: string, file: string, dir: string): Promise<DataSetRun> {
  const config: Config = loadConfig(
    { DATABASE_PATH: path.join(dir, `${name}.db`), CHART_DIR: path.join(dir, 'charts'), QUEUE: 'inline', SEED_DEMO: 'false', LOG_LEVEL: 'silent', QUEUE_NAME: `scale-${randomUUID()}` },
    { ignoreDotenv: true },
  );
  const database = openDatabase(config.databasePath);
  try {
    const repos = createRepositories(database.db);
    let started = performance.now();
    const report = await importOrdersFile(database.db, file);
    await repos.dataSummary.refresh();
    // Until every index is built too: otherwise the first job would wait for the background build.
    await backgroundIndexBuildsDone();
    const importSeconds = (performance.now() - started) / 1000;
    const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });
    const timings: Timing[] = [];
    for (const question of QUESTIONS) {
      const [word, ...rest] = question.split(' ');
      const command = commandRegistry.find(word)!;
      const outcome = await command.run({
        args: validateArgs(command, parseArgs(rest.join(' '))),
        message: { text: question, conversation: { adapter: 'cli', channelId: 'bench', userId: 'bench' }, via: 'console', speakerIsAdmin: true },
        isAdmin: true,
        repos,
        config,
        commands: commandRegistry,
      });
      if (!('enqueue' in outcome)) throw new Error(`${question}: no job (${outcome.reply.text})`);
      started = performance.now();
      try {
        await executor.execute({ jobId: `scale-${randomUUID()}`, name: outcome.enqueue.job, payload: outcome.enqueue.payload }, () => {});
      } catch (err) {
        process.stdout.write(`  ${name}: ${question} failed: ${(err as Error).message}\n`);
      }
      timings.push({ question, seconds: (performance.now() - started) / 1000 });
      process.stdout.write(`  ${name}: ${question} ${timings.at(-1)!.seconds.toFixed(2)} s\n`);
    }
    return { name, lines: report.linesRead, importSeconds, timings };
  } finally {
    database.close();
  }
}

/**
 * Ten times Online Retail, end to end: generates a synthetic orders file once (cached in var/bench),
 * imports it and Online Retail into fresh databases, runs each job on both, and prints the times and
 * their ratio (goal: at most 10× for about 10× the data) and this process's peak RSS.
 * Usage: npm run bench -- scale [--lines N]
 */
export default async function (args: string[]): Promise<void> {
  if (!existsSync(ONLINE_RETAIL)) {
    console.log(`scale: ${ONLINE_RETAIL} is missing; the comparison needs Online Retail (../shared/data).`);
    return;
  }
  const lines = Number(option(args, 'lines') ?? DEFAULT_LINES);
  const synthetic = await syntheticOrdersFile(lines);
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-scale-'));
  try {
    const small = await runDataSet('online-retail', ONLINE_RETAIL, dir);
    const big = await runDataSet('synthetic', synthetic, dir);
    const ratio = big.lines / small.lines;
    console.log(`\n${big.lines.toLocaleString('en')} vs ${small.lines.toLocaleString('en')} lines (${ratio.toFixed(1)}×)`);
    console.log(`${'step'.padEnd(40)} ${'Online Retail'.padStart(14)} ${'synthetic'.padStart(10)} ${'ratio'.padStart(7)}`);
    const row = (label: string, a: number, b: number) => console.log(`${label.padEnd(40)} ${`${a.toFixed(2)} s`.padStart(14)} ${`${b.toFixed(2)} s`.padStart(10)} ${(b / a).toFixed(1).padStart(6)}×`);
    row('import, until every index is built', small.importSeconds, big.importSeconds);
    small.timings.forEach((t, i) => row(t.question, t.seconds, big.timings[i].seconds));
    console.log(`peak RSS of this process (bot and jobs in one): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
