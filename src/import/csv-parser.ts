import { isAscii } from 'node:buffer';

/**
 * A streaming CSV reader (RFC 4180: comma-separated, `"` quotes, `""` inside quotes) that works on
 * the file's bytes, written for speed. A line without a quote (nearly every line of an export) is
 * one pass over its bytes that notes where cells start and end: no text is decoded and no string
 * is made until a cell is asked for, numbers are read from the bytes, and a cell equal to the same
 * column's cell on the previous line is handed back as the same string (an invoice's lines repeat
 * its number, customer, date and country). On Online Retail this takes a third of the time csv-parse
 * took, with a fraction of the garbage.
 *
 * Quoted values may hold commas, quotes and line breaks. Lenient like Python's csv and pandas: a
 * quote inside an unquoted value is kept as is, and text after a closing quote is appended to the
 * value. Lines end with \n, \r\n or (old Mac) \r; blank lines are skipped; rows may have any number
 * of cells. A leading byte-order mark is dropped. Text is UTF-8.
 */

/** One record, valid only during the `onRecord` call that receives it (the object is reused). */
export interface CsvRecord {
  /** Number of cells. */
  readonly length: number;
  /** The cell's text as written (quotes removed), '' past the last cell. */
  text(index: number): string;
  /**
   * Like `text`, but when the cell equals the previous record's cell in the same column, returns
   * that same string: no allocation, and `===` is enough to compare it with what was seen.
   */
  repeatedText(index: number): string;
  /**
   * The cell as a number (what `Number` gives for its trimmed text), or null when the cell is empty,
   * missing or not a finite number.
   */
  number(index: number): number | null;
  /** The cells as a new array of strings. */
  toArray(): string[];
}

export type RecordHandler = (record: CsvRecord, lineNumber: number) => void;

export class CsvSyntaxError extends Error {}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
/** A record longer than this (bytes) is refused rather than buffered: an unclosed quote. */
export const MAX_RECORD_BYTES = 8 << 20;
const NO_BYTES = Buffer.alloc(0);

export class CsvRecordParser {
  private rest: Buffer = NO_BYTES;
  /** Physical line number (1-based) where `rest` starts. */
  private line = 1;
  private started = false;
  /** The byte that ends lines: \n (also for \r\n), or \r in files with lone \r line ends. */
  private newline = LF;
  private readonly record = new ByteRecord();

  constructor(private readonly onRecord: RecordHandler) {}

