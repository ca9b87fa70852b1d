// Checkpoints a WAL database from a thread of its own (see checkpointAfterCommit in import-staging.ts):
// copying a large import's pages from the write-ahead log into the database file, and syncing it,
// takes a while and would otherwise hold the event loop of the connection that committed.
// Started before the commit, it waits for { type: 'checkpoint' } (or { type: 'cancel' }), then
// replies { type: 'done', log, checkpointed } or { type: 'failed', message }. Plain JavaScript: it
// starts as plain Node, without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const port = parentPort;
port.once('message', (message) => {
  if (message.type !== 'checkpoint') return port.close();
  let database;
  try {
    database = new Database(workerData.file, { fileMustExist: true });
    database.pragma('busy_timeout = 5000');
    // PASSIVE: never waits for, nor blocks, the other connections' readers and writers.
    const [result] = database.pragma('wal_checkpoint(PASSIVE)');
    port.postMessage({ type: 'done', log: result.log, checkpointed: result.checkpointed });
  } catch (err) {
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (database?.open) database.close();
    port.close();
  }
});
