import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * CSV files people open in a spreadsheet. Text cells that a spreadsheet would run as a formula
 * (OWASP "CSV injection": starting with =, +, -, @, tab or carriage return) get a leading single
 * quote, so `=HYPERLINK(…)` shows as text. Numbers stay numbers: -12.5 is written as it is; only
 * strings (ids, names) are neutralised. Quoting of commas, quotes and line breaks is csv-stringify's.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet will not evaluate. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvCell = string | number | null | undefined;

/** csv-stringify options shared by Pulse's CSV files: header row, `\n` line ends, strings neutralised. */
export function csvOptions(columns: readonly string[]) {
  return {
    header: true,
    columns: [...columns],
    record_delimiter: 'unix' as const,
    cast: { string: (value: string) => neutraliseCell(value) },
  };
}

/**
 * Writes rows (arrays in column order, given in batches so that millions of rows never sit in
 * memory at once) to `filePath`, creating its folder. Returns the number of rows written.
 */
export async function writeCsvFile(filePath: string, columns: readonly string[], batches: AsyncIterable<CsvCell[][]> | Iterable<CsvCell[][]>): Promise<number> {
  mkdirSync(path.dirname(filePath), { recursive: true });
  let count = 0;
  async function* records() {
    for await (const batch of batches) {
      for (const row of batch) {
        count++;
        yield row;
      }
    }
  }
  await pipeline(Readable.from(records()), stringify(csvOptions(columns)), createWriteStream(filePath));
  return count;
}