  /** Parses the complete records in `chunk` (with what was left from the previous chunk). */
  write(chunk: Buffer): void {
    let bytes = chunk;
    if (this.started && this.rest.length) {
      // Finish the record left over from the previous chunk without copying this whole chunk.
      const newline = chunk.indexOf(this.newline);
      if (newline < 0) return this.keep(Buffer.concat([this.rest, chunk]));
      const head = Buffer.concat([this.rest, chunk.subarray(0, newline + 1)]);
      const left = this.parse(head, false);
      // A quoted value spanning line breaks goes on past that newline: then parse both together.
      bytes = left.length ? Buffer.concat([left, chunk.subarray(newline + 1)]) : chunk.subarray(newline + 1);
    } else if (this.rest.length) {
      bytes = Buffer.concat([this.rest, chunk]);
    }
    if (!this.started) {
      if (bytes.length < 3 && bytes.every((b, i) => b === BOM[i])) {
        this.rest = bytes;
        return;
      }
      if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) bytes = bytes.subarray(3);
      // The first line break says how lines end: a \r not followed by \n means lone \r.
      const lf = bytes.indexOf(LF);
      const cr = bytes.indexOf(CR);
      const firstIsCr = cr >= 0 && (lf < 0 || cr < lf);
      if ((lf < 0 && cr < 0) || (firstIsCr && cr === bytes.length - 1)) {
        this.keep(bytes);
        return;
      }
      this.started = true;
      if (firstIsCr && bytes[cr + 1] !== LF) this.newline = CR;
    }
    this.keep(this.parse(bytes, false));
  }

  /** Parses what is left at the end of the input (a last line without a line break). */
  end(): void {
    let bytes = this.rest;
    this.rest = NO_BYTES;
    if (!this.started && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) bytes = bytes.subarray(3);
    if (bytes.length) this.parse(bytes, true);
  }

  private keep(rest: Buffer): void {
    if (rest.length > MAX_RECORD_BYTES) {
      throw new CsvSyntaxError(`line ${this.line} starts a record longer than ${MAX_RECORD_BYTES >> 20} MB; is a quote never closed?`);
    }
    this.rest = rest;
  }

  /** Parses records from `buf`; returns the unparsed tail (an incomplete record) unless `final`. */
  private parse(buf: Buffer, final: boolean): Buffer {
    const n = buf.length;
    const newline = this.newline;
    const record = this.record;
    record.useBuffer(buf, isAscii(buf));
    let pos = 0;
    while (pos < n) {
      // The fast path: note cell boundaries up to the line break, unless a quote turns up.
      let cells = 0;
      let from = pos;
      let i = pos;
      let b = 0;
      for (; i < n; i++) {
        b = buf[i];
        if (b === COMMA) {
          record.setCell(cells++, from, i);
          from = i + 1;
        } else if (b === newline || b === QUOTE) break;
      }
      if (i < n && b === QUOTE) {
        const next = this.parseQuotedRecord(buf, pos, final);
        if (next < 0) return buf.subarray(pos);
        pos = next;
        continue;
      }
      if (i >= n && !final) return buf.subarray(pos);
      let end = i;
      if (newline === LF && end > from && buf[end - 1] === CR) end--;
      if (cells > 0 || end > from) {
        record.setCell(cells++, from, end);
        record.setLength(cells);
        this.onRecord(record, this.line);
      }
      this.line++;
      pos = i + 1;
    }
    return NO_BYTES;
  }

  /**
   * The slow path, for a record holding a quote: finds where it ends (a line break outside quotes),
   * decodes it and splits it cell by cell. Returns where the next record starts, or -1 when the
   * record does not end within `buf`.
   */
  private parseQuotedRecord(buf: Buffer, start: number, final: boolean): number {
    const n = buf.length;
    const newline = this.newline;
    let i = start;
    // Cell by cell: a quote opens a quoted value only at the start of a cell.
    for (;;) {
      if (buf[i] === QUOTE) {
        for (i++; ; i++) {
          if (i >= n) {
            if (!final) return -1;
            throw new CsvSyntaxError(`the quote opened on line ${this.line} is never closed`);
          }
          if (buf[i] !== QUOTE) continue;
          if (i + 1 >= n && !final) return -1;
          if (buf[i + 1] !== QUOTE) break;
          i++;
        }
        i++;
      }
      while (i < n && buf[i] !== COMMA && buf[i] !== newline) i++;
      if (i >= n) {
        if (!final) return -1;
        break;
      }
      if (buf[i] !== COMMA) break;
      i++;
    }
    let end = i;
    if (newline === LF && end > start && buf[end - 1] === CR) end--;
    const text = buf.toString('utf8', start, end);
    const cells = splitQuotedRecord(text);
    this.record.useCells(cells);
    this.onRecord(this.record, this.line);
    this.line += 1 + countLineBreaks(text, newline === LF ? '\n' : '\r');
    return i + 1;
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/** The cells of one complete record's text (it may hold quotes, commas and line breaks in quotes). */
function splitQuotedRecord(s: string): string[] {
  const n = s.length;
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (s.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          value += s.slice(i);
          i = n;
          break;
        }
        value += s.slice(i, q);
        if (s.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    let comma = s.indexOf(',', i);
    if (comma < 0) comma = n;
    value += s.slice(i, comma);
    cells.push(value);
    if (comma >= n) return cells;
    i = comma + 1;
  }
}

function countLineBreaks(text: string, newline: string): number {
  let count = 0;
  for (let at = text.indexOf(newline); at >= 0; at = text.indexOf(newline, at + 1)) count++;
  return count;
}

const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The reused record: cells as byte ranges of the current buffer (fast path), or as strings (a
 * record with quotes). Remembers each column's last string for `repeatedText`.
 */
class ByteRecord implements CsvRecord {
  private buf: Buffer = NO_BYTES;
  private ascii = true;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private count = 0;
  private cells: string[] | null = null;
  private readonly last: string[] = [];

  get length(): number {
    return this.cells ? this.cells.length : this.count;
  }

  useBuffer(buf: Buffer, ascii: boolean): void {
    this.buf = buf;
    this.ascii = ascii;
    this.cells = null;
  }

  useCells(cells: string[]): void {
    this.cells = cells;
  }

  setCell(index: number, start: number, end: number): void {
    if (index >= this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      const ends = new Int32Array(this.ends.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[index] = start;
    this.ends[index] = end;
    this.cells = null;
  }

  setLength(count: number): void {
    this.count = count;
  }

  text(index: number): string {
    if (this.cells) return this.cells[index] ?? '';
    if (index >= this.count) return '';
    return this.buf.toString(this.ascii ? 'latin1' : 'utf8', this.starts[index], this.ends[index]);
  }

  repeatedText(index: number): string {
    const last = this.last[index];
    if (last !== undefined && !this.cells && this.ascii && index < this.count) {
      const start = this.starts[index];
      const length = this.ends[index] - start;
      if (last.length === length) {
        const buf = this.buf;
        let same = true;
        for (let k = 0; k < length; k++) {
          if (buf[start + k] !== last.charCodeAt(k)) {
            same = false;
            break;
          }
        }
        if (same) return last;
      }
    }
    const text = this.text(index);
    if (text === last) return last;
    this.last[index] = text;
    return text;
  }

  number(index: number): number | null {
    if (this.cells || index >= this.count) return parseNumberText(this.text(index));
    // Fast path: [+-]digits[.digits], at most 15 digits, which m / 10^k gives exactly (correctly rounded).
    const buf = this.buf;
    const end = this.ends[index];
    let i = this.starts[index];
    let negative = false;
    if (buf[i] === 45 || buf[i] === 43) negative = buf[i++] === 45;
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < end; i++) {
      const b = buf[i];
      if (b >= 48 && b <= 57) {
        mantissa = mantissa * 10 + (b - 48);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (b === 46 && decimals < 0) {
        decimals = 0;
      } else {
        return parseNumberText(this.text(index));
      }
    }
    if (digits === 0 || digits > MAX_FAST_DIGITS) return parseNumberText(this.text(index));
    const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
    return negative ? -value : value;
  }

  toArray(): string[] {
    if (this.cells) return [...this.cells];
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }
}

/** What `Number` gives for the trimmed text, or null when empty or not finite (as `parseNumber`). */
function parseNumberText(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
