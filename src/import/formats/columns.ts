import { ImportRejectedError } from '../../errors.ts';
import { normaliseHeader } from '../headers.ts';

/** Column lookup by header name (case, spaces, underscores and hyphens ignored), never by position. */
export class Columns {
  private readonly normalised: string[];

  constructor(readonly headers: readonly string[]) {
    this.normalised = headers.map(normaliseHeader);
  }

  /** Index of the first header equal to one of `names` (normalised), or undefined. */
  find(...names: string[]): number | undefined {
    for (const name of names) {
      const index = this.normalised.indexOf(normaliseHeader(name));
      if (index >= 0) return index;
    }
    return undefined;
  }

  has(...names: string[]): boolean {
    return this.find(...names) !== undefined;
  }

  /** Index of the first header matching `pattern` (tested on the header as written, trimmed). */
  match(pattern: RegExp): { index: number; match: RegExpExecArray } | undefined {
    for (let index = 0; index < this.headers.length; index++) {
      const match = pattern.exec(this.headers[index].trim());
      if (match) return { index, match };
    }
    return undefined;
  }
}

/** A cell, trimmed ('' when the column is absent or the row is short). */
export function cell(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : (cells[index] ?? '').trim();
}

/**
 * The one currency of an export's money columns. Two currencies in one file cannot be summed, and
 * money in another currency than Pulse's CURRENCY would be mixed with the rest: both are refused.
 */
export function checkCurrency(found: ReadonlySet<string>, expected: string | undefined, label: string): string | null {
  const codes = [...found].map((c) => c.toUpperCase()).filter(Boolean);
  const unique = [...new Set(codes)].sort();
  if (unique.length > 1) {
    throw new ImportRejectedError(`This ${label} mixes currencies (${unique.join(', ')}): amounts in different currencies cannot be added up. Export each currency (account) separately.`);
  }
  const currency = unique[0] ?? null;
  if (currency && expected && currency !== expected.toUpperCase()) {
    throw new ImportRejectedError(
      `This ${label} is in ${currency} but Pulse's money is in ${expected.toUpperCase()} (CURRENCY): nothing was imported. Export it in ${expected.toUpperCase()}, or change CURRENCY if all the data is in ${currency}.`,
    );
  }
  return currency;
}
