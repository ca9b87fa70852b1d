import type pg from 'pg';

/**
 * How an import's order lines go into `orders` on PostgreSQL, inside the import's one transaction.
 *
 * - `maintain`: plain INSERT … SELECT; every line updates the four covering indexes and fires the two
 *   foreign-key triggers (a look-up in customers and imports per line). Right for a few lines into a
 *   large table, and readers of `orders` are never blocked.
 * - `rebuild`: the secondary indexes and foreign keys are dropped, the lines inserted, then the
 *   indexes built again by sorting the whole table and the foreign keys checked by one join
 *   (the 5M-line synthetic file into an empty table: the whole import 178 s → 107 s, measured side
 *   by side with the COPY pipelining of import-stage.ts). DDL is transactional, so a failure or a
 *   rollback puts them back as they were; the stored result is the same. It needs the table to
 *   itself (ACCESS EXCLUSIVE) until the commit, so readers wait for the rest of the import's commit.
 */
export type OrdersLoad = 'maintain' | 'rebuild';

/** Rebuild when the lines to insert are at least this share of the lines already stored (the first import of a file into an empty table always is). */
export const REBUILD_SHARE = 0.5;
/** How long to wait for the tables to ourselves before settling for `maintain` (a long reader of orders, another import). */
const LOCK_WAIT = '2s';
/**
 * Sort memory for this transaction: the insert sorts the staged lines into file order, the index
 * builds sort the table, and the server's defaults (4 MB, 64 MB) spill a large file's sorts to disk.
 */
const SORT_MEMORY = '256MB';

/**
 * Chooses the load for `staged` lines and, for `rebuild`, takes the locks it needs at once (orders,
 * and the tables its foreign keys reference), before the import writes anything, so that two imports
 * committing together cannot deadlock on a lock upgrade: on a timeout or a deadlock it settles for `maintain`.
 */
export async function chooseOrdersLoad(db: pg.PoolClient, staged: number): Promise<OrdersLoad> {
  if (staged === 0) return 'maintain';
  const ceiling = Math.ceil(staged / REBUILD_SHARE);
  // Counted up to the ceiling only: deciding must not cost a scan of a table far larger than the file.
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM orders LIMIT $1) o', [ceiling + 1]);
  if (rows[0]!.n > ceiling) return 'maintain';
  return (await lockForRebuild(db)) ? 'rebuild' : 'maintain';
}

async function lockForRebuild(db: pg.PoolClient): Promise<boolean> {
  await db.query(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
  await db.query('SAVEPOINT orders_load');
  try {
    await db.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
    // Dropping and adding the foreign keys touches the referenced tables' triggers.
    await db.query('LOCK TABLE customers, imports IN SHARE ROW EXCLUSIVE MODE');
    await db.query('RELEASE SAVEPOINT orders_load');
    return true;
  } catch (err) {
    if (!LOCK_FAILURES.has((err as { code?: string }).code ?? '')) throw err;
    await db.query('ROLLBACK TO SAVEPOINT orders_load');
    return false;
  } finally {
    await db.query('SET LOCAL lock_timeout = DEFAULT');
  }
}

/** lock_not_available (the timeout) and deadlock_detected. */
const LOCK_FAILURES = new Set(['55P03', '40P01']);

/**
 * Runs `insert` under the load chosen: for `rebuild`, with the secondary indexes and foreign keys of
 * `orders` dropped before and made again, from their own definitions, after.
 */
export async function loadOrders(db: pg.PoolClient, load: OrdersLoad, insert: () => Promise<void>): Promise<void> {
  await db.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
  if (load === 'maintain') return insert();
  const indexes = await secondaryIndexes(db);
  const foreignKeys = await foreignKeysOf(db);
  if (foreignKeys.length) await db.query(`ALTER TABLE orders ${foreignKeys.map((k) => `DROP CONSTRAINT ${quoted(k.name)}`).join(', ')}`);
  if (indexes.length) await db.query(`DROP INDEX ${indexes.map((i) => quoted(i.name)).join(', ')}`);
  await insert();
  await db.query(`SET LOCAL maintenance_work_mem = '${SORT_MEMORY}'`);
  for (const index of indexes) await db.query(index.definition);
  if (foreignKeys.length) await db.query(`ALTER TABLE orders ${foreignKeys.map((k) => `ADD CONSTRAINT ${quoted(k.name)} ${k.definition}`).join(', ')}`);
}

interface Definition {
  name: string;
  definition: string;
}

/** Indexes that back no constraint (the primary key and unique constraints stay: they guard the rows as they go in). */
function secondaryIndexes(db: pg.PoolClient): Promise<Definition[]> {
  return db
    .query<Definition>(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'orders'::regclass AND NOT i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       ORDER BY c.relname`,
    )
    .then((r) => r.rows);
}

function foreignKeysOf(db: pg.PoolClient): Promise<Definition[]> {
  return db
    .query<Definition>("SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f' ORDER BY conname")
    .then((r) => r.rows);
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
