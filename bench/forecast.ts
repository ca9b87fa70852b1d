import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { forecast, type ForecastResult } from '../src/ml/forecast/index.ts';
import { formatM4Csv, mase, readM4File, smape, type M4Series } from '../test/support/m4.ts';
import { intervalCoverage, printCoverage } from './forecast-coverage.ts';
import { PUBLISHED_WEEKLY, REFERENCE_METHODS } from './forecast-references.ts';

/**
 * M4 Weekly accuracy and speed:
 *   npm run bench -- forecast --m4 ../shared/data/m4/Weekly-train.csv.gz [--test FILE] [--out FILE]
 *                             [--split N] [--history N] [--references] [--coverage]
 * Without --test, the last 13 points of each training series are held out; --split 2 holds out the
 * 13 before those (dropping the last 13), --split 3 the 13 before those, and so on. --history N
 * forecasts from the last N training points only (series with fewer points are left out), to see
 * how the engine does on short histories such as two years of weekly data. Prints sMAPE and MASE
 * (M4 definitions, MASE scaled by the in-sample one-step naive error as the organisers did for
 * weekly data), 80 % / 95 % interval coverage and the total time of the engine. --references also
 * scores the M4 benchmark methods on the same holdout (not timed). --coverage prints the coverage per
 * horizon step: the share of weeks outside the 95 % range is the false-alarm rate of an alert on it.
 */
const HORIZON = 13;
const PERIOD = 52;

interface Task {
  id: string;
  train: number[];
  actual: number[] | undefined;
}

function tasks(series: M4Series[], test: M4Series[] | undefined, split: number, history: number | undefined): Task[] {
  const heldOut = new Map(test?.map((s) => [s.id, s.values]));
  const all = series.map(({ id, values }): Task => {
    if (test) return { id, train: values, actual: heldOut.get(id) };
    const end = values.length - (split - 1) * HORIZON;
    return { id, train: values.slice(0, Math.max(0, end - HORIZON)), actual: values.slice(Math.max(0, end - HORIZON), end) };
  });
  if (history === undefined) return all;
  return all.filter((t) => t.train.length >= history).map((t) => ({ ...t, train: t.train.slice(-history) }));
}

interface Scores {
  smape: number;
  mase: number;
}

function score(all: Task[], predict: (task: Task) => number[]): Scores {
  const scored = all.filter((t) => t.actual);
  let smapeSum = 0;
  let maseSum = 0;
  for (const task of scored) {
    const point = predict(task);
    smapeSum += smape(task.actual as number[], point);
    maseSum += mase(task.train, task.actual as number[], point);
  }
  return { smape: smapeSum / scored.length, mase: maseSum / scored.length };
}

function modelFamily(result: ForecastResult): string {
  return result.members.length > 1 ? 'Weighted combination' : result.model;
}

/**
 * Scores the M4 benchmark methods on the same holdout. On a training holdout it also scales the
 * engine's score by each benchmark's ratio of published test-set score to holdout score: a rough
 * estimate of the engine on the competition's weeks. Against the test file itself, the benchmarks
 * should land near their published scores, which checks the data and the scoring.
 */
function printReferences(all: Task[], engine: Scores, againstTestFile: boolean): void {
  console.log(`M4 benchmark methods on this holdout (sMAPE / MASE), published test-set figures${againstTestFile ? '' : ', and the engine scaled by their ratio'}:`);
  for (const [name, method] of Object.entries(REFERENCE_METHODS)) {
    const s = score(all, (t) => method(t.train, HORIZON).map((v) => Math.max(0, v)));
    const [publishedSmape, publishedMase] = PUBLISHED_WEEKLY[name];
    const scaled = `   engine scaled ${((engine.smape / s.smape) * publishedSmape).toFixed(2)} / ${((engine.mase / s.mase) * publishedMase).toFixed(2)}`;
    console.log(`  ${name.padEnd(7)} ${s.smape.toFixed(3)} / ${s.mase.toFixed(3)}   published ${publishedSmape} / ${publishedMase}${againstTestFile ? '' : scaled}`);
  }
}

const USAGE = 'Usage: npm run bench -- forecast --m4 FILE [--test FILE] [--out FILE] [--split N] [--history N] [--references] [--coverage]';

export default async function run(args: string[]): Promise<void> {
  const { values: opts } = parseArgs({
    args,
    options: {
      m4: { type: 'string' },
      test: { type: 'string' },
      out: { type: 'string' },
      split: { type: 'string', default: '1' },
      history: { type: 'string' },
      references: { type: 'boolean', default: false },
      coverage: { type: 'boolean', default: false },
    },
  });
  const split = Number(opts.split);
  const history = opts.history === undefined ? undefined : Number(opts.history);
  if (!opts.m4 || !Number.isInteger(split) || split < 1 || (history !== undefined && !(Number.isInteger(history) && history > 0))) throw new Error(USAGE);
  const all = tasks(readM4File(opts.m4), opts.test ? readM4File(opts.test) : undefined, split, history);

  const results = new Map<string, ForecastResult>();
  const started = performance.now();
  for (const task of all) results.set(task.id, forecast(task.train, { horizon: HORIZON, period: PERIOD, nonNegative: true }));
  const seconds = (performance.now() - started) / 1000;

  const holdout = opts.test ? `scored against ${opts.test}` : `holdout split ${split}`;
  console.log(`M4 Weekly, ${all.length} series, horizon ${HORIZON}, ${holdout}${history ? `, last ${history} training points` : ''}`);
  const engine = score(all, (t) => (results.get(t.id) as ForecastResult).point);
  if (all.some((t) => t.actual)) {
    const covered = intervalCoverage(all, results);
    const { inside80, inside95, count } = covered.overall;
    console.log(`sMAPE ${engine.smape.toFixed(3)}   MASE ${engine.mase.toFixed(3)}`);
    console.log(`interval coverage: 80 % → ${((100 * inside80) / count).toFixed(1)} %, 95 % → ${((100 * inside95) / count).toFixed(1)} %`);
    if (opts.coverage) printCoverage(covered);
  }
  console.log(`total time ${seconds.toFixed(2)} s (${((1000 * seconds) / all.length).toFixed(1)} ms per series)`);
  const families = new Map<string, number>();
  for (const result of results.values()) families.set(modelFamily(result), (families.get(modelFamily(result)) ?? 0) + 1);
  console.log(`models used: ${[...families.entries()].sort((a, b) => b[1] - a[1]).map(([m, c]) => `${m} ${c}`).join('; ')}`);
  if (opts.references && all.some((t) => t.actual)) printReferences(all, engine, opts.test !== undefined);
  if (opts.out) {
    writeFileSync(opts.out, formatM4Csv(all.map((t) => ({ id: t.id, values: (results.get(t.id) as ForecastResult).point }))));
    console.log(`forecasts written to ${opts.out}`);
  }
}
