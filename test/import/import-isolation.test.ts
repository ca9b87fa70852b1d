import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/client.ts';
import { ImportRejectedError } from '../../src/errors.ts';
import { importOrdersFile, importSpendFile } from '../../src/import/index.ts';
import { createRepositories, type Repositories } from '../../src/repos/index.ts';

/**
 * The bot's SQLite connection is shared by every request. An import streams its file (awaiting
 * between chunks) but must never hold a transaction open meanwhile: other requests' writes made
 * while it streams must survive its failure, and a failed import must leave nothing behind.
 */

const LINES = 120_000; // several 1 MiB chunks, so the import awaits many times

/** An orders file; `badDateShare` of the lines have an unreadable date. */
function ordersCsv(badDateShare: number): string {
  const rows = ['InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country'];
  for (let i = 0; i < LINES; i++) {
    const bad = (i % 100) / 100 < badDateShare;
    rows.push(`${500000 + (i >> 3)},${12000 + (i % 997)}.0,${bad ? 'someday' : `2011-0${1 + (i % 9)}-1${i % 10} 10:${10 + (i % 50)}:00`},${1 + (i % 12)},2.55,United Kingdom`);
  }
  return `${rows.join('\n')}\n`;
}

let dir: string;
let stagingDir: string;
let savedTmpdir: string | undefined;
let mostlyBad: string;
let truncatedGzip: string;
let good: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pulse-isolation-'));
  // Staging files go to the OS temp folder: point it at a folder of our own to check it is emptied.
  stagingDir = mkdtempSync(path.join(tmpdir(), 'pulse-isolation-staging-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = stagingDir;
  mostlyBad = path.join(dir, 'mostly-bad.csv');
  writeFileSync(mostlyBad, ordersCsv(0.6));
  const gzipped = gzipSync(ordersCsv(0));
  truncatedGzip = path.join(dir, 'truncated.csv.gz');
  writeFileSync(truncatedGzip, gzipped.subarray(0, Math.floor(gzipped.length * 0.7)));
  good = path.join(dir, 'good.csv.gz');
  writeFileSync(good, gzipped);
});

afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(dir, { recursive: true, force: true });
  rmSync(stagingDir, { recursive: true, force: true });
});

