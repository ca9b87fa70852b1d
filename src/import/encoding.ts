import { isUtf8 } from 'node:buffer';
import { ImportRejectedError } from '../errors.ts';

/** Bytes a UTF-8 sequence takes, from its lead byte (0 for a continuation byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 0;
}

/**
 * Checks, chunk by chunk, that an import file is UTF-8 (what every export Pulse reads writes, and
 * Excel's "CSV UTF-8"). Anything else would be stored as replacement characters: a Latin-1 "Café"
 * becomes "Caf�" in every reply. So the file is refused with how to fix it, before any line is
 * staged. A sequence cut by a chunk boundary is carried to the next chunk.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;
  private first = true;

  constructor(private readonly fileName: string) {}

  check(chunk: Buffer): void {
    if (this.first) {
      this.first = false;
      if (isUtf16(chunk)) throw this.rejection('is UTF-16 text (Excel\'s "Unicode Text" writes it)');
    }
    let body = chunk;
    if (this.carry.length) {
      const needed = sequenceLength(this.carry[0]) - this.carry.length;
      this.verify(Buffer.concat([this.carry, chunk.subarray(0, needed)]));
      body = chunk.subarray(needed);
      this.carry = Buffer.alloc(0);
    }
    const cut = incompleteTail(body);
    this.verify(body.subarray(0, cut));
    this.carry = Buffer.from(body.subarray(cut));
    this.offset += chunk.length;
  }

  /** At the end of the file: a sequence still open is a broken one. */
  end(): void {
    if (this.carry.length) throw this.rejection('ends in the middle of a character');
  }

  private verify(bytes: Buffer): void {
    if (!isUtf8(bytes)) throw this.rejection('is not UTF-8 text: it looks like Windows-1252 or Latin-1, which Excel writes for plain "CSV"');
  }

  private rejection(what: string): ImportRejectedError {
    return new ImportRejectedError(
      `${this.fileName} ${what}. Nothing was imported. Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8; ` +
        'LibreOffice: Character set Unicode (UTF-8)) and import it again.',
    );
  }
}

/** Where the chunk's last, possibly incomplete, sequence starts (the chunk's length when it is complete). */
function incompleteTail(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const length = sequenceLength(bytes[i]);
    if (length === 0) continue;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/** A UTF-16 byte-order mark, or NUL bytes in the first line (ASCII text in UTF-16 is every other byte NUL). */
function isUtf16(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  const firstLine = head.subarray(0, Math.min(head.length, 512));
  return firstLine.includes(0);
}
