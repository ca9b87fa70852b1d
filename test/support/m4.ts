import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

/**
 * Reader for the M4 competition's wide CSV files (e.g. Weekly-train.csv.gz): a header row
 * ("V1","V2",...), then one row per series: its id (W1, W2, ...) and its values, shorter series
 * padded with empty trailing cells. Gzipped files (.gz) are decompressed whole (they are small).
 */
export interface M4Series {
  id: string;
  values: number[];
}

export function readM4File(file: string): M4Series[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const body = rows[0]?.[0] === 'V1' ? rows.slice(1) : rows;
  return body.map((row) => ({
    id: row[0],
    values: row.slice(1).filter((cell) => cell.trim() !== '').map(Number),
  }));
}

/** Inverse of readM4File for forecasts: header V1..V(h+1), then id and values per row. */
export function formatM4Csv(rows: M4Series[]): string {
  const width = Math.max(0, ...rows.map((r) => r.values.length)) + 1;
  const quote = (cell: string): string => `"${cell}"`;
  const header = Array.from({ length: width }, (_, i) => quote(`V${i + 1}`)).join(',');
  const lines = rows.map((r) => [quote(r.id), ...r.values.map((v) => quote(String(v)))].join(','));
  return `${[header, ...lines].join('\n')}\n`;
}

/** M4 sMAPE (%): mean of 200·|y − ŷ| / (|y| + |ŷ|); a term with y = ŷ = 0 counts as 0. */
export function smape(actual: readonly number[], predicted: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(predicted[i]);
    sum += denominator === 0 ? 0 : (200 * Math.abs(actual[i] - predicted[i])) / denominator;
  }
  return sum / actual.length;
}

/**
 * M4 MASE: mean |y − ŷ| over the horizon divided by the in-sample mean absolute error of the
 * seasonal naive forecast with lag m (the M4 organisers used m = 1 for weekly data).
 */
export function mase(insample: readonly number[], actual: readonly number[], predicted: readonly number[], m = 1): number {
  let scale = 0;
  for (let t = m; t < insample.length; t++) scale += Math.abs(insample[t] - insample[t - m]);
  scale /= insample.length - m;
  let error = 0;
  for (let i = 0; i < actual.length; i++) error += Math.abs(actual[i] - predicted[i]);
  return error / actual.length / scale;
}
