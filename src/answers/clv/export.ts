import path from 'node:path';
import type { FileRef } from '../../core/reply.ts';
import type { ClvCustomerRow } from '../../repos/clv-runs.ts';
import { writeCsvFile, type CsvCell } from '../csv.ts';

/** `clv export`: every customer of a run, one row each. Money with cents, chances and counts with 4 decimals. */
export const CLV_CSV_COLUMNS = ['customer_id', 'p_alive', 'expected_purchases', 'expected_order_value', 'clv'] as const;

const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

export function clvCsvRow(row: ClvCustomerRow): CsvCell[] {
  return [row.customerId, round(row.pAlive, 4), round(row.expectedPurchases, 4), round(row.expectedOrderValue, 2), round(row.clv, 2)];
}

export function clvCsvFilename(runId: number): string {
  return `clv-run-${runId}.csv`;
}

/** Writes the pages of a run's customers to `directory`; returns the file and the number of customers. */
export async function writeClvCsv(runId: number, pages: AsyncIterable<ClvCustomerRow[]>, directory: string): Promise<{ file: FileRef; customers: number }> {
  const filename = clvCsvFilename(runId);
  const filePath = path.join(directory, filename);
  async function* rows() {
    for await (const page of pages) yield page.map(clvCsvRow);
  }
  const customers = await writeCsvFile(filePath, CLV_CSV_COLUMNS, rows());
  return { file: { title: `Customer lifetime values, run ${runId}`, path: filePath, filename, mimeType: 'text/csv' }, customers };
}
