/**
 * Churn and lifetime-value models (src/ml/clv): `npm run bench -- clv [--cdnow FILE] [--retail FILE] [--sizes 25000,1000000]`
 *
 * 1. CDNOW sample (weeks, calibration 1997-01-01..1997-09-30): BG/NBD and Gamma-Gamma parameters
 *    against the published ones, log-likelihood, and the 39-week holdout, predicted vs actual.
 * 2. Online Retail (days, as of 2011-09-09, 91 days ahead): per-customer mean absolute error and
 *    total purchases, plain BG/NBD vs the seasonal adjustment on days (7-day season) and on weeks
 *    (52-week season).
 * 3. Fit time of BG/NBD on synthetic customers drawn from the CDNOW parameters (12 weeks of
 *    acquisition, 39 weeks observed, day-rounded): three runs after a first one (shown apart: it
 *    includes the JIT warm-up).
 *    Goals: 25,000 customers ≤ 200 ms, 1,000,000 ≤ 5 s. Then the summary of a 1M-customer log.
 * Data files default to ../shared/data/...; a missing file is skipped with a message.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DAY_MS, fitBgNbd, fitGammaGamma, simulateCustomers, summariseTransactions, type BgNbdParams } from '../src/ml/clv/index.ts';
import { createRandom } from '../src/ml/random.ts';
import {
  CDNOW_AS_OF,
  CDNOW_HOLDOUT_DAYS,
  evaluateHoldout,
  ONLINE_RETAIL_AS_OF,
  ONLINE_RETAIL_HORIZON_DAYS,
  readCdnow,
  readOnlineRetail,
  type HoldoutFigures,
} from '../test/ml/clv/datasets.ts';

const PUBLISHED_BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_LL = -9582.4;
const PUBLISHED_GG = { p: 6.25, q: 3.74, gamma: 15.44 };

const fmt = (v: number, digits = 4): string => v.toPrecision(digits);
const pct = (v: number, reference: number): string => `${v >= reference ? '+' : ''}${(((v - reference) / reference) * 100).toFixed(1)} %`;

function available(file: string, what: string): boolean {
  if (existsSync(file)) return true;
  console.log(`${what}: ${file} is missing, skipped.`);
  return false;
}

function cdnow(file: string): void {
  if (!available(file, 'CDNOW')) return;
  const log = readCdnow(file);
  const started = performance.now();
  const figures = evaluateHoldout(log, { asOf: CDNOW_AS_OF, horizonDays: CDNOW_HOLDOUT_DAYS, unit: 'weeks', periodDays: 7, period: 52 });
  const fitMs = performance.now() - started;
  const { fit, summary } = figures;
  const gg = fitGammaGamma(summary);
  console.log(`CDNOW sample: ${summary.customers.length} customers, ${fit.repeatCustomers} with repeat purchases, calibration to 1997-09-30 (weeks)`);
  console.log('  BG/NBD       fitted    published');
  for (const key of ['r', 'alpha', 'a', 'b'] as const) console.log(`  ${key.padEnd(12)} ${fmt(fit.params[key]).padEnd(9)} ${PUBLISHED_BG[key]}`);
  console.log(`  log-lik.     ${fit.logLikelihood.toFixed(1).padEnd(9)} ${PUBLISHED_LL}   (${fit.evaluations} evaluations, fit + holdout ${fitMs.toFixed(0)} ms)`);
  console.log('  Gamma-Gamma  fitted    published');
  for (const key of ['p', 'q', 'gamma'] as const) console.log(`  ${key.padEnd(12)} ${fmt(gg.params[key]).padEnd(9)} ${PUBLISHED_GG[key]}`);
  console.log(`  (${gg.customers} repeat customers, corr(frequency, value) ${gg.frequencyValueCorrelation.toFixed(3)})`);
  console.log(
    `  holdout 1997-10-01..1998-06-30 (39 weeks): predicted ${figures.plainTotal.toFixed(1)} repeat transactions, actual ${figures.actualTotal} (${pct(figures.plainTotal, figures.actualTotal)}); per-customer MAE ${figures.plainMae.toFixed(4)}`,
  );
  console.log(`  seasonal adjustment: ${figures.adjustment.reason}`);
}

function retailLine(label: string, figures: HoldoutFigures, total: number, mae: number): string {
  return `  ${label.padEnd(34)} total ${total.toFixed(0).padStart(5)} (${pct(total, figures.actualTotal).padStart(8)})   MAE ${mae.toFixed(4)} (${pct(mae, figures.plainMae).padStart(8)})`;
}

function onlineRetail(file: string): void {
  if (!available(file, 'Online Retail')) return;
  let started = performance.now();
  const log = readOnlineRetail(file);
  const readMs = performance.now() - started;
  started = performance.now();
  const daily = evaluateHoldout(log, { asOf: ONLINE_RETAIL_AS_OF, horizonDays: ONLINE_RETAIL_HORIZON_DAYS, unit: 'days', periodDays: 1, period: 7 });
  const evalMs = performance.now() - started;
  const weekly = evaluateHoldout(log, { asOf: ONLINE_RETAIL_AS_OF, horizonDays: ONLINE_RETAIL_HORIZON_DAYS, unit: 'days', periodDays: 7, period: 52 });
  const { fit } = daily;
  console.log(
    `\nOnline Retail: ${log.time.length} purchase lines (read ${(readMs / 1000).toFixed(1)} s), ${daily.summary.customers.length} customers as of 2011-09-09, ${ONLINE_RETAIL_HORIZON_DAYS} days ahead (days)`,
  );
  console.log(
    `  BG/NBD r ${fmt(fit.params.r)} alpha ${fmt(fit.params.alpha)} a ${fmt(fit.params.a)} b ${fmt(fit.params.b)}${fit.fallback ? ` — fallback ${fit.fallback.code}` : ''} (fit, holdout and adjustment ${evalMs.toFixed(0)} ms)`,
  );
  console.log(`  actual repeat transactions of these customers: ${daily.actualTotal}`);
  console.log(retailLine('plain BG/NBD', daily, daily.plainTotal, daily.plainMae));
  console.log(retailLine('seasonal, days (7-day season)', daily, daily.seasonalTotal, daily.seasonalMae));
  console.log(`    ${daily.adjustment.reason}${daily.adjustment.forecastModel ? ` Ratio forecast: ${daily.adjustment.forecastModel}.` : ''}`);
  console.log(retailLine('seasonal, weeks (52-week season)', weekly, weekly.seasonalTotal, weekly.seasonalMae));
  console.log(`    ${weekly.adjustment.reason}`);
  // What any rule that scales every customer alike could reach at best (knowing the holdout).
  const maeAt = (k: number): number => daily.plain.reduce((sum, v, i) => sum + Math.abs(k * v - daily.actual[i]), 0) / daily.plain.length;
  let best = 1;
  for (let k = 0.5; k <= 2.0001; k += 0.01) if (maeAt(k) < maeAt(best)) best = k;
  const exact = daily.actualTotal / daily.plainTotal;
  console.log(retailLine(`hindsight: best scale ×${best.toFixed(2)}`, daily, best * daily.plainTotal, maeAt(best)));
  console.log(retailLine(`hindsight: exact total ×${exact.toFixed(3)}`, daily, daily.actualTotal, maeAt(exact)));
}

/** summariseTransactions on a synthetic log of a million customers (1–6 purchase days each over a year). */
function summaryTime(): void {
  const customers = 1_000_000;
  const random = createRandom(99);
  const customer: number[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  const start = Date.parse('2023-01-01T00:00:00Z');
  for (let c = 0; c < customers; c++) {
    const purchases = 1 + Math.floor(random() * 6);
    for (let k = 0; k < purchases; k++) {
      customer.push(100_000 + c);
      time.push(start + Math.floor(random() * 365 * DAY_MS));
      amount.push(5 + random() * 100);
    }
  }
  const started = performance.now();
  const summary = summariseTransactions({ customer, time, amount }, { asOf: start + 364 * DAY_MS, unit: 'days' });
  console.log(`
summariseTransactions: ${time.length.toLocaleString('en-GB')} purchases of ${summary.customers.length.toLocaleString('en-GB')} customers in ${(performance.now() - started).toFixed(0)} ms`);
}

function fitTimes(sizes: number[]): void {
  console.log('\nBG/NBD fit time on synthetic customers (CDNOW parameters, 39 weeks, day-rounded):');
  for (const customers of sizes) {
    let started = performance.now();
    const data = simulateCustomers({ customers, bgNbd: PUBLISHED_BG, observationLength: 39, acquisitionPeriod: 12, resolution: 1 / 7, seed: 2024 });
    const simulateMs = performance.now() - started;
    const times: number[] = [];
    started = performance.now();
    let fit = fitBgNbd(data);
    const coldMs = performance.now() - started;
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      fit = fitBgNbd(data);
      times.push(performance.now() - started);
    }
    const p = fit.params;
    console.log(
      `  ${customers.toLocaleString('en-GB').padStart(9)} customers: fit ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (first fit of this size ${coldMs.toFixed(0)} ms); ${fit.distinctTriples} distinct (x, t_x, T), ${fit.evaluations} evaluations; simulated in ${simulateMs.toFixed(0)} ms`,
    );
    console.log(`      recovered r ${fmt(p.r, 3)} alpha ${fmt(p.alpha, 3)} a ${fmt(p.a, 3)} b ${fmt(p.b, 3)} (truth 0.243, 4.41, 0.793, 2.43)`);
  }
}

export default async function run(args: string[]): Promise<void> {
  const { values: opts } = parseArgs({
    args,
    options: {
      cdnow: { type: 'string', default: '../shared/data/cdnow/cdnow_sample.csv' },
      retail: { type: 'string', default: '../shared/data/online-retail/online_retail.csv.gz' },
      sizes: { type: 'string', default: '25000,1000000' },
    },
  });
  cdnow(opts.cdnow as string);
  onlineRetail(opts.retail as string);
  fitTimes((opts.sizes as string).split(',').map(Number).filter((n) => n > 0));
  summaryTime();
}
