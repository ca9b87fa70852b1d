import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/client.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import type { Repositories } from '../../src/repos/index.ts';

const DAY = 86_400_000;

/** One day of orders: `revenue` split evenly over `orders` invoices (default 1) of one customer each. */
export interface DayOrders {
  day: string;
  revenue: number;
  orders?: number;
  country?: string;
}

/** Days from `first` on, each with the revenue `revenueOf(i)`. */
export function days(first: string, count: number, revenueOf: (i: number, day: string) => number): DayOrders[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(start + i * DAY).toISOString().slice(0, 10);
    return { day, revenue: revenueOf(i, day) };
  });
}

let fileCounter = 0;

/** Writes the days as an orders CSV (header names the importer knows) and returns its path. */
export function ordersCsv(dir: string, rows: DayOrders[], name = `orders-${++fileCounter}.csv`): string {
  const lines = ['order_id,customer_id,date,amount,country'];
  for (const row of rows) {
    const n = row.orders ?? 1;
    for (let k = 0; k < n; k++) lines.push(`${row.day}-${k}-${fileCounter},c${k},${row.day} 12:00:00,${(row.revenue / n).toFixed(2)},${row.country ?? 'United Kingdom'}`);
  }
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Imports the days through the real importer and brings the data summary up to date. */
export async function importDays(db: Db, repos: Repositories, dir: string, rows: DayOrders[]): Promise<void> {
  await importOrdersFile(db, ordersCsv(dir, rows), { importedBy: 'test' });
  await repos.dataSummary.refresh();
}
