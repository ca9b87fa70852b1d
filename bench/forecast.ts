import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { forecast } from '../src/ml/forecast/index.ts';
import { formatM4Csv, mase, readM4File, smape, type M4Series } from '../test/support/m4.ts';

/**
 * M4 Weekly accuracy and speed:
 *   npm run bench -- forecast --m4 ../shared/data/m4/Weekly-train.csv.gz [--test FILE] [--out FILE] [--split N]
 * Without --test, the last 13 points of each training series are held out (--split 2 holds out the
 * 13 before those, dropping the last 13, as a second split). Prints sMAPE, MASE (M4 definitions,
 * m = 1 scale as the organisers used for weekly), 80 % / 95 % interval coverage and total time.
 */
const HORIZON = 13;
const PERIOD = 52;

interface Task {
  id: string;
  train: number[];
  actual: number[] | undefined;
}

function tasks(series: M4Series[], test: M4Series[] | undefined, split: number): Task[] {
  const heldOut = new Map(test?.map((s) => [s.id, s.values]));
  return series.map(({ id, values }) => {
    if (test) return { id, train: values, actual: heldOut.get(id) };
    const end = values.length - (split - 1) * HORIZON;
    return { id, train: values.slice(0, end - HORIZON), actual: values.slice(end - HORIZON, end) };
  });
}

const average = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export default async function run(args: string[]): Promise<void> {
  const { values: opts } = parseArgs({
    args,
    options: { m4: { type: 'string' }, test: { type: 'string' }, out: { type: 'string' }, split: { type: 'string', default: '1' } },
  });
  if (!opts.m4) throw new Error('Usage: npm run bench -- forecast --m4 FILE [--test FILE] [--out FILE] [--split 1|2]');
  const all = tasks(readM4File(opts.m4), opts.test ? readM4File(opts.test) : undefined, Number(opts.split));
  const smapes: number[] = [];
  const mases: number[] = [];
  let inside80 = 0;
  let inside95 = 0;
  let scored = 0;
  const models = new Map<string, number>();
  const output: M4Series[] = [];
  const started = performance.now();
  for (const task of all) {
    const result = forecast(task.train, { horizon: HORIZON, period: PERIOD, nonNegative: true });
    output.push({ id: task.id, values: result.point });
    const family = result.model.startsWith('Combination') || result.model.startsWith('Median') ? result.model.split(' ')[0] : result.model;
    models.set(family, (models.get(family) ?? 0) + 1);
    if (!task.actual) continue;
    smapes.push(smape(task.actual, result.point));
    mases.push(mase(task.train, task.actual, result.point));
    task.actual.forEach((y, h) => {
      inside80 += y >= result.lower80[h] && y <= result.upper80[h] ? 1 : 0;
      inside95 += y >= result.lower95[h] && y <= result.upper95[h] ? 1 : 0;
      scored++;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`M4 Weekly, ${all.length} series, horizon ${HORIZON}, ${opts.test ? `scored against ${opts.test}` : `holdout split ${opts.split}`}`);
  if (scored > 0) {
    console.log(`sMAPE ${average(smapes).toFixed(3)}   MASE ${average(mases).toFixed(3)}`);
    console.log(`interval coverage: 80 % → ${((100 * inside80) / scored).toFixed(1)} %, 95 % → ${((100 * inside95) / scored).toFixed(1)} %`);
  }
  console.log(`total time ${seconds.toFixed(2)} s (${((1000 * seconds) / all.length).toFixed(1)} ms per series)`);
  console.log(`models chosen: ${[...models.entries()].sort((a, b) => b[1] - a[1]).map(([m, c]) => `${m} ${c}`).join('; ')}`);
  if (opts.out) {
    writeFileSync(opts.out, formatM4Csv(output));
    console.log(`forecasts written to ${opts.out}`);
  }
}
