import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import {
  countTransactionDays,
  expectedPurchasesAll,
  fitBgNbd,
  seasonallyAdjust,
  seasonalSeries,
  summariseTransactions,
  unitDays,
  type BgNbdFit,
  type CustomerSummary,
  type SeasonalAdjustment,
  type TimeUnit,
  type TransactionColumns,
} from '../../../src/ml/clv/index.ts';

/**
 * Readers of the two real transaction logs in ../shared/data (see its README) and the holdout
 * evaluation, shared by the CLV tests and bench/clv.ts. Times are ms, read as UTC; amounts as published.
 */
export interface TransactionLog extends TransactionColumns {
  customer: string[];
  time: Float64Array;
  amount: Float64Array;
}

function toColumns(rows: Array<{ customer: string; time: number; amount: number }>): TransactionLog {
  return {
    customer: rows.map((r) => r.customer),
    time: Float64Array.from(rows, (r) => r.time),
    amount: Float64Array.from(rows, (r) => r.amount),
  };
}

/** CDNOW 1/10 sample: `master_id, customer_id, date, quantity, amount`; one row per purchase. */
export function readCdnow(file: string): TransactionLog {
  const records: string[][] = parse(readFileSync(file), { from_line: 2 });
  return toColumns(records.map(([master, , date, , amount]) => ({ customer: master, time: Date.parse(`${date}T00:00:00Z`), amount: Number(amount) })));
}

/**
 * UCI Online Retail: lines of non-cancelled invoices (not starting with C) with a customer and a
 * positive Quantity × UnitPrice; InvoiceDate read as UTC.
 */
export function readOnlineRetail(file: string): TransactionLog {
  const records: string[][] = parse(gunzipSync(readFileSync(file)), { from_line: 2 });
  const rows: Array<{ customer: string; time: number; amount: number }> = [];
  for (const [invoice, , , quantity, date, price, customer] of records) {
    if (!customer || invoice.startsWith('C')) continue;
    const amount = Number(quantity) * Number(price);
    if (!(amount > 0)) continue;
    rows.push({ customer: customer.replace(/\.0$/, ''), time: Date.parse(`${date.replace(' ', 'T')}Z`), amount });
  }
  return toColumns(rows);
}

export interface HoldoutOptions {
  /** Last calibration day (ms within it). */
  asOf: number;
  /** Holdout length in days after asOf. */
  horizonDays: number;
  unit: TimeUnit;
  /** Seasonal adjustment grid: periods of this many days (1 or 7) with a season of `period` periods. */
  periodDays: number;
  period: number;
}

export interface HoldoutFigures {
  summary: CustomerSummary;
  fit: BgNbdFit;
  actual: Float64Array;
  plain: Float64Array;
  adjustment: SeasonalAdjustment;
  actualTotal: number;
  plainTotal: number;
  seasonalTotal: number;
  plainMae: number;
  seasonalMae: number;
}

/** Calibration/holdout evaluation of plain and seasonally adjusted BG/NBD on a log. */
export function evaluateHoldout(log: TransactionColumns, options: HoldoutOptions): HoldoutFigures {
  const summary = summariseTransactions(log, { asOf: options.asOf, unit: options.unit });
  const fit = fitBgNbd(summary);
  const actual = countTransactionDays(log, summary, summary.asOfDay + options.horizonDays);
  const [plain] = expectedPurchasesAll(fit.params, summary, [options.horizonDays / unitDays(options.unit)]);
  const series = seasonalSeries(summary, fit.params, options.horizonDays, options.periodDays);
  const adjustment = seasonallyAdjust({ ...series, expectedPurchases: plain, period: options.period });
  const total = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);
  const mae = (values: ArrayLike<number>): number => Array.from(values).reduce((sum, v, i) => sum + Math.abs(v - actual[i]), 0) / actual.length;
  return {
    summary,
    fit,
    actual,
    plain,
    adjustment,
    actualTotal: total(actual),
    plainTotal: total(plain),
    seasonalTotal: total(adjustment.expectedPurchases),
    plainMae: mae(plain),
    seasonalMae: mae(adjustment.expectedPurchases),
  };
}

export const CDNOW_FILE = ['cdnow', 'cdnow_sample.csv'] as const;
export const ONLINE_RETAIL_FILE = ['online-retail', 'online_retail.csv.gz'] as const;
export const CDNOW_AS_OF = Date.parse('1997-09-30T00:00:00Z');
/** 1997-10-01 .. 1998-06-30: 273 days, 39 weeks. */
export const CDNOW_HOLDOUT_DAYS = 273;
export const ONLINE_RETAIL_AS_OF = Date.parse('2011-09-09T00:00:00Z');
export const ONLINE_RETAIL_HORIZON_DAYS = 91;
