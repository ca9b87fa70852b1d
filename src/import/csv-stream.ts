import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, Writable, type TransformOptions } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { ImportRejectedError, errorMessage } from '../errors.ts';
import { CsvRecordParser, CsvSyntaxError, type CsvRecord } from './csv-parser.ts';
import { Utf8Check } from './encoding.ts';

export interface CsvFile {
  filePath: string;
  sizeBytes: number;
  gzipped: boolean;
}

export interface CsvVisitor {
  /** Called once with the header line; may throw to reject the file. */
  onHeader(headers: string[]): void;
  /**
   * Called for each data line, synchronously, with a record valid only during the call (see
   * `CsvRecord`). `lineNumber` is the line in the file where the record starts (the header is
   * line 1; blank lines and line breaks inside quoted values count).
   */
  onRecord(record: CsvRecord, lineNumber: number): void;
  /**
   * Called after each chunk of the file (about a megabyte) has been parsed: the place to write what
   * `onRecord` buffered. Reading waits for the returned promise, so memory stays bounded.
   */
  afterChunk?(): Promise<void> | void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** Larger than the 64 KiB default: fewer hand-offs between file, gunzip and parser. */
const READ_CHUNK_BYTES = 1 << 20;
/** gunzip's output chunks (16 KiB by default): larger ones mean fewer parser calls. */
const GUNZIP_CHUNK_BYTES = 256 << 10;
const GUNZIP_AHEAD_BYTES = 4 << 20;

/** Checks the file exists, is readable and not empty, and whether it is gzip (by its magic bytes). */
export async function openCsvFile(filePath: string): Promise<CsvFile> {
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new ImportRejectedError(`${filePath} is not a file. Give the path of a .csv or .csv.gz file.`);
    if (info.size === 0) throw new ImportRejectedError(`${filePath} is empty: there is nothing to import.`);
    const handle = await open(filePath, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
      const gzipped = bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
      return { filePath, sizeBytes: info.size, gzipped };
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw asReadError(err, filePath);
  }
}

/** sha256 of the file's bytes, streamed (no parsing): it identifies a file already imported. */
export async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(filePath), new Writable({ write: (chunk, _enc, done) => (hash.update(chunk), done()) }));
  } catch (err) {
    throw asReadError(err, filePath);
  }
  return hash.digest('hex');
}

/**
 * Streams the file through gunzip (when gzipped) and the CSV parser, handing each line to the
 * visitor, and hashes the bytes on the way. Returns that hash, which the caller compares with the one
 * it checked before writing anything, so the stored hash is the hash of what was actually imported.
 */
export async function streamCsv(file: CsvFile, visitor: CsvVisitor): Promise<{ contentHash: string; dataLines: number }> {
  const hash = createHash('sha256');
  let bytesRead = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytesRead += chunk.length;
      visitor.onProgress?.(bytesRead, file.sizeBytes);
      done(null, chunk);
    },
  });
  let headerSeen = false;
  let dataLines = 0;
  const parser = new CsvRecordParser((record, lineNumber) => {
    if (headerSeen) {
      dataLines++;
      visitor.onRecord(record, lineNumber);
    } else {
      headerSeen = true;
      visitor.onHeader(record.toArray());
    }
  });
  const afterChunk = (done: (err?: Error | null) => void) => {
    const pending = visitor.afterChunk?.();
    if (pending) pending.then(() => done(), done);
    else done();
  };
  const encoding = new Utf8Check(path.basename(file.filePath));
  const sink = new Writable({
    highWaterMark: READ_CHUNK_BYTES,
    write(chunk: Buffer, _enc, done) {
      try {
        encoding.check(chunk);
        parser.write(chunk);
      } catch (err) {
        return done(err as Error);
      }
      afterChunk(done);
    },
    final(done) {
      try {
        encoding.end();
        parser.end();
      } catch (err) {
        return done(err as Error);
      }
      afterChunk(done);
    },
  });
  // gunzip runs on the thread pool: a deep output buffer lets it inflate ahead while this thread parses.
  const gunzipOptions: ZlibOptions & TransformOptions = { chunkSize: GUNZIP_CHUNK_BYTES, readableHighWaterMark: GUNZIP_AHEAD_BYTES };
  const stages = file.gzipped ? [tap, createGunzip(gunzipOptions), sink] : [tap, sink];
  try {
    await pipeline(createReadStream(file.filePath, { highWaterMark: READ_CHUNK_BYTES }), ...(stages as [Transform]));
  } catch (err) {
    throw asReadError(err, file.filePath);
  }
  if (!headerSeen) throw new ImportRejectedError(`${file.filePath} has no header line: there is nothing to import.`);
  return { contentHash: hash.digest('hex'), dataLines };
}

function asReadError(err: unknown, filePath: string): Error {
  if (err instanceof ImportRejectedError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ImportRejectedError(`File not found: ${filePath}. Check the path and try again.`);
  if (code === 'EACCES' || code === 'EPERM') return new ImportRejectedError(`Cannot read ${filePath}: permission denied.`);
  if (code === 'EISDIR') return new ImportRejectedError(`${filePath} is a folder. Give the path of a .csv or .csv.gz file.`);
  if (code?.startsWith('Z_')) {
    return new ImportRejectedError(`${filePath} looks gzip-compressed but cannot be decompressed (${errorMessage(err)}); is it truncated?`);
  }
  if (err instanceof CsvSyntaxError) return new ImportRejectedError(`${filePath} is not valid CSV: ${errorMessage(err)}.`);
  return err instanceof Error ? err : new Error(String(err));
}
