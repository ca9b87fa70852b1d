// The thread behind SqliteWriter (sqlite-writer.ts): runs batches of statements on its own
// connection, each batch in one transaction. Plain JavaScript: it needs nothing but better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, busyTimeoutMs, giveUpMs } = workerData;
const db = new Database(file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
// Waiting for another connection's write lock blocks only this thread.
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
const prepared = new Map();

function statement(text) {
  let found = prepared.get(text);
  if (!found) prepared.set(text, (found = db.prepare(text)));
  return found;
}

const runBatch = db.transaction((statements) => {
  for (const { text, params } of statements) statement(text).run(...params);
});

function isBusy(err) {
  return typeof err?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(err.code);
}

parentPort.on('message', ({ id, statements }) => {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    try {
      runBatch.immediate(statements);
      parentPort.postMessage({ id });
      return;
    } catch (err) {
      if (isBusy(err) && Date.now() < deadline) continue;
      parentPort.postMessage({ id, error: { message: String(err?.message ?? err), code: err?.code } });
      return;
    }
  }
});
