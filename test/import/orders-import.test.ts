import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../src/errors.ts';
import { formatImportReport, importOrdersFile } from '../../src/import/index.ts';
import { SalesRepository } from '../../src/repos/sales.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const fixture = (name: string) => path.resolve('test/fixtures', name);
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-import-test-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe(`importOrdersFile (${testDialect})`, () => {
  let handle: TestDatabase;
  let sales: SalesRepository;
  beforeEach(async () => {
    handle = await openTestDatabase();
    sales = new SalesRepository(handle.db);
  });
  afterEach(() => handle.close());

  const orderRows = () =>
    handle.db.all<{ invoice: string; customerId: string; orderedAt: number; amount: number; quantity: number; country: string; isReturn: number }>(
      'SELECT invoice, customer_id AS "customerId", ordered_at AS "orderedAt", amount, quantity, country, is_return AS "isReturn" FROM orders ORDER BY id',
    );

  it('reads aliased headers, normalises decimal customer ids, and counts returns and skips with line numbers', async () => {
    const report = await importOrdersFile(handle.db, fixture('orders-aliases.csv'));
    expect(report).toMatchObject({ linesRead: 10, imported: 6, customers: 3, invoices: 5, returns: 2, alreadyImportedAt: null });
    expect(report.skipped).toEqual({
      'no customer': { count: 1, exampleLines: [5] },
      'bad date': { count: 1, exampleLines: [8] },
      'bad number': { count: 1, exampleLines: [9] },
      'missing invoice': { count: 1, exampleLines: [10] },
    });
    const rows = await orderRows();
    expect(rows[0]).toMatchObject({ invoice: 'A1', customerId: '17850', amount: 15.3, quantity: 6, country: 'United Kingdom', isReturn: 0 });
    expect(rows[0].orderedAt).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(rows.find((r) => r.invoice === 'C4')).toMatchObject({ amount: -5.1, isReturn: 1, orderedAt: Date.UTC(2010, 11, 3, 14, 5) });
    expect(rows.find((r) => r.invoice === 'A5')).toMatchObject({ isReturn: 1 });
    expect(await sales.countCustomers()).toBe(3);
    expect(formatImportReport(report)).toContain('skipped, bad date: 1 (e.g. line 8)');
  });

  it('stores each customer with the time first seen', async () => {
    await importOrdersFile(handle.db, fixture('orders-aliases.csv'));
    const customer = await handle.db.get(`SELECT country, first_seen_at AS "firstSeenAt" FROM customers WHERE id = '13047'`);
    expect(customer).toEqual({ country: 'France', firstSeenAt: Date.UTC(2010, 11, 1, 9) });
  });

  it('detects gzip by its magic bytes, whatever the extension', async () => {
    const dir = tempDir();
    const disguised = path.join(dir, 'orders.csv');
    copyFileSync(fixture('orders-aliases.csv.gz'), disguised);
    const report = await importOrdersFile(handle.db, disguised);
    expect(report).toMatchObject({ linesRead: 10, imported: 6 });
  });

  it('uses --map overrides and an amount column', async () => {
    const report = await importOrdersFile(handle.db, fixture('orders-mapped.csv'), {
      map: { invoice: 'Ref', customer: 'Client', date: 'When', country: 'Land' },
    });
    expect(report).toMatchObject({ imported: 3, customers: 2, returns: 1 });
    expect((await orderRows()).map((r) => [r.amount, r.quantity, r.country])).toEqual([[19.99, 1, 'Spain'], [5.5, 1, 'Spain'], [-19.99, 1, 'Spain']]);
  });

  it('recognises a file imported before and changes nothing', async () => {
    const first = await importOrdersFile(handle.db, fixture('orders-aliases.csv'), { importedBy: 'U1' });
    const again = await importOrdersFile(handle.db, fixture('orders-aliases.csv'));
    expect(again.alreadyImportedAt).not.toBeNull();
    expect(again.importId).toBe(first.importId);
    expect(await sales.countOrderLines()).toBe(6);
    expect(formatImportReport(again)).toMatch(/already imported on \d{4}-\d{2}-\d{2}/);
  });

  it('reports progress in bytes up to the file size', async () => {
    const calls: [number, number][] = [];
    await importOrdersFile(handle.db, fixture('orders-aliases.csv.gz'), { onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.at(-1)).toEqual([242, 242]);
  });
});

describe(`importOrdersFile rejections (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());

  const tableCounts = () =>
    Promise.all(['orders', 'customers', 'imports'].map(async (t) => (await handle.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n));

  it('rejects a file where most lines cannot be read, writing nothing', async () => {
    const rejection = importOrdersFile(handle.db, fixture('orders-mostly-bad.csv'));
    await expect(rejection).rejects.toBeInstanceOf(ImportRejectedError);
    await expect(rejection).rejects.toThrow(/3 of 4 lines .* \(75 %\) could not be read.*bad date: 3 \(e\.g\. line 2, 3, 5\)/);
    expect(await tableCounts()).toEqual([0, 0, 0]);
    if (handle.sqlite) expect(handle.sqlite.inTransaction).toBe(false);
  });

  it('names a missing column, lists the headers found and suggests --map', async () => {
    const rejection = importOrdersFile(handle.db, fixture('orders-missing-customer-column.csv'));
    await expect(rejection).rejects.toThrow('Missing required column: customer. Headers found: "InvoiceNo", "Client Ref", "InvoiceDate", "Quantity", "UnitPrice"');
    await expect(rejection).rejects.toThrow('--map customer=');
    expect(await tableCounts()).toEqual([0, 0, 0]);
  });

  it('rejects a --map naming a column the file does not have', async () => {
    await expect(importOrdersFile(handle.db, fixture('orders-mapped.csv'), { map: { customer: 'Nope' } })).rejects.toThrow('no column "Nope"');
  });

  it('rejects missing, empty and header-only files', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.csv');
    const headerOnly = path.join(dir, 'header.csv');
    writeFileSync(empty, '');
    writeFileSync(headerOnly, 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n');
    await expect(importOrdersFile(handle.db, path.join(dir, 'absent.csv'))).rejects.toThrow(/File not found/);
    await expect(importOrdersFile(handle.db, empty)).rejects.toThrow(/is empty/);
    await expect(importOrdersFile(handle.db, headerOnly)).rejects.toThrow(/no data lines/);
    expect(await tableCounts()).toEqual([0, 0, 0]);
  });
});
