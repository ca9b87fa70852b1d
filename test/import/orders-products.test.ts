import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importOrdersFile } from '../../src/import/index.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pulse-products-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};

describe(`order lines keep their product (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());

  const lineProducts = () => handle.db.all('SELECT invoice, product_code AS code FROM orders ORDER BY id');
  const products = () => handle.db.all('SELECT code, name FROM products ORDER BY code');

  it('stores StockCode on each line and the name most lines of a code carry', async () => {
    const report = await importOrdersFile(
      handle.db,
      file(
        'retail.csv',
        [
          'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
          '1,85123A,WHITE HANGING HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom',
          '1,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,3.39,17850,United Kingdom',
          '2,85123A,?,1,2010-12-02 08:26,0,17850,United Kingdom',
          '3,85123A,WHITE HANGING HEART,2,2010-12-03 08:26,2.55,12345,France',
          'C4,71053,WHITE METAL LANTERN,-1,2010-12-04 08:26,3.39,12345,France',
          '5,,,1,2010-12-05 08:26,9.99,12345,France',
        ].join('\n'),
      ),
    );
    expect(report.products).toBe(2);
    expect(await lineProducts()).toEqual([
      { invoice: '1', code: '85123A' },
      { invoice: '1', code: '71053' },
      { invoice: '2', code: '85123A' },
      { invoice: '3', code: '85123A' },
      { invoice: 'C4', code: '71053' },
      { invoice: '5', code: null },
    ]);
    expect(await products()).toEqual([
      { code: '71053', name: 'WHITE METAL LANTERN' },
      { code: '85123A', name: 'WHITE HANGING HEART' },
    ]);
    expect(formatImportReport(report)).toContain('products: 2');
  });

  it('uses a product name as its code when the file has no code column, and renames a code on a later import', async () => {
    await importOrdersFile(handle.db, file('a.csv', 'order_id,customer,date,amount,sku,title\nA1,c1,2024-01-02,10,MUG-1,Blue mug\n'));
    await importOrdersFile(handle.db, file('b.csv', 'order_id,customer,date,amount,product\nB1,c2,2024-01-03,5,Tea towel\n'));
    await importOrdersFile(handle.db, file('c.csv', 'order_id,customer,date,amount,sku,title\nC1,c1,2024-01-04,12,MUG-1,Blue mug (large)\n'));
    expect(await products()).toEqual([
      { code: 'MUG-1', name: 'Blue mug (large)' },
      { code: 'Tea towel', name: 'Tea towel' },
    ]);
  });

  it('fills the products of a file imported before they were kept: --replace swaps its rows in one transaction', async () => {
    const retail = file('again.csv', 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A1,Mug,2,2010-12-01 08:26,2.5,17850,France\n2,B2,Jug,1,2010-12-02 09:00,4,17851,France\n');
    const first = await importOrdersFile(handle.db, retail);
    // As a database from before products: the lines carry none.
    await handle.db.run('UPDATE orders SET product_code = NULL');
    await handle.db.run('DELETE FROM products');
    expect((await importOrdersFile(handle.db, retail)).alreadyImportedAt).not.toBeNull();
    const again = await importOrdersFile(handle.db, retail, { replace: true });
    expect(again.alreadyImportedAt).toBeNull();
    expect(again.notes).toEqual([`Replaces the earlier import of the same file (import #${first.importId}): its rows were swapped for these in one transaction.`]);
    expect(await lineProducts()).toEqual([{ invoice: '1', code: 'A1' }, { invoice: '2', code: 'B2' }]);
    expect((await handle.db.all<{ id: number }>('SELECT id FROM imports')).map((r) => r.id)).toEqual([again.importId]);
    expect(await products()).toEqual([{ code: 'A1', name: 'Mug' }, { code: 'B2', name: 'Jug' }]);
  });

  it('leaves the product empty, and says so, for files without a product column', async () => {
    const report = await importOrdersFile(handle.db, file('plain.csv', 'order_id,customer,date,amount\nA1,c1,2024-01-02,10\n'));
    expect(report.products).toBe(0);
    expect(await lineProducts()).toEqual([{ invoice: 'A1', code: null }]);
    expect(formatImportReport(report)).toContain('no product column');
  });
});
