import { ImportRejectedError } from '../errors.ts';

/** Header comparison ignores case, spaces, underscores and hyphens: `Customer ID` = `customer_id`. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Fields of a file and the headers (already normalised) that name them, best first. */
export type FieldAliases<Field extends string> = Record<Field, readonly string[]>;

/**
 * Finds each field's column index: a `--map` override first (exact header, else normalised),
 * then the aliases. Unknown `--map` fields and mapped headers missing from the file are rejected.
 */
export function resolveColumns<Field extends string>(
  headers: readonly string[],
  aliases: FieldAliases<Field>,
  map: Record<string, string> = {},
): Partial<Record<Field, number>> {
  const normalised = headers.map(normaliseHeader);
  const columns: Partial<Record<Field, number>> = {};
  for (const [field, header] of Object.entries(map)) {
    if (!(field in aliases)) {
      throw new ImportRejectedError(
        `Unknown field "${field}" in --map. Fields you can map: ${Object.keys(aliases).join(', ')}.`,
      );
    }
    let index = headers.indexOf(header);
    if (index < 0) index = normalised.indexOf(normaliseHeader(header));
    if (index < 0) {
      throw new ImportRejectedError(
        `--map ${field}=${header}: the file has no column "${header}". Headers found: ${quoteList(headers)}.`,
      );
    }
    columns[field as Field] = index;
  }
  for (const field of Object.keys(aliases) as Field[]) {
    if (columns[field] !== undefined) continue;
    const index = aliases[field].map((alias) => normalised.indexOf(alias)).find((i) => i >= 0);
    if (index !== undefined) columns[field] = index;
  }
  return columns;
}

/** The rejection for required fields no column matched: names them, lists the headers, suggests --map. */
export function missingColumnsError(missing: readonly string[], headers: readonly string[]): ImportRejectedError {
  const example = missing.map((field) => `--map ${field}="Your header"`).join(' ');
  return new ImportRejectedError(
    `Missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ` +
      `Headers found: ${quoteList(headers)}. ` +
      `If the file names ${missing.length > 1 ? 'them' : 'it'} differently, say which column to use: ${example}.`,
  );
}

export function quoteList(items: readonly string[]): string {
  return items.length ? items.map((h) => `"${h}"`).join(', ') : '(none)';
}
