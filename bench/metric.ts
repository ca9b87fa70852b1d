/**
 * `npm run bench -- metric [--file PATH] [--db PATH] [--runs N] [--chart]`: typical metric questions
 * on Online Retail, imported into a temporary database first (not timed; `--db` reuses a database
 * that already holds it). "Now" is the day after the orders end (2011-12-10 at noon), so relative
 * periods (yesterday, last week, this month so far) land on the data. Each question goes through
 * the command's checks (no scan), then the job's compute is timed: reading and computing the
 * figures, wall and CPU time, best of N runs after a first run (printed too). The goal is ≤ 100 ms each; the
 * median and the slowest are printed. `--chart` also times drawing the chart (not part of the goal).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildMetricPayload, metricCommand } from '../commands/metric.ts';
import { metricJob } from '../jobs/metric.ts';
import { segmentJob } from '../jobs/segment.ts';
import { loadAnswer } from '../src/answers/metric/load.ts';
import { formatMetricValue } from '../src/answers/metric/reply.ts';
import { loadConfig } from '../src/config.ts';
import { parseArgs as parseCommandArgs } from '../src/core/args.ts';
import { openDatabase } from '../src/db/client.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { importOrdersFile } from '../src/import/index.ts';
import { InProcessExecutor } from '../src/queue/executor.ts';
import { createJobRegistry } from '../src/queue/job.ts';
import { createRepositories } from '../src/repos/index.ts';

const ONLINE_RETAIL = path.resolve(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');
/** The day after Online Retail's last order, at noon (UTC). */
const NOW = Date.UTC(2011, 11, 10, 12, 0, 0);
const GOAL_MS = 100;

/** Questions a marketing manager asks in a week, as typed after `metric`. */
export const TYPICAL_QUESTIONS = [
  'revenue yesterday',
  'revenue last week',
  'revenue last month',
  'revenue this month',
  'orders last month by=country',
  'customers last month',
  'new_customers last month',
  'returning_customers last quarter',
  'aov last quarter vs=last_year',
  'revenue last 30 days by=day',
  'units last 90 days by=week',
  'returns last month by=country',
  'revenue Q4 2011 by=country top=5',
  'revenue last quarter by=customer top=10',
  'orders 2011-11-01..2011-11-30 country=Germany',
  'new_customers this year by=month',
  'customers this year by=month vs=last_year',
  'revenue this year by=month vs=last_year',
  'orders this year by=country',
  'customers this year by=country',
  'revenue all by=customer top=10',
  'revenue last month by=segment',
  'revenue last quarter by=product top=10',
  'units last month by=product vs=last_year',
];

interface Timing {
  question: string;
  wallMs: number;
  cpuMs: number;
  /** The first run, statements not yet prepared. */
  firstMs: number;
  chartMs?: number;
  headline: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export default async function (argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { file: { type: 'string' }, db: { type: 'string' }, runs: { type: 'string', default: '3' }, chart: { type: 'boolean', default: false } },
  });
  const runs = Math.max(1, Number(values.runs) || 3);
  const file = values.file ?? ONLINE_RETAIL;
  if (!values.db && !existsSync(file)) {
    console.log(`metric: skipped, ${file} is missing (pass --file PATH or --db PATH).`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bench-metric-'));
  const config = loadConfig(
    { DATABASE_PATH: values.db ?? path.join(dir, 'pulse.db'), CHART_DIR: path.join(dir, 'charts'), LOG_LEVEL: 'silent', SEED_DEMO: 'false', DEFAULT_TIMEZONE: 'UTC' },
    { ignoreDotenv: true },
  );
  const database = openDatabase(config.databasePath);
  try {
    const repos = createRepositories(database.db);
    if (!values.db) {
      const started = performance.now();
      await importOrdersFile(database.db, file);
      await backgroundIndexBuildsDone();
      console.log(`metric questions on ${path.basename(file)} (imported in ${((performance.now() - started) / 1000).toFixed(1)} s, not timed)`);
    } else {
      console.log(`metric questions on ${config.databasePath}`);
    }
    await repos.dataSummary.refresh();
    const executor = new InProcessExecutor(createJobRegistry([segmentJob, metricJob]), { db: database.db, repos, config });
    if (!(await repos.segments.latest())) {
      await executor.execute({ jobId: 'bench-segment', name: 'segment', payload: { k: 5 } }, () => {});
    }
    const summary = await repos.dataSummary.get();
    const timings: Timing[] = [];
    for (const question of TYPICAL_QUESTIONS) {
      const raw = parseCommandArgs(question, { knownValues: { country: summary.orders?.countries.map((c) => c.name) ?? [] } });
      const payload = buildMetricPayload(summary, metricCommand.args.parse(raw), NOW, 'UTC');
      let best: Timing | undefined;
      const coldStarted = performance.now();
      await loadAnswer(repos, payload); // the first run prepares the statements and reads the pages
      const firstMs = performance.now() - coldStarted;
      for (let run = 0; run < runs; run++) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const answer = await loadAnswer(repos, payload, { currency: 'GBP' });
        const wallMs = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const cpuMs = (used.user + used.system) / 1000;
        const headline = answer.empty ?? `${formatMetricValue(answer.total.value, answer.unit, 'GBP')}${answer.breakdown ? `, ${answer.breakdown.keys} ${answer.breakdown.plural}` : ''}${answer.series ? `, ${answer.series.points.length} points` : ''}`;
        if (!best || wallMs < best.wallMs) best = { question, wallMs, cpuMs, firstMs, headline };
      }
      if (values.chart) {
        const result = await executor.execute({ jobId: `bench-${timings.length}`, name: 'metric', payload }, () => {});
        best!.chartMs = (result.data as { timings: { chartMs: number } }).timings.chartMs;
      }
      timings.push(best!);
      const flag = best!.wallMs > GOAL_MS ? '  ← over the goal' : '';
      const chart = best!.chartMs !== undefined ? `, chart ${best!.chartMs.toFixed(0)} ms` : '';
      console.log(`  ${question.padEnd(46)} ${best!.wallMs.toFixed(1).padStart(6)} ms (CPU ${best!.cpuMs.toFixed(1).padStart(6)} ms, first run ${best!.firstMs.toFixed(0).padStart(4)} ms${chart})  ${best!.headline}${flag}`);
    }
    const walls = timings.map((t) => t.wallMs);
    const slowest = timings.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
    console.log(`  median ${median(walls).toFixed(1)} ms, slowest ${slowest.wallMs.toFixed(1)} ms (${slowest.question}); CPU median ${median(timings.map((t) => t.cpuMs)).toFixed(1)} ms; goal ≤ ${GOAL_MS} ms each (best of ${runs} runs)`);
    console.log(`  first runs: median ${median(timings.map((t) => t.firstMs)).toFixed(1)} ms, slowest ${Math.max(...timings.map((t) => t.firstMs)).toFixed(1)} ms`);
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
