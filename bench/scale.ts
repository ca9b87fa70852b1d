import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandRegistry } from '../commands/index.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { parseArgs } from '../src/core/args.ts';
import { validateArgs } from '../src/core/command.ts';
import { openDatabase } from '../src/db/client.ts';
import { createRepositories } from '../src/repos/index.ts';
import type { ScaleWorkerGenerate, ScaleWorkerReply, ScaleWorkerStart } from './scale-worker.ts';

const SHARED = path.resolve(process.cwd(), '..', 'shared', 'data');
const ONLINE_RETAIL = path.join(SHARED, 'online-retail', 'online_retail.csv.gz');
/** Weekly spend for the allocate job: the same file in both databases (allocation reads no orders but their summary). */
const SPEND = path.join(SHARED, 'mmm', 'robyn_dt_simulated_weekly.csv');
const DEFAULT_LINES = 5_000_000;
const PNG_LIMIT_BYTES = 300 * 1024;

/** The questions timed on both data sets: one per job, as a user types them. */
const QUESTIONS = [
  'segment', 'segment show at risk', 'segment method=kmeans', 'segment export', 'forecast revenue 8w', 'forecast customers 90d by=month',
  'metric orders all time by=month', 'metric revenue all time by=product', 'clv', 'allocate 50k',
];

interface Timing {
  question: string;
  seconds: number;
  error?: string;
  largestPngBytes?: number;
}

interface DataSetRun {
  lines: number;
  importSeconds: number;
  timings: Timing[];
  workerPeakMb: number;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** A `pulse worker`-like process running bench/scale-worker.ts; `next` waits for its next reply. */
function startWorker(): { child: ChildProcess; next: () => Promise<ScaleWorkerReply> } {
  const child = fork(path.resolve(import.meta.dirname, 'scale-worker.ts'), [], { execArgv: ['--import', 'tsx'] });
  const replies: ScaleWorkerReply[] = [];
  let exited = false;
  let wake: (() => void) | undefined;
  child.on('message', (reply: ScaleWorkerReply) => {
    replies.push(reply);
    wake?.();
  });
  child.on('exit', () => {
    exited = true;
    wake?.();
  });
  const next = async () => {
    while (replies.length === 0) {
      if (exited) throw new Error(`the scale worker exited (code ${child.exitCode}) before it answered`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return replies.shift()!;
  };
  return { child, next };
}

async function generatedFile(lines: number): Promise<string> {
  const { child, next } = startWorker();
  child.send({ generateLines: lines } satisfies ScaleWorkerGenerate);
  const reply = await next();
  if (!('generated' in reply)) throw new Error('the scale worker did not generate the file');
  return reply.generated.file;
}

/**
 * One data set: the worker process imports it into a fresh database; this process, as the bot, runs each
 * question's command on its own connection and hands the job to the worker, which times it.
 */
async function runDataSet(name: string, ordersFile: string, dir: string): Promise<DataSetRun> {
  const databasePath = path.join(dir, `${name}.db`);
  const chartDir = path.join(dir, `charts-${name}`);
  const { child, next } = startWorker();
  child.send({ databasePath, chartDir, ordersFile, spendFile: existsSync(SPEND) ? SPEND : undefined } satisfies ScaleWorkerStart);
  const imported = await next();
  if (!('imported' in imported)) throw new Error('the scale worker did not import');
  process.stdout.write(`  ${name}: import ${imported.imported.seconds.toFixed(2)} s\n`);

  const config: Config = loadConfig({ DATABASE_PATH: databasePath, CHART_DIR: chartDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent' }, { ignoreDotenv: true });
  const database = openDatabase(databasePath);
  const timings: Timing[] = [];
  try {
    const repos = createRepositories(database.db);
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
      if (!('enqueue' in outcome)) {
        timings.push({ question, seconds: Number.NaN, error: `no job: ${outcome.reply.text}` });
        continue;
      }
      child.send({ job: { name: outcome.enqueue.job, payload: outcome.enqueue.payload } });
      const ran = await next();
      if (!('ran' in ran)) throw new Error('the scale worker did not run the job');
      timings.push({ question, ...ran.ran });
      process.stdout.write(`  ${name}: ${question} ${ran.ran.seconds.toFixed(2)} s${ran.ran.error ? ` FAILED: ${ran.ran.error}` : ''}\n`);
    }
  } finally {
    database.close();
  }
  child.send({ done: true });
  const rss = await next();
  if (!('rss' in rss)) throw new Error('the scale worker did not report its RSS');
  return { lines: imported.imported.lines, importSeconds: imported.imported.seconds, timings, workerPeakMb: rss.rss.peakMb };
}

function kilobytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${Math.round(bytes / 1024)} kB`;
}

function printTable(small: DataSetRun, big: DataSetRun): void {
  const ratio = big.lines / small.lines;
  console.log(`\n${big.lines.toLocaleString('en')} vs ${small.lines.toLocaleString('en')} lines (${ratio.toFixed(1)}×); goal: every job ≤ 10× (the import's goal is pandas' speed: bench import)`);
  console.log(`${'step'.padEnd(40)} ${'Online Retail'.padStart(14)} ${'synthetic'.padStart(10)} ${'ratio'.padStart(7)} ${'largest PNG'.padStart(12)}`);
  const row = (label: string, a: number, b: number, png = '') =>
    console.log(`${label.padEnd(40)} ${`${a.toFixed(2)} s`.padStart(14)} ${`${b.toFixed(2)} s`.padStart(10)} ${`${(b / a).toFixed(1)}×`.padStart(7)} ${png.padStart(12)}`);
  row('import, until every index is built', small.importSeconds, big.importSeconds);
  small.timings.forEach((t, i) => {
    const b = big.timings[i];
    row(t.question, t.seconds, b.seconds, kilobytes(b.largestPngBytes));
    for (const failed of [t, b].filter((x) => x.error)) console.log(`  ${failed === t ? 'Online Retail' : 'synthetic'}: ${failed.error}`);
  });
  const heaviest = Math.max(...big.timings.map((t) => t.largestPngBytes ?? 0));
  console.log(`largest chart on the synthetic data: ${kilobytes(heaviest)} (goal ≤ ${kilobytes(PNG_LIMIT_BYTES)})`);
  console.log(`peak RSS of the worker (import and every job): Online Retail ${small.workerPeakMb} MB, synthetic ${big.workerPeakMb} MB (the import's goal: ≤ 500 MB)`);
  console.log(`peak RSS of the bot (every command, both data sets): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

/**
 * Ten times Online Retail, end to end: generates a synthetic orders file once (cached in var/bench); for it
 * and for Online Retail, a worker process imports it into a fresh database and runs each job that the bot
 * (this process) sends from the command; prints the times, their ratio (goal: at most 10× for about 10×
 * the data), the largest chart and the peak RSS of bot and worker.
 * Usage: npm run bench -- scale [--lines N]
 */
export default async function (args: string[]): Promise<void> {
  if (!existsSync(ONLINE_RETAIL)) {
    console.log(`scale: ${ONLINE_RETAIL} is missing; the comparison needs Online Retail (../shared/data).`);
    return;
  }
  if (!existsSync(SPEND)) console.log(`scale: ${SPEND} is missing; the allocate job will say there is no spend data.`);
  const synthetic = await generatedFile(Number(option(args, 'lines') ?? DEFAULT_LINES));
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-scale-'));
  try {
    const small = await runDataSet('online-retail', ONLINE_RETAIL, dir);
    const big = await runDataSet('synthetic', synthetic, dir);
    printTable(small, big);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
