import type { ImportStagingOptions } from '../repos/import-staging.ts';
import type { ImportKind } from '../repos/imports.ts';

export interface ImportOptions {
  /** Column overrides, field → header as written in the file (from `--map field=Header`). */
  map?: Record<string, string>;
  /** Spend files: headers to read as channels' spend when their names carry no suffix (PyMC-Marketing's `x1,x2`). */
  channels?: string[];
  /** Spend files: the outcome column (default: the first of revenue, conversions, sales, y, kpi). */
  outcome?: string;
  /** Called as the file is read, with compressed bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  importedBy?: string;
  /** Spend exports (Google Ads, Meta): the channel for every campaign the channel map does not name. */
  channel?: string;
  /** Spend exports: campaign pattern → channel rules (a channels.csv, see `formats/channels.ts`), first match wins. */
  channelMap?: { pattern: string; channel: string }[];
  /** ISO 4217 code the data must be in (Pulse's CURRENCY): an export in another currency is refused. */
  currency?: string;
  /**
   * A named source's file name (`shop (postgres)`): the import replaces every earlier import of that
   * kind and name, in the same transaction, so a scheduled full query does not count rows twice.
   */
  replaceSource?: string;
  /**
   * Import a file even if the same file was imported before, replacing that import's rows in the same
   * transaction (`pulse import … --replace`: a corrected re-export, or products for a file imported
   * before Pulse kept them).
   */
  replace?: boolean;
  /** Where and when rows read are staged before the commit (tests and benchmarks; defaults suit every file). */
  staging?: ImportStagingOptions;
}

/** Why a line was not imported. */
export type SkipReason =
  | 'missing invoice'
  | 'no customer'
  | 'bad date'
  | 'bad number'
  | 'negative spend'
  | 'missing channel'
  /** Shopify: voided, pending or otherwise unpaid orders are not revenue. */
  | 'not paid'
  /** Stripe: failed or incomplete payments. */
  | 'failed payment';

export interface SkipCount {
  count: number;
  /** Up to five line numbers in the file (the header is line 1). */
  exampleLines: number[];
}

interface ImportReportBase {
  kind: ImportKind;
  fileName: string;
  contentHash: string;
  /** The import's id, or the earlier import's id when the file had already been imported. */
  importId: number;
  /** Set when this exact file (same bytes) was imported before: nothing was written this time. */
  alreadyImportedAt: string | null;
  /** Data lines read (the header is not counted). */
  linesRead: number;
  /** Lines written. */
  imported: number;
  /** Lines left out because the same rows were already stored (another file, an export overlapping the last). */
  alreadyStored?: number;
  skipped: Partial<Record<SkipReason, SkipCount>>;
  durationMs: number;
  /** The export layout recognised from the headers (`Shopify orders export`, …); absent for Pulse's own layouts. */
  format?: string;
  /** What was decided while reading it that a person should know (refunds dated, rows spread, emails hashed). */
  notes?: string[];
}

export interface OrdersImportReport extends ImportReportBase {
  kind: 'orders';
  customers: number;
  invoices: number;
  /** Imported lines that are returns (invoice starting with C, or a negative quantity or amount). */
  returns: number;
  /** Distinct products named by the imported lines (0 when the file has no product column). */
  products: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

export interface SpendImportReport extends ImportReportBase {
  kind: 'spend';
  layout: 'long' | 'wide';
  channels: string[];
  /** KPI metrics written: the outcome and every control column, by lower-cased header. */
  metrics: string[];
  outcome: string | null;
  spendRows: number;
  kpiRows: number;
  periods: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
  /** Headers not used (identifiers such as geo, or an unnamed index column). */
  ignoredColumns: string[];
}

export type ImportReport = OrdersImportReport | SpendImportReport;
