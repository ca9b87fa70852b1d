import path from 'node:path';
import type { Db } from '../db/client.ts';
import { ImportRejectedError } from '../errors.ts';
import { ImportStagingRepository, type ImportStage } from '../repos/import-staging.ts';
import { ImportsRepository, type ImportKind, type ImportRecord } from '../repos/imports.ts';
import type { CsvRecord } from './csv-parser.ts';
import { hashFile, openCsvFile, streamCsv } from './csv-stream.ts';
import { ExportImporter } from './formats/importer.ts';
import { detectFormat, knownExportsText, wrongKindError } from './formats/index.ts';
import { readHeadLines } from './formats/sniff.ts';
import type { SkipTally } from './skips.ts';
import type { ImportOptions, ImportReport, SkipReason } from './types.ts';

/**
 * A file is rejected whole when more than this share of its lines cannot be read. Lines without a
 * customer do not count: a shop's export legitimately has guest checkouts (25 % of Online Retail).
 */
export const MAX_UNREADABLE_SHARE = 0.5;
const TOLERATED_REASONS: SkipReason[] = ['no customer', 'not paid', 'failed payment'];

/** What each kind of file contributes: how to read its lines and the figures for its report. */
export interface LineImporter<Details> {
  readonly skips: SkipTally;
  onHeader(headers: string[]): void;
  /** Reads one line, synchronously: rows are buffered, and written to the stage by `afterChunk`. */
  onRecord(record: CsvRecord, lineNumber: number): void;
  /** Called after each chunk of the file: writes the buffered rows to the stage. */
  afterChunk(): Promise<void>;
  /**
   * Writes what is still buffered; returns the lines imported and the kind-specific figures, and the
   * data lines when not every line after the first is one (an export's preamble and total lines).
   */
  finish(): Promise<{ imported: number; linesRead?: number; details: Details }>;
}

type ReportOf<K extends ImportKind> = Extract<ImportReport, { kind: K }>;
type DetailsOf<K extends ImportKind> = Omit<ReportOf<K>, keyof BaseReport>;
type BaseReport = Pick<ImportReport, 'kind' | 'fileName' | 'contentHash' | 'importId' | 'alreadyImportedAt' | 'linesRead' | 'imported' | 'skipped' | 'durationMs'>;

/**
 * The frame every import shares: refuse unreadable files, recognise a file imported before by the
 * sha256 of its bytes (then write nothing), stream it into a private stage (no transaction is open
 * on the shared connection meanwhile), reject it whole if too many lines fail, else commit the
 * stage and the import's record in one transaction.
 */
export async function runImport<K extends ImportKind>(
  db: Db,
  kind: K,
  filePath: string,
  options: ImportOptions,
  createImporter: (stage: ImportStage) => LineImporter<DetailsOf<K>>,
): Promise<ReportOf<K>> {
  const started = performance.now();
  const file = await openCsvFile(filePath);
  const contentHash = await hashFile(filePath);
  const imports = new ImportsRepository(db);
  const previous = await imports.findByHash(kind, contentHash);
  if (previous && !options.replace) return alreadyImported<K>(previous, started);

  const fileName = path.basename(filePath);
  // An export recognised by its header line (Shopify, Google Ads, …) takes its own path; any other
  // file is read by the importer of its kind, at full speed.
  const detected = detectFormat(await readHeadLines(file));
  if (detected && detected.format.kind !== kind) throw wrongKindError(detected.format, fileName);

  const stage = await new ImportStagingRepository(db, options.staging).open();
  try {
    const importer: LineImporter<DetailsOf<K>> = detected
      ? (new ExportImporter(detected, stage, options, fileName) as unknown as LineImporter<DetailsOf<K>>)
      : createImporter(stage);
    const streamed = await streamCsv(file, {
      onHeader: (headers) => (detected ? importer.onHeader(headers) : readHeader(importer, headers, kind)),
      onRecord: (record, lineNumber) => importer.onRecord(record, lineNumber),
      afterChunk: () => importer.afterChunk(),
      onProgress: options.onProgress,
    });
    if (streamed.contentHash !== contentHash) {
      throw new ImportRejectedError(`${filePath} changed while it was being imported. Import it again once it is complete.`);
    }
    const finished = await importer.finish();
    const { imported, details } = finished;
    const linesRead = finished.linesRead ?? streamed.dataLines;
    rejectIfMostlyUnreadable(filePath, linesRead, imported, importer.skips);
    let report: ReportOf<K> | undefined;
    const result = await stage.commit([
      {
        kind,
        fileName,
        contentHash,
        importedBy: options.importedBy ?? null,
        linesRead,
        imported,
        replaceFileName: options.replaceSource,
        replaceSameContent: options.replace,
        report: (importId, replaced, alreadyStored) =>
          (report = {
            kind,
            fileName,
            contentHash,
            importId,
            alreadyImportedAt: null,
            linesRead,
            imported: imported - alreadyStored,
            ...(alreadyStored ? { alreadyStored } : {}),
            skipped: importer.skips.toJSON(),
            durationMs: elapsed(started),
            ...details,
            ...replacementNote(details, replaced, options.replaceSource ? 'source' : 'file'),
          } as ReportOf<K>),
      },
    ]);
    // The same file, imported by another request while this one was reading it.
    if (result.status === 'duplicate') return alreadyImported<K>(result.existing, started);
    return report!;
  } finally {
    await stage.discard();
  }
}

/** A file of no known layout: the importer's missing-column message also names the exports Pulse reads. */
function readHeader(importer: LineImporter<unknown>, headers: string[], kind: ImportKind): void {
  try {
    importer.onHeader(headers);
  } catch (err) {
    if (err instanceof ImportRejectedError && /^(Missing required column|No spend columns)/.test(err.message)) {
      throw new ImportRejectedError(`${err.message} ${knownExportsText(kind)}`);
    }
    throw err;
  }
}

function replacementNote(details: { notes?: string[] }, replaced: number[], what: 'source' | 'file'): { notes?: string[] } {
  if (!replaced.length) return {};
  const imports = `import${replaced.length > 1 ? 's' : ''} #${replaced.join(', #')}`;
  const note =
    what === 'source'
      ? `Replaces what this source imported before (${imports}): each run holds the whole result of its query.`
      : `Replaces the earlier import of the same file (${imports}): its rows were swapped for these in one transaction.`;
  return { notes: [...(details.notes ?? []), note] };
}

function alreadyImported<K extends ImportKind>(previous: ImportRecord, started: number): ReportOf<K> {
  const report = previous.report as ReportOf<K>;
  return { ...report, importId: previous.id, alreadyImportedAt: new Date(previous.createdAt).toISOString(), durationMs: elapsed(started) };
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
