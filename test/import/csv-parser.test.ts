import { describe, expect, it } from 'vitest';
import { CsvRecordParser, CsvSyntaxError, MAX_RECORD_BYTES, type CsvRecord } from '../../src/import/csv-parser.ts';

/** Parses `text` (UTF-8) fed in pieces of `step` bytes (Infinity: at once); records as arrays. */
function parse(text: string | Buffer, step = Infinity): [string[], number][] {
  const records: [string[], number][] = [];
  const parser = new CsvRecordParser((record, line) => records.push([record.toArray(), line]));
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (step === Infinity) parser.write(bytes);
  else for (let i = 0; i < bytes.length; i += step) parser.write(bytes.subarray(i, i + step));
  parser.end();
  return records;
}

/** Calls `look` on each record of `text` (the record is only valid during the call). */
function each(text: string, look: (record: CsvRecord) => void): void {
  const parser = new CsvRecordParser((record) => look(record));
  parser.write(Buffer.from(text, 'utf8'));
  parser.end();
}

const TRICKY = [
  '\uFEFFInvoiceNo,Description,Quantity',
  '536381,"AIRLINE LOUNGE,METAL SIGN",2',
  '536477,"RECORD FRAME 7"" SINGLE SIZE ",48',
  '',
  '536500,"TWO',
  'LINES",1',
  '536501,12" pizza,3',
  '536502,"quoted"tail,4',
  '536503,,',
  '536504,Crème brûlée ☕,5',
  '536505,last',
].join('\r\n');

describe('CsvRecordParser', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, UTF-8, with file line numbers', () => {
    expect(parse(TRICKY)).toEqual([
      [['InvoiceNo', 'Description', 'Quantity'], 1],
      [['536381', 'AIRLINE LOUNGE,METAL SIGN', '2'], 2],
      [['536477', 'RECORD FRAME 7" SINGLE SIZE ', '48'], 3],
      [['536500', 'TWO\r\nLINES', '1'], 5],
      [['536501', '12" pizza', '3'], 7],
      [['536502', 'quotedtail', '4'], 8],
      [['536503', '', ''], 9],
      [['536504', 'Crème brûlée ☕', '5'], 10],
      [['536505', 'last'], 11],
    ]);
  });

  it('gives the same records whatever the chunk boundaries (inside quotes, line ends and UTF-8 characters)', () => {
    const whole = parse(TRICKY);
    for (const step of [1, 2, 3, 5, 7, 16]) expect(parse(TRICKY, step)).toEqual(whole);
  });

  it('reads \\n, \\r\\n and lone \\r line ends, and skips blank lines', () => {
    const expected = [[['a', 'b'], 1], [['1', '2'], 2], [['3', '4'], 4]];
    expect(parse('a,b\n1,2\n\n3,4\n')).toEqual(expected);
    expect(parse('a,b\r\n1,2\r\n\r\n3,4\r\n')).toEqual(expected);
    expect(parse('a,b\r1,2\r\r3,4\r')).toEqual(expected);
    expect(parse('a,b\r1,2\r\r3,4\r', 1)).toEqual(expected);
    expect(parse('a,b\n1,2')).toEqual([[['a', 'b'], 1], [['1', '2'], 2]]);
  });

  it('reads numbers from the bytes as Number does, null when empty or not a number', () => {
    const cells = ['6', '2.55', '-1', '.5', '5.', '+3', ' 7 ', '1e3', '0x10', '', 'two', '1.2.3', '-', '12345678901234567', '0.1', '-0'];
    const numbers: (number | null)[] = [];
    each(`${cells.join(',')}\n`, (record) => {
      for (let i = 0; i < record.length + 1; i++) numbers.push(record.number(i));
    });
    expect(numbers).toEqual([6, 2.55, -1, 0.5, 5, 3, 7, 1000, 16, null, null, null, null, 12345678901234567, 0.1, -0, null]);
    expect(Object.is(numbers[15], -0)).toBe(true);
    expect(numbers[1]).toBe(Number('2.55'));
  });

  it('hands back the same string for a cell equal to the previous line\'s, in the same column', () => {
    const seen: string[][] = [];
    each('536365,17850.0,United Kingdom\n536365,17850.0,United Kingdom\n536366,17850.0,"United Kingdom"\n', (record) => {
      seen.push([0, 1, 2].map((i) => record.repeatedText(i)));
    });
    expect(seen[1][0]).toBe(seen[0][0]);
    expect(seen[2][1]).toBe(seen[0][1]);
    expect(seen[2][2]).toBe(seen[0][2]);
    expect(seen[2][0]).toBe('536366');
  });

  it('refuses a quote that is never closed', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow('the quote opened on line 2 is never closed');
  });

  it('refuses to buffer a record longer than the limit', () => {
    const parser = new CsvRecordParser(() => {});
    parser.write(Buffer.from('a,b\n1,"'));
    const block = Buffer.alloc(1 << 20, 'x');
    expect(() => {
      for (let i = 0; i <= MAX_RECORD_BYTES >> 20; i++) parser.write(block);
    }).toThrow(/longer than 8 MB; is a quote never closed/);
  });
});
