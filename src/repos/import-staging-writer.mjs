// The staging writer of an import (see import-staging.ts): writes the rows an import has read into
// a private SQLite file. It runs on the import's thread for small files and on a worker thread of its
// own (import-staging-thread.mjs) for large ones, so that writing overlaps reading. Plain JavaScript,
// so the worker thread starts in milliseconds (no TypeScript loader); types in import-staging-writer.d.mts.
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

/**
 * Opens the staging file (creating its tables unless `resume`) inside one transaction: the file is
 * private, so nothing else ever waits on it. `handle` writes one message; 'close' commits and closes.
 */
export function openStagingWriter({ file, cacheKib, resume }) {
  const db = new Database(file);
  try {
    if (!resume) db.pragma('page_size = 65536');
    // Private and disposable: no journal, no syncing (written once, read once, in order).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${cacheKib}`);
    if (!resume) db.exec(SCHEMA);
  } catch (err) {
    db.close();
    throw err;
  }
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

  return {
    handle(m) {
      if (m.type === 'orders') stageOrders(m);
      else if (m.type === 'customers') for (const row of m.rows) statements.customer.run(row);
      else if (m.type === 'spend') for (const row of m.rows) statements.spend.run(row);
      else if (m.type === 'kpi') for (const row of m.rows) statements.kpi.run(row);
      else if (m.type === 'close') {
        db.exec('COMMIT');
        db.close();
      } else throw new Error(`unknown staging message ${m.type}`);
    },
    /** Closes without committing (the stage is being discarded). */
    abandon() {
      if (db.open) db.close();
    },
  };
}