describe('an import on the shared connection', () => {
  let handle: SqliteHandle;
  let repos: Repositories;
  beforeEach(() => {
    handle = openDatabase(':memory:');
    repos = createRepositories(handle.db);
  });
  afterEach(() => handle.close());

  const count = (table: string) => (handle.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  /**
   * Runs `importing` while "other requests" write audit rows and job runs through the repositories,
   * both from timers and from the import's own progress callback; checks that no transaction is ever
   * open on the connection while the file streams (checked by `expectNoTransactionSeen`).
   * Returns how many audit rows and job runs were written.
   */
  let openTransactionsSeen = 0;
  /** Most staging folders seen at once while the import ran (written past the memory budget). */
  let stagingFilesSeen = 0;
  const expectNoTransactionSeen = () => expect(openTransactionsSeen).toBe(0);
  async function whileOthersWrite(importing: (onProgress: () => void) => Promise<unknown>): Promise<{ written: number; outcome: unknown }> {
    let written = 0;
    const writes: Promise<unknown>[] = [];
    openTransactionsSeen = 0;
    stagingFilesSeen = 0;
    const write = () => {
      if (handle.sqlite.inTransaction) openTransactionsSeen++;
      stagingFilesSeen = Math.max(stagingFilesSeen, readdirSync(stagingDir).length);
      written++;
      writes.push(repos.audit.record({ source: 'test', text: `request ${written}`, outcome: 'ok' }));
      writes.push(repos.jobRuns.recordQueued({ id: `job-${written}`, kind: 'segment', args: {} }));
    };
    const timer = setInterval(write, 1);
    let outcome: unknown;
    try {
      outcome = await importing(write);
    } catch (err) {
      outcome = err;
    } finally {
      clearInterval(timer);
    }
    // Bookkeeping writes are stored in batches, at the end of the event loop's turn: wait for the last.
    await Promise.all(writes);
    expect(written).toBeGreaterThan(3);
    return { written, outcome };
  }

  it('keeps other requests\' writes when the file is rejected as mostly unreadable, and writes nothing of it', async () => {
    const { written, outcome } = await whileOthersWrite((onProgress) => importOrdersFile(handle.db, mostlyBad, { onProgress }));
    expect(outcome).toBeInstanceOf(ImportRejectedError);
    expect((outcome as Error).message).toMatch(/could not be read/);
    expect([count('audit_log'), count('job_runs')]).toEqual([written, written]);
    expect([count('imports'), count('orders'), count('customers')]).toEqual([0, 0, 0]);
    expect(handle.sqlite.inTransaction).toBe(false);
    expectNoTransactionSeen();
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  it('keeps other requests\' writes when the file breaks off half-way (truncated gzip), and writes nothing of it', async () => {
    const { written, outcome } = await whileOthersWrite((onProgress) => importOrdersFile(handle.db, truncatedGzip, { onProgress }));
    expect(outcome).toBeInstanceOf(ImportRejectedError);
    expect((outcome as Error).message).toMatch(/cannot be decompressed/);
    expect([count('audit_log'), count('job_runs')]).toEqual([written, written]);
    expect([count('imports'), count('orders'), count('customers')]).toEqual([0, 0, 0]);
    expectNoTransactionSeen();
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  it('keeps other requests\' writes alongside a successful import, which is written whole', async () => {
    const inMemory = { memoryRows: 2 * LINES };
    const { written, outcome } = await whileOthersWrite((onProgress) => importOrdersFile(handle.db, good, { onProgress, staging: inMemory }));
    expect(outcome).toMatchObject({ linesRead: LINES, imported: LINES, customers: 997 });
    expect([count('audit_log'), count('job_runs')]).toEqual([written, written]);
    expect([count('imports'), count('orders'), count('customers')]).toEqual([1, LINES, 997]);
    expect(stagingFilesSeen).toBe(0); // within the memory budget: no staging file
    expectNoTransactionSeen();
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  describe('past the memory budget, staged in a private file', () => {
    const staging = { memoryRows: 10_000 };

    it('keeps other requests\' writes when the file is rejected, and deletes the staging file', async () => {
      const { written, outcome } = await whileOthersWrite((onProgress) =>
        importOrdersFile(handle.db, mostlyBad, { onProgress, staging }),
      );
      expect(outcome).toBeInstanceOf(ImportRejectedError);
      expect(stagingFilesSeen).toBe(1);
      expect([count('audit_log'), count('job_runs')]).toEqual([written, written]);
      expect([count('imports'), count('orders'), count('customers')]).toEqual([0, 0, 0]);
      expectNoTransactionSeen();
      expect(readdirSync(stagingDir)).toEqual([]);
    });

    it('writes the whole file in file order, as from memory', async () => {
      const { written, outcome } = await whileOthersWrite((onProgress) =>
        importOrdersFile(handle.db, good, { onProgress, staging }),
      );
      expect(stagingFilesSeen).toBe(1);
      expect(outcome).toMatchObject({ linesRead: LINES, imported: LINES, customers: 997 });
      expect([count('audit_log'), count('imports'), count('orders'), count('customers')]).toEqual([written, 1, LINES, 997]);
      const ends = handle.sqlite.prepare('SELECT min(id) AS first, max(id) AS last, min(invoice) AS low, max(invoice) AS high FROM orders').get();
      const byId = handle.sqlite.prepare('SELECT invoice FROM orders ORDER BY id LIMIT 1 OFFSET ?');
      expect(ends).toEqual({ first: 1, last: LINES, low: '500000', high: String(500000 + ((LINES - 1) >> 3)) });
      expect([byId.get(0), byId.get(LINES - 1)]).toEqual([{ invoice: '500000' }, { invoice: String(500000 + ((LINES - 1) >> 3)) }]);
      expectNoTransactionSeen();
      expect(readdirSync(stagingDir)).toEqual([]);
    });
  });

  it('imports the same file once when two requests import it at the same time', async () => {
    const [a, b] = await Promise.all([importOrdersFile(handle.db, good), importOrdersFile(handle.db, good)]);
    expect([a.alreadyImportedAt === null, b.alreadyImportedAt === null].sort()).toEqual([false, true]);
    expect(a.importId).toBe(b.importId);
    expect([count('imports'), count('orders')]).toEqual([1, LINES]);
  });

  it('lets two different files import at the same time, each in its own transaction', async () => {
    const spend = path.join(dir, 'spend.csv');
    writeFileSync(spend, 'date,channel,spend\n2024-01-01,tv,100\n2024-01-08,tv,120\n');
    const [orders, media] = await Promise.all([importOrdersFile(handle.db, good), importSpendFile(handle.db, spend)]);
    expect(orders.imported).toBe(LINES);
    expect(media.spendRows).toBe(2);
    expect(handle.sqlite.prepare('SELECT kind, imported FROM imports ORDER BY kind').all()).toEqual([
      { kind: 'orders', imported: LINES },
      { kind: 'spend', imported: 2 },
    ]);
  });
});
