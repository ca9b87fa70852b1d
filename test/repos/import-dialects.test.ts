import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrdersFile, importSpendFile } from '../../src/import/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const fixture = (name: string) => path.resolve('test/fixtures', name);
const dir = mkdtempSync(path.join(tmpdir(), 'pulse-import-dialects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports write the same rows through either dialect's stage (PostgreSQL: COPY into temporary tables, one transaction). */
describe(`imports (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());

  const orderRows = () =>
    handle.db.all<{ id: number; invoice: string; customerId: string; orderedAt: number; amount: number; isReturn: number; productCode: string | null }>(
      'SELECT id, invoice, customer_id AS "customerId", ordered_at AS "orderedAt", amount, is_return AS "isReturn", product_code AS "productCode" FROM orders ORDER BY id',
    );

  it('orders: lines in file order, customers with the time first seen, the report stored; the same file again is refused', async () => {
    const report = await importOrdersFile(handle.db, fixture('orders-aliases.csv'));
    expect(report).toMatchObject({ linesRead: 10, imported: 6, customers: 3, invoices: 5, returns: 2, alreadyImportedAt: null });
    const rows = await orderRows();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({ invoice: 'A1', customerId: '17850', amount: 15.3, isReturn: 0, orderedAt: Date.UTC(2010, 11, 1, 8, 26) });
    expect(rows.find((r) => r.invoice === 'C4')).toMatchObject({ amount: -5.1, isReturn: 1 });
    expect(await handle.db.get("SELECT country, first_seen_at AS \"firstSeenAt\" FROM customers WHERE id = '13047'")).toEqual({ country: 'France', firstSeenAt: Date.UTC(2010, 11, 1, 9) });
    const again = await importOrdersFile(handle.db, fixture('orders-aliases.csv'));
    expect(again.alreadyImportedAt).not.toBeNull();
    expect(await orderRows()).toHaveLength(6);
  });

  it('orders: a file overlapping the last adds only its new lines; --replace swaps a file’s rows', async () => {
    const header = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n';
    const first = path.join(dir, `first-${testDialect}.csv`);
    const overlapping = path.join(dir, `overlap-${testDialect}.csv`);
    writeFileSync(first, header + '1,P1,"Mug\twith a tab, a \\ and a quote """,2,2024-01-01 10:00,3.5,c1,France\n2,P2,Candle,1,2024-01-02 10:00,4,c2,\n');
    writeFileSync(overlapping, header + '2,P2,Candle,1,2024-01-02 10:00,4,c2,\n3,P1,Mug,1,2024-01-03 10:00,3.5,c1,France\n');
    await importOrdersFile(handle.db, first);
    expect(await handle.db.get("SELECT name FROM products WHERE code = 'P1'")).toEqual({ name: 'Mug\twith a tab, a \\ and a quote "' });
    const report = await importOrdersFile(handle.db, overlapping);
    expect(report.imported).toBe(1);
    expect((await orderRows()).map((r) => [r.invoice, r.productCode])).toEqual([
      ['1', 'P1'],
      ['2', 'P2'],
      ['3', 'P1'],
    ]);
    expect(await handle.db.all('SELECT code, name FROM products ORDER BY code')).toEqual([
      { code: 'P1', name: 'Mug' },
      { code: 'P2', name: 'Candle' },
    ]);
    // The first file again, in place of its earlier rows (the overlapping file kept only its new line 3).
    const replaced = await importOrdersFile(handle.db, first, { replace: true });
    expect(replaced.imported).toBe(2);
    expect((await orderRows()).map((r) => r.invoice).sort()).toEqual(['1', '2', '3']);
    expect(await handle.db.all('SELECT id FROM imports ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('orders: a file that fails midway leaves nothing behind', async () => {
    await expect(importOrdersFile(handle.db, fixture('orders-missing-customer-column.csv'))).rejects.toThrow(/customer/i);
    expect(await orderRows()).toEqual([]);
    expect(await handle.db.all('SELECT id FROM imports')).toEqual([]);
  });

  it('spend: weekly spend per channel and the KPI values', async () => {
    const report = await importSpendFile(handle.db, fixture('spend-wide.csv'));
    expect(report.imported).toBeGreaterThan(0);
    const spend = await handle.db.all<{ channel: string; weeks: number }>('SELECT channel, count(*) AS weeks FROM channel_spend GROUP BY channel ORDER BY channel');
    expect(spend.map((s) => s.channel)).toEqual(['facebook', 'search', 'tv']);
    expect((await handle.db.all('SELECT DISTINCT metric FROM kpi ORDER BY metric')).length).toBeGreaterThan(0);
  });
});
