import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../src/errors.ts';
import { importOrdersFile } from '../../src/import/index.ts';
import { column, openTestDatabase, scalar, testDialect, type TestDatabase } from '../support/database.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bad-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Buffer | string) => {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
};

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${536365 + from + i},A${i % 50},Crème brûlée dish ${i},2,2010-12-01 08:26,2.5,${17850 + (i % 300)},Côte d'Ivoire\n`).join('');

/** The CSV bad-input cases of the hardening issue: each gets a clear, bounded report and all of the file or none of it. */
describe(`import of files that are not what they should be (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());
  const stored = () => scalar<number>(handle.db, 'SELECT count(*) FROM orders');

  async function refusal(file: string): Promise<string> {
    const error = await importOrdersFile(handle.db, file).then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const message = (error as Error).message;
    expect(message.length, message).toBeLessThan(600);
    expect(await stored()).toBe(0);
    expect(await scalar(handle.db, 'SELECT count(*) FROM imports')).toBe(0);
    return message;
  }

  it('refuses Latin-1 (Excel\'s plain "CSV"), and says how to save it, instead of storing replacement characters', async () => {
    const message = await refusal(write('latin1.csv', Buffer.from(HEADER + rows(20), 'latin1')));
    expect(message).toMatch(/^latin1\.csv is not UTF-8 text: it looks like Windows-1252 or Latin-1.*Save it as "CSV UTF-8"/);
  });

  it('refuses Latin-1 that only starts deep in a gzipped file, after a megabyte of clean lines', async () => {
    const clean = Buffer.from(HEADER + rows(20_000));
    expect(clean.length).toBeGreaterThan(1 << 20);
    await refusal(write('late.csv.gz', gzipSync(Buffer.concat([clean, Buffer.from(rows(1, 20_000), 'latin1')]))));
  });

  it('refuses UTF-16, with or without a byte-order mark', async () => {
    const text = HEADER + rows(5);
    expect(await refusal(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])))).toMatch(/^utf16\.csv is UTF-16 text/);
    expect(await refusal(write('utf16-nobom.csv', Buffer.from(text, 'utf16le')))).toMatch(/is UTF-16 text/);
  });

  it('imports UTF-8 whose characters straddle the parser\'s chunks, with a BOM and CRLF line ends, whole', async () => {
    // Three-byte characters at every offset: some fall across the 1 MiB chunk boundaries.
    const text = HEADER + rows(30_000).replaceAll('\n', '\r\n');
    const report = await importOrdersFile(handle.db, write('bom-crlf.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    expect(report.imported).toBe(30_000);
    expect(await scalar(handle.db, "SELECT count(*) FROM orders WHERE country = 'Côte d''Ivoire'")).toBe(30_000);
    expect(await scalar(handle.db, "SELECT count(*) FROM products WHERE name LIKE '%�%'")).toBe(0);
    expect(await scalar(handle.db, "SELECT name FROM products WHERE code = 'A7'")).toMatch(/^Crème brûlée dish \d+$/);
  });

  it('refuses an empty file, a file with only a header, and a 10 MB line, saying which', async () => {
    expect(await refusal(write('empty.csv', ''))).toMatch(/empty\.csv is empty: there is nothing to import/);
    expect(await refusal(write('header.csv', HEADER))).toMatch(/has a header but no data lines/);
    expect(await refusal(write('long.csv', `${HEADER}${rows(3)}1,B,"${'x'.repeat(10_000_000)}",1,2010-12-01 08:26,1,1,UK\n`))).toMatch(/line 5 starts a record longer than 8 MB/);
  });

  it('stores formula-looking cells as text (exports neutralise them)', async () => {
    await importOrdersFile(handle.db, write('formula.csv', `${HEADER}=1+1,=HYPERLINK("http://x"),@SUM(A1),1,2010-12-01 08:26,1,+123,-Country\n`));
    expect(await handle.db.get('SELECT invoice, customer_id AS customer, country FROM orders')).toEqual({ invoice: '=1+1', customer: '+123', country: '-Country' });
    expect(await handle.db.get('SELECT code, name FROM products')).toEqual({ code: '=HYPERLINK("http://x")', name: '@SUM(A1)' });
  });
});

describe(`rows already stored arriving in another file (${testDialect})`, () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase();
  });
  afterEach(() => handle.close());
  const line = (invoice: number, day: number, product = 'A') => `${invoice},${product},Mug,1,2010-12-${String(day).padStart(2, '0')} 10:00,2.5,17850,France\n`;
  const stored = () => scalar<number>(handle.db, 'SELECT count(*) FROM orders');

  it('adds only the new lines of an export that overlaps the last one, keeping a line a file holds twice', async () => {
    // Invoice 2 holds the same line twice (as Online Retail does): both are real.
    const first = [line(1, 1), line(2, 2), line(2, 2), line(3, 3), line(4, 4)].join('');
    await importOrdersFile(handle.db, write('first.csv', HEADER + first));
    expect(await stored()).toBe(5);
    const overlapping = [line(2, 2), line(2, 2), line(3, 3), line(4, 4), line(5, 5), line(6, 6)].join('');
    const report = await importOrdersFile(handle.db, write('second.csv', HEADER + overlapping));
    expect(report).toMatchObject({ linesRead: 6, imported: 2, alreadyStored: 4 });
    expect(await stored()).toBe(7);
    expect(await column(handle.db, 'SELECT imported FROM imports ORDER BY id')).toEqual([5, 2]);
  });

  it('stores a third copy of a line when a file holds it three times and two were stored', async () => {
    await importOrdersFile(handle.db, write('two.csv', HEADER + line(2, 2) + line(2, 2)));
    const report = await importOrdersFile(handle.db, write('three.csv', HEADER + line(2, 2) + line(2, 2) + line(2, 2)));
    expect(report).toMatchObject({ imported: 1, alreadyStored: 2 });
    expect(await stored()).toBe(3);
  });

  it('adds nothing when the same rows come again in another encoding of the file', async () => {
    const rowsText = HEADER + rows(50);
    await importOrdersFile(handle.db, write('plain.csv', rowsText));
    const again = await importOrdersFile(handle.db, write('bom.csv.gz', gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rowsText.replaceAll('\n', '\r\n'))]))));
    expect(again).toMatchObject({ alreadyImportedAt: null, imported: 0, alreadyStored: 50 });
    expect(await stored()).toBe(50);
  });

  it('compares nothing when the new lines do not overlap the stored ones in time', async () => {
    await importOrdersFile(handle.db, write('december.csv', HEADER + line(1, 1) + line(2, 2)));
    const report = await importOrdersFile(handle.db, write('later.csv', HEADER + line(1, 20) + line(2, 21)));
    expect(report.alreadyStored).toBeUndefined();
    expect(await stored()).toBe(4);
  });
});
