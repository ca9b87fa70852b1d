import path from 'node:path';
import type { Db } from '../db/client.ts';
import { ImportRejectedError } from '../errors.ts';
import { ImportsRepository, type ImportKind } from '../repos/imports.ts';
import { hashFile, openCsvFile, streamCsv } from './csv-stream.ts';
import type { SkipTally } from './skips.ts';
import type { ImportOptions, ImportReport, SkipReason } from './types.ts';

/**
 * A file is rejected whole when more than this share of its lines cannot be read. Lines without a
 * customer do not count: a shop's export legitimately has guest checkouts (25 % of Online Retail).
 */
export const MAX_UNREADABLE_SHARE = 0.5;
const TOLERATED_REASONS: SkipReason[] = ['no customer'];

/** What each kind of file contributes: how to read its lines and the figures for its report. */
export interface LineImporter<Details> {
  readonly skips: SkipTally;
  onHeader(headers: string[]): void;
  onRecord(cells: string[], lineNumber: number): void;
  /** Writes what is still buffered; returns the lines imported and the kind-specific figures. */
  finish(): { imported: number; details: Details };
}

type ReportOf<K extends ImportKind> = Extract<ImportReport, { kind: K }>;
type DetailsOf<K extends ImportKind> = Omit<ReportOf<K>, keyof BaseReport>;
type BaseReport = Pick<ImportReport, 'kind' | 'fileName' | 'contentHash' | 'importId' | 'alreadyImportedAt' | 'linesRead' | 'imported' | 'skipped' | 'durationMs'>;

/**
 * The frame every import shares: refuse unreadable files, recognise a file imported before by the
 * sha256 of its bytes (then write nothing), stream it inside one transaction, reject it whole if
 * too many lines fail, and record the import with its report.
 */
export async function runImport<K extends ImportKind>(
  db: Db,
  kind: K,
  filePath: string,
  options: ImportOptions,
  createImporter: (importId: number) => LineImporter<DetailsOf<K>>,
): Promise<ReportOf<K>> {
  const started = performance.now();
  const file = await openCsvFile(filePath);
  const contentHash = await hashFile(filePath);
  const imports = new ImportsRepository(db);
  const previous = imports.findByHash(kind, contentHash);
  if (previous) {
    const report = previous.report as ReportOf<K>;
    return { ...report, importId: previous.id, alreadyImportedAt: new Date(previous.createdAt).toISOString(), durationMs: elapsed(started) };
  }
  return imports.withWriteTransaction(async () => {
    const importId = imports.begin({ kind, fileName: path.basename(filePath), contentHash, importedBy: options.importedBy ?? null });
    const importer = createImporter(importId);
    const streamed = await streamCsv(file, {
      onHeader: (headers) => importer.onHeader(headers),
      onRecord: (cells, lineNumber) => importer.onRecord(cells, lineNumber),
      onProgress: options.onProgress,
    });
    if (streamed.contentHash !== contentHash) {
      throw new ImportRejectedError(`${filePath} changed while it was being imported. Import it again once it is complete.`);
    }
    const { imported, details } = importer.finish();
    rejectIfMostlyUnreadable(filePath, streamed.dataLines, imported, importer.skips);
    const report = {
      kind,
      fileName: path.basename(filePath),
      contentHash,
      importId,
      alreadyImportedAt: null,
      linesRead: streamed.dataLines,
      imported,
      skipped: importer.skips.toJSON(),
      durationMs: elapsed(started),
      ...details,
    } as ReportOf<K>;
    imports.complete(importId, { linesRead: report.linesRead, imported, report });
    return report;
  });
}

function rejectIfMostlyUnreadable(filePath: string, linesRead: number, imported: number, skips: SkipTally): void {
  if (linesRead === 0) throw new ImportRejectedError(`${filePath} has a header but no data lines: there is nothing to import.`);
  const unreadable = skips.total(TOLERATED_REASONS);
  if (imported > 0 && unreadable <= linesRead * MAX_UNREADABLE_SHARE) return;
  const reasons = Object.entries(skips.toJSON())
    .map(([reason, s]) => `${reason}: ${s.count} (e.g. line ${s.exampleLines.join(', ')})`)
    .join('; ');
  const headline = imported === 0
    ? `no line of ${filePath} could be imported`
    : `${unreadable} of ${linesRead} lines of ${filePath} (${Math.round((100 * unreadable) / linesRead)} %) could not be read`;
  throw new ImportRejectedError(
    `Rejected: ${headline}, so nothing was imported. ${reasons}. ` +
      'Check that the right columns are used (--map field=Header) and that dates and numbers are written as expected.',
  );
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
