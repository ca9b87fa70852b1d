// The staging writer of an import (see import-staging.ts), on a worker thread of its own: it writes
// the rows the import thread has read into a private SQLite file, while that thread reads on.
// Plain JavaScript so the thread starts in milliseconds (no TypeScript loader).
//
// Messages in: { id, type: 'orders', count, invoice[], customerId[], orderedAt: Float64Array,
// amount: Float64Array, quantity: Float64Array, country[], isReturn: Uint8Array }, { id, type:
// 'customers' | 'spend' | 'kpi', rows: [...][] }, { id, type: 'finish' }. Each is answered with
// { id, type: 'ack' } (after 'finish': the file is committed and closed) or { id, type: 'error', message }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE staged_orders (invoice TEXT NOT NULL, customer_id TEXT NOT NULL, ordered_at INTEGER NOT NULL,
    amount REAL NOT NULL, quantity REAL NOT NULL, country TEXT, is_return INTEGER NOT NULL);
  CREATE TABLE staged_customers (id TEXT PRIMARY KEY, country TEXT, first_seen_at INTEGER);
  CREATE TABLE staged_spend (period_start TEXT NOT NULL, channel TEXT NOT NULL, spend REAL NOT NULL, impressions REAL);
  CREATE TABLE staged_kpi (period_start TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL);
`;
/** Rows per multi-row INSERT: binding 7 × 128 values at once beats 128 statements. */
const ROWS_PER_STATEMENT = 128;

const db = new Database(workerData.file);
// Private and disposable: no journal, no syncing, large pages (written once, read once, in order).
db.pragma('page_size = 65536');
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma(`cache_size = -${workerData.cacheKib}`);
db.exec(SCHEMA);
const orderValues = '(?, ?, ?, ?, ?, ?, ?)';
const insertOrders = 'INSERT INTO staged_orders (invoice, customer_id, ordered_at, amount, quantity, country, is_return) VALUES';
const statements = {
  orderChunk: db.prepare(`${insertOrders} ${Array(ROWS_PER_STATEMENT).fill(orderValues).join(', ')}`),
  order: db.prepare(`${insertOrders} ${orderValues}`),
  // A customer staged twice keeps the first country and the earliest time.
  customer: db.prepare(
    `INSERT INTO staged_customers AS c (id, country, first_seen_at) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET
       country = coalesce(c.country, excluded.country),
       first_seen_at = min(coalesce(c.first_seen_at, excluded.first_seen_at), excluded.first_seen_at)`,
  ),
  spend: db.prepare('INSERT INTO staged_spend (period_start, channel, spend, impressions) VALUES (?, ?, ?, ?)'),
  kpi: db.prepare('INSERT INTO staged_kpi (period_start, metric, value) VALUES (?, ?, ?)'),
};
const params = new Array(ROWS_PER_STATEMENT * 7);
// The file is private: one transaction for the whole staging keeps writing cheap.
db.exec('BEGIN');

function stageOrders(m) {
  let start = 0;
  for (; start + ROWS_PER_STATEMENT <= m.count; start += ROWS_PER_STATEMENT) {
    let p = 0;
    for (let i = start; i < start + ROWS_PER_STATEMENT; i++) {
      params[p++] = m.invoice[i];
      params[p++] = m.customerId[i];
      params[p++] = m.orderedAt[i];
      params[p++] = m.amount[i];
      params[p++] = m.quantity[i];
      params[p++] = m.country[i];
      params[p++] = m.isReturn[i];
    }
    statements.orderChunk.run(params);
  }
  for (let i = start; i < m.count; i++) {
    statements.order.run(m.invoice[i], m.customerId[i], m.orderedAt[i], m.amount[i], m.quantity[i], m.country[i], m.isReturn[i]);
  }
}

parentPort.on('message', (m) => {
  try {
    if (m.type === 'orders') stageOrders(m);
    else if (m.type === 'customers') for (const row of m.rows) statements.customer.run(row);
    else if (m.type === 'spend') for (const row of m.rows) statements.spend.run(row);
    else if (m.type === 'kpi') for (const row of m.rows) statements.kpi.run(row);
    else if (m.type === 'finish') {
      db.exec('COMMIT');
      db.close();
    } else throw new Error(`unknown staging message ${m.type}`);
    parentPort.postMessage({ id: m.id, type: 'ack' });
  } catch (err) {
    parentPort.postMessage({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err), code: err?.code });
  }
});
