import type Database from 'better-sqlite3';

/**
 * Staged rows of one table as columns: text columns as arrays (their strings are shared between
 * rows: invoices, customers, countries), number columns as Float64Array (null as NaN). Compact,
 * and cheap for the garbage collector, which never scans typed arrays.
 */
export interface ColumnChunk {
  count: number;
  columns: (unknown[] | Float64Array)[];
}

export declare const ROWS_PER_STATEMENT: number;

export declare function statementCache(
  sqlite: Database.Database,
  insert: string,
  columnCount: number,
  suffix?: string,
): (rows: number) => Database.Statement;

export declare function insertRows(statement: (rows: number) => Database.Statement, columnCount: number, chunks: readonly ColumnChunk[]): void;

/** A chunk as sent to the staging thread (see packChunk). */
export interface PackedChunk {
  count: number;
  columns: (Float64Array | { values: unknown[]; runs: Int32Array })[];
}

export declare function packChunk(chunk: ColumnChunk): { chunk: PackedChunk; transfer: ArrayBuffer[] };

export declare function unpackChunk(chunk: PackedChunk): ColumnChunk;
