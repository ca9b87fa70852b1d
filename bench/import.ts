import { execFileSync } from 'node:child_process';
import { findPythonWith } from './python-peer.ts';
import { existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../src/db/client.ts';
import { formatImportReport, importOrdersFile, type OrdersImportReport } from '../src/import/index.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { backgroundCheckpointsDone } from '../src/repos/import-staging.ts';
import { postgresBenchServer, type PgBenchServer } from './pg-bench-database.ts';
import { syntheticOrdersFile } from './synthetic-cache.ts';

const DEFAULT_FILE = path.resolve(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');
const BENCH_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'bench.js');
const USAGE = 'npm run bench -- import [FILE | --synthetic LINES] [--runs N] [--no-pandas] [--no-postgres]';

/** What the child process that imports reports back. */
interface PulseRun {
  /** Until the report: every row committed and readable. */
  seconds: number;
  /** Until the indexes the commit left to a background thread are built too. */
  indexedSeconds: number;
  /** Until the background checkpoint (the copy of the committed pages into the database file) is done too. */
  checkpointedSeconds: number;
  /** CPU time (user + system, all threads) of the import: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  maxRssKb: number;
  /** Longest time the event loop was blocked (the commit transaction is synchronous). */
  maxEventLoopStallMs: number;
  report: OrdersImportReport;
  reimportSeconds: number;
  reimportRecognised: boolean;
}

/**
 * What the child process that imports into PostgreSQL reports back: no checkpoint (the server writes
 * its own files); CPU time and peak RSS are the Node process's, the server's are not in them.
 */
type PgRun = Omit<PulseRun, 'checkpointedSeconds' | 'indexedSeconds'>;

interface PandasRun {
  readSeconds: number;
  seconds: number;
  cpuSeconds: number;
  rows: number;
  maxRssKb: number;
}

/**
 * Imports an orders file (Online Retail by default) into a fresh temporary database in a child
 * process (for a clean peak RSS), and runs the same file through pandas (`read_csv` + `to_sql`
 * into a fresh SQLite file) when a python3 with pandas is installed. Both are timed from inside
 * their process (interpreter start-up excluded). `--runs N` alternates N runs of each and reports
 * the best and the median, which steadies figures on a shared machine. The same file is then imported
 * into PostgreSQL (PULSE_BENCH_PG_URL, default postgres@127.0.0.1:5432), into a fresh database per run
 * dropped after it, when the server answers. `--synthetic N` takes the synthetic file of N lines
 * (written once into var/bench, as bench/scale.ts does).
 */
export default async function (args: string[]): Promise<void> {
  if (args[0] === '--child') return childRun(args[1], args[2]);
  if (args[0] === '--child-pg') return childPgRun(args[1], args[2]);
  const runs = Number(optionValue(args, '--runs') ?? 1);
  const withPandas = !args.includes('--no-pandas');
  const synthetic = optionValue(args, '--synthetic');
  const named = args.find((a, i) => !a.startsWith('--') && !['--runs', '--synthetic'].includes(args[i - 1]!));
  const filePath = synthetic ? await syntheticOrdersFile(Number(synthetic)) : path.resolve(named ?? DEFAULT_FILE);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive whole number. Usage: ${USAGE}`);
  if (!existsSync(filePath)) {
    console.log(`No file at ${filePath}: give an orders file (Online Retail layout), e.g. one written by\n  pulse seed --synthetic --lines 5000000 --out orders-5m.csv.gz\nUsage: ${USAGE}`);
    return;
  }
  const peer = withPandas ? findPythonWith('pandas') : null;
  if (withPandas && !peer) {
    console.log('pandas peer: SKIPPED, no python3 with pandas found (install it with `apt-get install -y python3-pandas` or `pip install pandas`).');
  }

  const pulse: PulseRun[] = [];
  const pandas: PandasRun[] = [];
  for (let run = 1; run <= runs; run++) {
    pulse.push(runPulse(filePath));
    if (peer) pandas.push(runPandas(peer.python, filePath));
    const last = pulse.at(-1)!;
    const lastPeer = pandas.at(-1);
    if (runs > 1) {
      const figures = (r: { seconds: number; cpuSeconds: number }) => `${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s)`;
      const ratio = lastPeer ? `, ratio ${(last.seconds / lastPeer.seconds).toFixed(2)}` : '';
      console.log(`run ${run}: Pulse ${figures(last)}, every index ${last.indexedSeconds.toFixed(2)} s, checkpointed ${last.checkpointedSeconds.toFixed(2)} s${lastPeer ? `; pandas ${figures(lastPeer)}${ratio}` : ''}`);
    }
  }

  const first = pulse[0];
  console.log(formatImportReport(first.report));
  console.log(`re-import: ${first.reimportRecognised ? 'recognised, nothing written' : 'NOT recognised'} in ${first.reimportSeconds.toFixed(2)} s\n`);
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const describe = (xs: number[]) => (xs.length > 1 ? `best ${best(xs).toFixed(2)} s, median ${median(xs).toFixed(2)} s of ${xs.length}` : `${xs[0].toFixed(2)} s`);
  const pulseSeconds = pulse.map((r) => r.seconds);
  const lines = first.report.linesRead;
  console.log(`file: ${filePath} (${lines.toLocaleString('en-GB')} lines)`);
  console.log(
    `Pulse : ${describe(pulseSeconds)} (${Math.round(lines / best(pulseSeconds)).toLocaleString('en-GB')} lines/s), CPU ${describeCpu(pulse)}, ` +
      `peak RSS ${mb(Math.max(...pulse.map((r) => r.maxRssKb)))}, longest event-loop stall ${Math.max(...pulse.map((r) => r.maxEventLoopStallMs)).toFixed(0)} ms`,
  );
  console.log(`        every index built (those the commit leaves to a background thread): ${describe(pulse.map((r) => r.indexedSeconds))}`);
  console.log(`        the database file holds every page (background checkpoint done): ${describe(pulse.map((r) => r.checkpointedSeconds))} (CPU figures include both)`);
  if (pandas.length) {
    const pandasSeconds = pandas.map((r) => r.seconds);
    console.log(
      `pandas ${peer!.version} (${peer!.python}): ${describe(pandasSeconds)} (read_csv ${best(pandas.map((r) => r.readSeconds)).toFixed(2)} s + to_sql), CPU ${describeCpu(pandas)}, ` +
        `peak RSS ${mb(Math.max(...pandas.map((r) => r.maxRssKb)))}, ${pandas[0].rows.toLocaleString('en-GB')} rows`,
    );
    const ratio = best(pulseSeconds) / best(pandasSeconds);
    const medianRatio = median(pulseSeconds) / median(pandasSeconds);
    const cpuRatio = best(pulse.map((r) => r.cpuSeconds)) / best(pandas.map((r) => r.cpuSeconds));
    const indexedRatio = best(pulse.map((r) => r.indexedSeconds)) / best(pandasSeconds);
    console.log(
      `Pulse / pandas time: ${ratio.toFixed(2)}${runs > 1 ? ` (best), ${medianRatio.toFixed(2)} (median)` : ''}, CPU: ${cpuRatio.toFixed(2)} ` +
        `→ ${ratio <= 1 ? 'at least as fast as pandas' : 'SLOWER than pandas'} (until the import's reply: every row committed and readable)`,
    );
    console.log(`Pulse / pandas time until every index is built: ${indexedRatio.toFixed(2)} (pandas builds none)`);
  }
  if (!args.includes('--no-postgres')) await benchPostgres(filePath, runs, first.report, pandas.length ? best(pandas.map((r) => r.seconds)) : undefined);
}

