import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedCliCommand } from '../../src/cli/seed.ts';
import { openDatabase } from '../../src/db/client.ts';
import { SYNTHETIC_ORDERS_HEADER, syntheticOrderLines, writeSyntheticOrders, type SyntheticOrdersSummary } from '../../src/demo/synthetic-orders.ts';
import { UsageError } from '../../src/errors.ts';
import { CsvRecordParser } from '../../src/import/csv-parser.ts';
import { importOrdersFile } from '../../src/import/index.ts';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'pulse-synthetic-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The generated rows as cells (parsed like a file), and the summary. */
function generate(lines: number, seed: number): { rows: string[][]; summary: SyntheticOrdersSummary } {
  const rows: string[][] = [];
  const parser = new CsvRecordParser((record) => rows.push(record.toArray()));
  const generator = syntheticOrderLines({ lines, seed });
  let next = generator.next();
  while (!next.done) {
    parser.write(Buffer.from(`${next.value}\n`));
    next = generator.next();
  }
  parser.end();
  return { rows, summary: next.value };
}

describe('synthetic orders file', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    const files = ['a.csv.gz', 'b.csv.gz', 'c.csv.gz'].map((name) => path.join(dir, name));
    await writeSyntheticOrders(files[0], { lines: 3000, seed: 7 });
    await writeSyntheticOrders(files[1], { lines: 3000, seed: 7 });
    await writeSyntheticOrders(files[2], { lines: 3000, seed: 8 });
    const [a, b, c] = files.map((f) => readFileSync(f));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    const text = gunzipSync(a).toString('utf8');
    expect(text.startsWith(`${SYNTHETIC_ORDERS_HEADER}\n`)).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(3001);
  });

  it('looks like Online Retail: UK-dominant, heavy-tailed customers, multi-line invoices, returns, guests, a Christmas peak', () => {
    const { rows, summary } = generate(200_000, 3);
    expect(rows).toHaveLength(200_000);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    const share = (test: (r: string[]) => boolean) => rows.filter(test).length / rows.length;
    expect(share((r) => r[7] === 'United Kingdom')).toBeGreaterThan(0.85);
    expect(new Set(rows.map((r) => r[7])).size).toBeGreaterThan(15);
    const guests = share((r) => r[6] === '');
    expect(guests).toBeGreaterThan(0.15);
    expect(guests).toBeLessThan(0.35);
    const returns = rows.filter((r) => r[0].startsWith('C'));
    expect(returns.length / rows.length).toBeGreaterThan(0.005);
    expect(returns.every((r) => Number(r[3]) < 0 && r[6] !== '')).toBe(true);
    expect(rows.some((r) => r[2].includes(','))).toBe(true);
    // Several lines per invoice; purchase counts per customer heavy-tailed (many one-off buyers, a few heavy ones).
    expect(rows.length / summary.invoices).toBeGreaterThan(10);
    const invoicesPerCustomer = new Map<string, Set<string>>();
    for (const r of rows) if (r[6]) (invoicesPerCustomer.get(r[6]) ?? invoicesPerCustomer.set(r[6], new Set()).get(r[6])!).add(r[0]);
    const counts = [...invoicesPerCustomer.values()].map((s) => s.size).sort((a, b) => a - b);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.2);
    expect(counts.at(-1)!).toBeGreaterThan(8 * mean);
    // Two years, busiest in November, quiet over Christmas.
    const month = (prefix: string) => rows.filter((r) => r[4].startsWith(prefix)).length;
    expect(summary.firstInvoiceAt!.slice(0, 4)).toBe('2023');
    expect(summary.lastInvoiceAt!.slice(0, 4)).toBe('2024');
    expect(month('2024-11')).toBeGreaterThan(1.6 * month('2024-05'));
    expect(rows.filter((r) => r[4] >= '2023-12-24' && r[4] < '2024-01-02').length).toBe(0);
    // Product popularity is skewed (Zipf-like): the top 1 % of products make a large share of lines.
    const perProduct = new Map<string, number>();
    for (const r of rows) perProduct.set(r[1], (perProduct.get(r[1]) ?? 0) + 1);
    const popular = [...perProduct.values()].sort((a, b) => b - a);
    const top = popular.slice(0, Math.ceil(popular.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / rows.length).toBeGreaterThan(0.15);
  });

  it('imports cleanly through the real importer with the expected counts', async () => {
    const file = path.join(dir, 'import.csv.gz');
    const summary = await writeSyntheticOrders(file, { lines: 30_000, seed: 11 });
    const handle = openDatabase(':memory:');
    try {
      const report = await importOrdersFile(handle.db, file);
      expect(report).toMatchObject({
        linesRead: 30_000,
        imported: summary.linesWithCustomer,
        customers: summary.customers,
        invoices: summary.invoicesWithCustomer,
        returns: summary.returnLines,
        firstOrderAt: summary.firstInvoiceAt,
        lastOrderAt: summary.lastInvoiceAt,
      });
      expect(report.skipped).toEqual({ 'no customer': expect.objectContaining({ count: 30_000 - summary.linesWithCustomer }) });
    } finally {
      handle.close();
    }
  });

  it('is written by `pulse seed --synthetic`', async () => {
    const out = path.join(dir, 'cli.csv');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await seedCliCommand({ synthetic: true, lines: 500, out, seed: 2 });
      expect(String(write.mock.calls.at(-1)?.[0])).toMatch(/^Wrote .*cli\.csv .* 500 order lines/);
    } finally {
      write.mockRestore();
    }
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(501);
    await expect(seedCliCommand({ synthetic: true, out })).rejects.toBeInstanceOf(UsageError);
    await expect(seedCliCommand({ synthetic: true, demo: true, lines: 5, out })).rejects.toThrow('Give one of --demo or --synthetic');
  });
});
