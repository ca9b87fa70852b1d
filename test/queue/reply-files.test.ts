import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { loadReplyFiles, storeReplyFiles } from '../../src/queue/reply-files.ts';
import { JobFileRepository } from '../../src/repos/job-files.ts';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

/** A worker's charts and exports reach the posting process through the database, not a shared folder. */
describe(`reply files through the database (${testDialect})`, () => {
  let handle: TestDatabase;
  let files: JobFileRepository;
  let workerDir: string;
  beforeEach(async () => {
    handle = await openTestDatabase();
    files = new JobFileRepository(handle.db);
    workerDir = mkdtempSync(path.join(tmpdir(), 'pulse-worker-charts-'));
  });
  afterEach(async () => {
    await handle.close();
    rmSync(workerDir, { recursive: true, force: true });
  });

  it('stores each chart and file where the job ran, and loads them where its folder is not', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const csv = Buffer.from('customer_id,segment\n17850,Champions\n');
    writeFileSync(path.join(workerDir, 'segments-job-1.png'), png);
    writeFileSync(path.join(workerDir, 'segments-job-1.csv'), csv);
    const reply: Reply = {
      text: 'Segments',
      charts: [{ title: 'Segments', path: path.join(workerDir, 'segments-job-1.png'), altText: 'RFM grid' }],
      files: [{ title: 'Members', path: path.join(workerDir, 'segments-job-1.csv'), filename: 'segments.csv', mimeType: 'text/csv' }],
    };
    const stored = await storeReplyFiles(reply, 'job-1', files);
    // What crosses Redis: ids, no bytes.
    const carried = JSON.parse(JSON.stringify(stored)) as Reply;
    expect(carried.charts?.[0]?.storedId).toEqual(expect.any(Number));
    expect(carried.files?.[0]?.storedId).toEqual(expect.any(Number));

    rmSync(workerDir, { recursive: true, force: true }); // the bot's host has no such folder
    const loaded = await loadReplyFiles(carried, files);
    expect(loaded.charts?.[0]?.content).toEqual(png);
    expect(loaded.files?.[0]?.content).toEqual(csv);
    expect((await files.get([carried.charts![0]!.storedId!]))[0]).toMatchObject({ filename: 'segments-job-1.png', mimeType: 'image/png' });
  });

  it('leaves a reply whose files are on this host as it is, and prunes old files', async () => {
    writeFileSync(path.join(workerDir, 'chart.png'), Buffer.from('png'));
    const reply = await storeReplyFiles({ text: 'x', charts: [{ title: 't', path: path.join(workerDir, 'chart.png'), altText: 'a' }] }, 'job-2', files);
    expect((await loadReplyFiles(reply, files)).charts?.[0]?.content).toBeUndefined();
    await files.deleteOlderThan(0, Date.now() + 1000);
    expect(await files.get([reply.charts![0]!.storedId!])).toEqual([]);
  });
});
