import type { ImportKind } from '../../repos/imports.ts';
import type { StagedOrderLine } from '../../repos/import-staging.ts';
import type { SkipTally } from '../skips.ts';
import type { ImportOptions } from '../types.ts';

/** One line of the file as cells, with its line number (the first line is 1). */
export interface SourceLine {
  line: number;
  cells: string[];
}

/** What a format reads: every line of the file, and where its header line is. */
export interface FormatInput {
  lines: readonly SourceLine[];
  /** Index in `lines` of the header line the format was recognised by. */
  headerIndex: number;
  options: ImportOptions;
  skips: SkipTally;
}

/** A day's spend of one channel (before weeks are formed). */
export interface DailySpend {
  day: string;
  channel: string;
  spend: number;
  impressions: number | null;
}

/** A day's value of a KPI (before weeks are formed). */
export interface DailyKpi {
  day: string;
  metric: string;
  value: number;
}

interface FormatOutputBase {
  /** Data lines of the export (preamble, header and total lines not counted). */
  dataLines: number;
  notes: string[];
}

export interface OrdersOutput extends FormatOutputBase {
  kind: 'orders';
  /** Lines read into Pulse's order lines (customer, invoice, time, amount, return flag, product). */
  lines: StagedOrderLine[];
  /** Products named by the lines: code → name. */
  products: Map<string, string>;
  /** Rows of the export the lines came from (one export row can give a purchase and a return). */
  rowsImported: number;
}

export interface SpendOutput extends FormatOutputBase {
  kind: 'spend';
  spend: DailySpend[];
  kpi: DailyKpi[];
  rowsImported: number;
}

export type FormatOutput = OrdersOutput | SpendOutput;

/**
 * An export layout Pulse recognises by its header line: a signature (headers that must all be
 * there, matched by name, never by position) and a transform of its rows into Pulse's order lines
 * or spend and KPI rows.
 */
export interface ExportFormat {
  /** `Shopify orders export`: said in the report. */
  label: string;
  kind: ImportKind;
  /** The headers the signature needs, as the tool writes them (for "unknown layout" messages). */
  expected: string;
  /** Whether `cells` is this format's header line. */
  isHeader(cells: readonly string[]): boolean;
  /** Whether the header may appear again further down (GA4 writes several tables). */
  repeatsHeader?: boolean;
  read(input: FormatInput): FormatOutput;
}
