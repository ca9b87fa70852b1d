import type { ForecastResult } from '../src/ml/forecast/index.ts';

/**
 * How often held-out weeks fall inside the engine's 80 % and 95 % ranges, per horizon step and
 * overall. A week outside the 95 % range is what an anomaly alert would report: on data with no
 * anomaly about 5 % of weeks should fall outside it (false alarms), and about 20 % outside the 80 %
 * range. Above and below are counted apart: each side should hold about half of the misses.
 */
export interface StepCoverage {
  count: number;
  inside80: number;
  inside95: number;
  above95: number;
  below95: number;
}

export interface CoverageTable {
  perStep: StepCoverage[];
  overall: StepCoverage;
}

const empty = (): StepCoverage => ({ count: 0, inside80: 0, inside95: 0, above95: 0, below95: 0 });

function add(into: StepCoverage, y: number, result: ForecastResult, h: number): void {
  into.count++;
  if (y >= result.lower80[h] && y <= result.upper80[h]) into.inside80++;
  if (y >= result.lower95[h] && y <= result.upper95[h]) into.inside95++;
  else if (y > result.upper95[h]) into.above95++;
  else into.below95++;
}

export function intervalCoverage(tasks: ReadonlyArray<{ id: string; actual: number[] | undefined }>, results: ReadonlyMap<string, ForecastResult>): CoverageTable {
  const perStep: StepCoverage[] = [];
  const overall = empty();
  for (const task of tasks) {
    const result = results.get(task.id);
    if (!result || !task.actual) continue;
    task.actual.forEach((y, h) => {
      perStep[h] ??= empty();
      add(perStep[h], y, result, h);
      add(overall, y, result, h);
    });
  }
  return { perStep, overall };
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;

function row(label: string, c: StepCoverage): string {
  const outside95 = c.count - c.inside95;
  return `  ${label.padEnd(8)} ${String(c.count).padStart(6)}   ${pct(c.inside80, c.count)}   ${pct(c.count - c.inside80, c.count)}   ${pct(c.inside95, c.count)}   ${pct(outside95, c.count)}   ${pct(c.above95, c.count)} / ${pct(c.below95, c.count)}`;
}

/** The table `npm run bench -- forecast --coverage` prints. */
export function printCoverage(table: CoverageTable): void {
  console.log('Interval coverage per horizon step (expected: about 80 % inside the 80 % range, 95 % inside the 95 % range):');
  console.log('  step      weeks   in 80 %   out 80 %   in 95 %   out 95 %   out 95 % above / below');
  table.perStep.forEach((c, h) => console.log(row(`h=${h + 1}`, c)));
  console.log(row('all', table.overall));
}
