// The staging thread of an import (see ImportStage in import-staging.ts): writes the rows the main
// thread reads from the file into the import's private staging file, while the main thread goes on
// reading. It runs the statements it is given, nothing else. Plain JavaScript, so the thread starts
// in a few milliseconds as plain Node, without the TypeScript loader.
//
// Messages in:  { type: 'table', name, create: SQL[], insert, columnCount, suffix }
//               { type: 'rows', name, chunk } (packed: see packChunk in staging-rows.mjs)
//               { type: 'finish' }
// Messages out: { type: 'written', rows } after each chunk; { type: 'finished' } once the file is
//               complete and closed; { type: 'failed', message } on any error (then nothing else).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { insertRows, statementCache, unpackChunk } from './staging-rows.mjs';

const { file, cacheKib } = workerData;
const port = parentPort;
let staging;
const tables = new Map();

function open() {
  staging = new Database(file);
  // Written once and read once, in order: large pages, no journal, no syncing.
  staging.pragma('page_size = 65536');
  staging.pragma('journal_mode = OFF');
  staging.pragma('synchronous = OFF');
  staging.pragma(`cache_size = -${cacheKib}`);
  // The staged tables are defined as the real ones, whose foreign keys point at tables not staged here.
  staging.pragma('foreign_keys = OFF');
  staging.exec('BEGIN');
}

function handle(message) {
  if (message.type === 'table') {
    for (const sql of message.create) staging.exec(sql);
    tables.set(message.name, { statement: statementCache(staging, message.insert, message.columnCount, message.suffix), columnCount: message.columnCount });
  } else if (message.type === 'rows') {
    const table = tables.get(message.name);
    insertRows(table.statement, table.columnCount, [unpackChunk(message.chunk)]);
    port.postMessage({ type: 'written', rows: message.chunk.count });
  } else if (message.type === 'finish') {
    staging.exec('COMMIT');
    staging.close();
    port.postMessage({ type: 'finished' });
    port.close();
  }
}

let failed = false;
port.on('message', (message) => {
  if (failed) return;
  try {
    if (!staging) open();
    handle(message);
  } catch (err) {
    failed = true;
    if (staging?.open) staging.close();
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
});
