import { ImportRejectedError } from '../../errors.ts';
import type { ImportKind } from '../../repos/imports.ts';
import { quoteList } from '../headers.ts';
import { ga4TrafficAcquisition } from './ga4.ts';
import { googleAdsReport } from './google-ads.ts';
import { metaAdsExport } from './meta-ads.ts';
import { shopifyOrders } from './shopify.ts';
import { stripePayments } from './stripe.ts';
import type { ExportFormat, SourceLine } from './types.ts';

export type { ExportFormat } from './types.ts';

/** Every export layout recognised by its headers. Signatures do not overlap: a header line is at most one of them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [shopifyOrders, stripePayments, googleAdsReport, metaAdsExport, ga4TrafficAcquisition];

/** Lines searched for a header: preambles (Google Ads' title and range, GA4's # block) are short. */
export const HEADER_SEARCH_LINES = 40;

export interface DetectedFormat {
  format: ExportFormat;
  /** Index of the header line among the lines given. */
  headerIndex: number;
}

export function formatOfHeader(cells: readonly string[]): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.isHeader(cells));
}

/** The export whose header line comes first among the file's first lines, or null (Pulse's own layouts). */
export function detectFormat(lines: readonly SourceLine[]): DetectedFormat | null {
  const limit = Math.min(lines.length, HEADER_SEARCH_LINES);
  for (let i = 0; i < limit; i++) {
    const format = formatOfHeader(lines[i].cells);
    if (format) return { format, headerIndex: i };
  }
  return null;
}

/**
 * Refuses a file that holds more than one export: a header line of any known layout below the one
 * it was recognised by (GA4 files legitimately carry several tables with the same header).
 */
export function rejectMixedLayouts(lines: readonly SourceLine[], detected: DetectedFormat, fileName: string): void {
  const header = lines[detected.headerIndex];
  for (const { line, cells } of lines.slice(0, detected.headerIndex)) {
    if (isPreamble(cells)) continue;
    throw new ImportRejectedError(
      `Rejected: ${fileName} has lines of another layout from line ${line}, before the header of a ${detected.format.label} on line ${header.line}: a file must hold one export, so nothing was imported. Split the file and import each part on its own.`,
    );
  }
  for (const { line, cells } of lines.slice(detected.headerIndex + 1)) {
    const other = formatOfHeader(cells);
    if (!other || (other === detected.format && detected.format.repeatsHeader)) continue;
    const what = other === detected.format ? `a second ${other.label} header` : `the header of a ${other.label}`;
    throw new ImportRejectedError(
      `Rejected: ${fileName} starts as a ${detected.format.label} but line ${line} is ${what}: a file must hold one export, so nothing was imported. Split the file and import each export on its own.`,
    );
  }
}

/** A line an export may write above its header: a `#` comment, a title or a date range (a few cells, no leading date). */
function isPreamble(cells: readonly string[]): boolean {
  const first = (cells[0] ?? '').trim();
  if (first.startsWith('#')) return true;
  return cells.filter((c) => c.trim() !== '').length <= 3 && !/^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})/.test(first);
}

/**
 * For files in Pulse's own layouts, whose unreadable lines are skipped: a skipped line that is the
 * header of a known export means two files were joined, and the whole file is refused.
 */
export function rejectIfExportHeader(cells: readonly string[], line: number): void {
  const format = formatOfHeader(cells);
  if (!format) return;
  throw new ImportRejectedError(
    `Rejected: line ${line} is the header of a ${format.label}, inside a file of another layout: a file must hold one export, so nothing was imported. Split the file and import each part on its own.`,
  );
}

/** "Pulse also reads …": the exports of `kind` and the columns each is recognised by, for an unknown layout. */
export function knownExportsText(kind: ImportKind): string {
  const formats = EXPORT_FORMATS.filter((f) => f.kind === kind);
  return `Exports read without options: ${formats.map((f) => `${f.label} (${f.expected})`).join('; ')}.`;
}

/** The refusal for an export of the other kind (`import orders` with a Google Ads report). */
export function wrongKindError(format: ExportFormat, fileName: string): ImportRejectedError {
  const holds = format.kind === 'orders' ? 'orders' : 'spend and KPIs';
  return new ImportRejectedError(`${fileName} is a ${format.label}, which holds ${holds}: import it with \`import ${format.kind}\`. Nothing was imported.`);
}

export { quoteList };