/** The same file into PostgreSQL, `runs` times, each into a fresh database; or why not. */
async function benchPostgres(filePath: string, runs: number, sqliteReport: OrdersImportReport, pandasSeconds: number | undefined): Promise<void> {
  const server = await postgresBenchServer();
  if (!server.ok) {
    console.log(`\nPostgreSQL: SKIPPED, no server answered at ${server.url} (${server.reason}); set PULSE_BENCH_PG_URL to bench it.`);
    return;
  }
  const pgRuns: PgRun[] = [];
  for (let run = 1; run <= runs; run++) {
    pgRuns.push(await runPulsePg(server, filePath));
    if (runs > 1) console.log(`PostgreSQL run ${run}: ${pgRuns.at(-1)!.seconds.toFixed(2)} s (Node CPU ${pgRuns.at(-1)!.cpuSeconds.toFixed(2)} s)`);
  }
  const seconds = pgRuns.map((r) => r.seconds);
  const bestSeconds = Math.min(...seconds);
  const sorted = [...seconds].sort((a, b) => a - b);
  const lines = pgRuns[0]!.report.linesRead;
  const differences = reportDifferences(sqliteReport, pgRuns[0]!.report);
  console.log(`\nPostgreSQL ${server.version} (${server.url}, a fresh database per run):`);
  console.log(
    `Pulse PostgreSQL: ${runs > 1 ? `best ${bestSeconds.toFixed(2)} s, median ${sorted[Math.floor((runs - 1) / 2)]!.toFixed(2)} s of ${runs}` : `${bestSeconds.toFixed(2)} s`} ` +
      `(${Math.round(lines / bestSeconds).toLocaleString('en-GB')} lines/s), Node CPU ${describeCpu(pgRuns)}, Node peak RSS ${mb(Math.max(...pgRuns.map((r) => r.maxRssKb)))}, ` +
      `longest event-loop stall ${Math.max(...pgRuns.map((r) => r.maxEventLoopStallMs)).toFixed(0)} ms`,
  );
  console.log(`        re-import: ${pgRuns[0]!.reimportRecognised ? 'recognised, nothing written' : 'NOT recognised'} in ${pgRuns[0]!.reimportSeconds.toFixed(2)} s; report ${differences.length ? `DIFFERS from SQLite's: ${differences.join(', ')}` : "the same as SQLite's"}`);
  if (pandasSeconds !== undefined) {
    const ratio = bestSeconds / pandasSeconds;
    console.log(`Pulse PostgreSQL / pandas time: ${ratio.toFixed(2)} → ${ratio <= 1 ? 'at least as fast as pandas' : 'SLOWER than pandas'}`);
  }
}

/** The fields of two reports of the same file that differ (timings and ids aside). */
function reportDifferences(a: OrdersImportReport, b: OrdersImportReport): string[] {
  const comparable = (r: OrdersImportReport) => ({ ...r, durationMs: 0, importId: 0 });
  const left = comparable(a) as unknown as Record<string, unknown>;
  const right = comparable(b) as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((k) => JSON.stringify(left[k]) !== JSON.stringify(right[k]));
}

/** In the child process: one import into the (fresh) PostgreSQL database at `url`, then the re-import; JSON on stdout. */
async function childPgRun(filePath: string, url: string): Promise<void> {
  const { openPostgres } = await import('../src/db/pg/open.ts');
  const handle = await openPostgres(url);
  try {
    const result: PgRun = await measuredImport(handle.db, filePath);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await handle.close();
  }
}

/**
 * One import into a fresh database, timed from inside the process (CPU, peak RSS, the longest
 * event-loop stall), then the re-import; `settled` waits for work that follows the commit (SQLite's
 * background checkpoint).
 */
async function measuredImport(
  db: Db,
  filePath: string,
  after?: { indexesBuilt: () => Promise<void>; checkpointed: () => Promise<void> },
): Promise<PgRun & { indexedSeconds: number; checkpointedSeconds: number }> {
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await importOrdersFile(db, filePath);
  const seconds = (performance.now() - started) / 1000;
  await after?.indexesBuilt();
  const indexedSeconds = (performance.now() - started) / 1000;
  await after?.checkpointed();
  const checkpointedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // Let the delay monitor's timer fire once more, so a stall at the very end is recorded.
  await new Promise((resolve) => setTimeout(resolve, 50));
  stalls.disable();
  const again = performance.now();
  const repeat = await importOrdersFile(db, filePath);
  return {
    seconds,
    indexedSeconds,
    checkpointedSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
    maxEventLoopStallMs: stalls.max / 1e6,
    report,
    reimportSeconds: (performance.now() - again) / 1000,
    reimportRecognised: repeat.alreadyImportedAt !== null,
  };
}

async function runPulsePg(server: Extract<PgBenchServer, { ok: true }>, filePath: string): Promise<PgRun> {
  const database = await server.createDatabase();
  try {
    const out = execFileSync(process.execPath, [BENCH_ENTRY, 'import', '--child-pg', filePath, database.url], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as PgRun;
  } finally {
    await database.drop();
  }
}

/** In the child process: one import into a fresh database, then the re-import; JSON on stdout. */
async function childRun(filePath: string, databasePath: string): Promise<void> {
  const handle = openDatabase(databasePath);
  try {
    const result: PulseRun = await measuredImport(handle.db, filePath, { indexesBuilt: backgroundIndexBuildsDone, checkpointed: backgroundCheckpointsDone });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    handle.close();
  }
}

function runPulse(filePath: string): PulseRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bench-import-'));
  try {
    const out = execFileSync(process.execPath, [BENCH_ENTRY, 'import', '--child', filePath, path.join(dir, 'pulse.db')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as PulseRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PANDAS_PEER = `
import json, resource, sqlite3, sys, time
import pandas as pd
src, db, compression = sys.argv[1], sys.argv[2], sys.argv[3]
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
cpu_before = cpu()
started = time.perf_counter()
frame = pd.read_csv(src, compression=compression)
read = time.perf_counter()
con = sqlite3.connect(db)
frame.to_sql('orders', con, index=False)
con.commit()
con.close()
done = time.perf_counter()
print(json.dumps({'readSeconds': read - started, 'seconds': done - started, 'cpuSeconds': cpu() - cpu_before, 'rows': len(frame),
                  'maxRssKb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
`;

function runPandas(python: string, filePath: string): PandasRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bench-pandas-'));
  try {
    const compression = isGzip(filePath) ? 'gzip' : 'infer';
    const out = execFileSync(python, ['-c', PANDAS_PEER, filePath, path.join(dir, 'pandas.db'), compression], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as PandasRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isGzip(filePath: string): boolean {
  const fd = openSync(filePath, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function describeCpu(runs: { cpuSeconds: number }[]): string {
  const cpu = runs.map((r) => r.cpuSeconds);
  return runs.length > 1 ? `best ${Math.min(...cpu).toFixed(2)} s` : `${cpu[0].toFixed(2)} s`;
}

function optionValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function mb(kb: number): string {
  return `${Math.round(kb / 1024)} MB`;
}
