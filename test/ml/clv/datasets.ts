import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { TransactionColumns } from '../../../src/ml/clv/summary.ts';

/**
 * Readers of the two real transaction logs in ../shared/data (see its README), shared by the CLV
 * tests and bench/clv.ts. Times are UTC midnight-based ms; amounts as published.
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
  const records: string[][] = parse(gunzipSync(readFileSync(file)), { from_line: 2, relax_quotes: true });
  const rows: Array<{ customer: string; time: number; amount: number }> = [];
  for (const [invoice, , , quantity, date, price, customer] of records) {
    if (!customer || invoice.startsWith('C')) continue;
    const amount = Number(quantity) * Number(price);
    if (!(amount > 0)) continue;
    rows.push({ customer: customer.replace(/\.0$/, ''), time: Date.parse(`${date.replace(' ', 'T')}Z`), amount });
  }
  return toColumns(rows);
}
