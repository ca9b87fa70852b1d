import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { neutraliseCell, writeCsvFile } from '../../src/answers/csv.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pulse-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
  ])('prefixes %j with a single quote', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each(['12345', 'C-100', 'United Kingdom', 'a=b', ''])('leaves %j alone', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
  });
});

describe('writeCsvFile', () => {
  it('neutralises text cells, keeps numbers (negative ones too) as numbers, quotes commas, quotes and line breaks', async () => {
    const file = path.join(dir, 'nested', 'out.csv');
    const rows = [
      ['=HYPERLINK("http://evil.example","click")', -12.5, 0.25],
      ['+1', 3, -0],
      ['plain, with "quotes"\nand a line break', -1e-7, 1234567.89],
    ];
    async function* batches() {
      yield rows.slice(0, 2);
      yield rows.slice(2);
    }
    const count = await writeCsvFile(file, ['customer_id', 'a', 'b'], batches());
    expect(count).toBe(3);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('customer_id,a,b\n')).toBe(true);
    const parsed: string[][] = parse(text, { from_line: 2 });
    expect(parsed.map((row) => row[0])).toEqual([`'=HYPERLINK("http://evil.example","click")`, `'+1`, 'plain, with "quotes"\nand a line break']);
    expect(parsed.map((row) => Number(row[1]))).toEqual([-12.5, 3, -1e-7]);
    expect(parsed[0][1]).toBe('-12.5');
    expect(parsed.map((row) => Number(row[2]))).toEqual([0.25, 0, 1234567.89]);
  });

  it('writes only the header when there are no rows', async () => {
    const file = path.join(dir, 'empty.csv');
    expect(await writeCsvFile(file, ['x'], [])).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('x\n');
  });
});
