// Builds the declared indexes an import left missing (see buildMissingIndexesInBackground in
// declared-indexes.ts), on a connection of its own, one index per transaction, so that the rows are
// readable and the event loop free meanwhile. Another connection may build one first (a job that needs
// it, the next import): each is looked for again once the write lock is held. Plain JavaScript: it
// starts as plain Node, without the TypeScript loader.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, table, indexes } = workerData;
const db = new Database(file, { fileMustExist: true });
try {
  db.pragma('synchronous = NORMAL');
  // Waits for the other connections' writes (they are short); blocks only this thread.
  db.pragma('busy_timeout = 60000');
  const present = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ?").pluck();
  for (const index of indexes) {
    db.transaction(() => {
      if (!present.all(table).includes(index.name)) db.exec(index.sql);
    }).immediate();
  }
  // The indexes' last pages into the database file too, here rather than in someone's event loop.
  // PASSIVE waits for no one; busy means another checkpoint is copying them already.
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    if (err?.code !== 'SQLITE_BUSY' && err?.code !== 'SQLITE_LOCKED') throw err;
  }
} finally {
  db.close();
}
