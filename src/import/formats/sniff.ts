import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { CsvRecordParser } from '../csv-parser.ts';
import type { CsvFile } from '../csv-stream.ts';
import { HEADER_SEARCH_LINES } from './index.ts';
import type { SourceLine } from './types.ts';

/** Bytes read from the start of a file to find its header line (before gunzip), and at most parsed. */
const HEAD_BYTES = 16 << 10;
const PARSED_BYTES = 32 << 10;

/**
 * The first lines of a file (gzip or not) as cells: enough to recognise an export's header line
 * below its preamble. Reads 16 KiB at most, so choosing a layout costs nothing next to the import.
 */
export async function readHeadLines(file: CsvFile): Promise<SourceLine[]> {
  const handle = await open(file.filePath, 'r');
  let bytes: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (file.gzipped) {
    try {
      // A truncated stream: flush what inflates instead of failing at the cut.
      bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return []; // Not readable here: the import itself reports why.
    }
  }
  const lines: SourceLine[] = [];
  const parser = new CsvRecordParser((record, line) => {
    if (lines.length < HEADER_SEARCH_LINES) lines.push({ line, cells: record.toArray() });
  });
  try {
    parser.write(bytes.subarray(0, PARSED_BYTES));
  } catch {
    // A syntax error further on is the import's to report; the lines before it are enough here.
  }
  return lines;
}
