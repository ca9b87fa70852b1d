import { describe, expect, it } from 'vitest';
import { CsvRecordParser, CsvSyntaxError, MAX_RECORD_CHARS } from '../../src/import/csv-parser.ts';

/** Parses `text` fed in pieces of `step` characters (Infinity: at once). */
function parse(text: string, step = Infinity): [string[], number][] {
  const records: [string[], number][] = [];
  const parser = new CsvRecordParser((cells, line) => records.push([cells, line]));
  if (step === Infinity) parser.write(text);
  else for (let i = 0; i < text.length; i += step) parser.write(text.slice(i, i + step));
  parser.end();
  return records;
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
  '536504,last',
].join('\r\n');

describe('CsvRecordParser', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, with file line numbers', () => {
    expect(parse(TRICKY)).toEqual([
      [['InvoiceNo', 'Description', 'Quantity'], 1],
      [['536381', 'AIRLINE LOUNGE,METAL SIGN', '2'], 2],
      [['536477', 'RECORD FRAME 7" SINGLE SIZE ', '48'], 3],
      [['536500', 'TWO\r\nLINES', '1'], 5],
      [['536501', '12" pizza', '3'], 7],
      [['536502', 'quotedtail', '4'], 8],
      [['536503', '', ''], 9],
      [['536504', 'last'], 10],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parse(TRICKY);
    for (const step of [1, 2, 3, 5, 7, 16]) expect(parse(TRICKY, step)).toEqual(whole);
  });

  it('reads \\n, \\r\\n and lone \\r line ends, and skips blank lines', () => {
    const expected = [[['a', 'b'], 1], [['1', '2'], 2], [['3', '4'], 4]];
    expect(parse('a,b\n1,2\n\n3,4\n')).toEqual(expected);
    expect(parse('a,b\r\n1,2\r\n\r\n3,4\r\n')).toEqual(expected);
    expect(parse('a,b\r1,2\r\r3,4\r')).toEqual(expected);
    expect(parse('a,b\r1,2\r\r3,4\r', 1)).toEqual(expected);
  });

  it('refuses a quote that is never closed', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow('the quote opened on line 2 is never closed');
  });

  it('refuses to buffer a record longer than the limit', () => {
    const parser = new CsvRecordParser(() => {});
    parser.write('a,b\n1,"');
    const block = 'x'.repeat(1 << 20);
    expect(() => {
      for (let i = 0; i <= MAX_RECORD_CHARS >> 20; i++) parser.write(block);
    }).toThrow(/longer than 8 MB; is a quote never closed/);
  });
});
