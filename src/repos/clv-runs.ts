import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { clvRuns } from '../db/schema.ts';
import { insertRows } from './bulk-insert.ts';

export type ClvRun = typeof clvRuns.$inferSelect;
export type NewClvRun = Omit<typeof clvRuns.$inferInsert, 'id' | 'createdAt'>;

/** Every customer's figures of a run, as columns aligned with `ids`. */
export interface ClvCustomerColumns {
  ids: ArrayLike<string | number>;
  pAlive: ArrayLike<number>;
  expectedPurchases: ArrayLike<number>;
  expectedOrderValue: ArrayLike<number>;
  clv: ArrayLike<number>;
}

export interface ClvCustomerRow {
  customerId: string;
  pAlive: number;
  expectedPurchases: number;
  expectedOrderValue: number;
  clv: number;
}

/** Per-customer rows are kept for this many of the newest runs (a run of a million customers is ~60 MB of rows). */
export const CLV_RUNS_WITH_CUSTOMERS = 3;

const CUSTOMER_COLUMNS = ['run_id', 'customer_id', 'p_alive', 'expected_purchases', 'expected_order_value', 'clv'];
const PAGE_SQL = `
  SELECT customer_id AS "customerId", p_alive AS "pAlive", expected_purchases AS "expectedPurchases",
         expected_order_value AS "expectedOrderValue", clv
  FROM clv_customers WHERE run_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?`;
const PRUNE_SQL = `DELETE FROM clv_customers WHERE run_id NOT IN (SELECT id FROM clv_runs ORDER BY id DESC LIMIT ${CLV_RUNS_WITH_CUSTOMERS})`;

/** Churn / lifetime-value runs and their per-customer results (for `clv export`). */
export class ClvRunRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a run and its customers in one transaction, then drops the customer rows of runs older
   * than the newest CLV_RUNS_WITH_CUSTOMERS (their headline figures stay). Idempotent per job: a
   * retried job (its first attempt stored the run, then failed) gets the stored run back.
   */
  async saveRun(run: NewClvRun, customers: ClvCustomerColumns): Promise<ClvRun> {
    return this.db.transaction(async (tx) => {
      if (run.jobRunId) {
        const jobRunId = run.jobRunId;
        const [stored] = await tx.query((orm, { clvRuns: r }) => orm.select().from(r).where(eq(r.jobRunId, jobRunId)));
        if (stored) return stored;
      }
      const [saved] = await tx.query((orm, { clvRuns: r }) => orm.insert(r).values(run).returning());
      const c = customers;
      await insertRows(tx, 'clv_customers', CUSTOMER_COLUMNS, c.ids.length, (i) => [saved!.id, String(c.ids[i]), c.pAlive[i], c.expectedPurchases[i], c.expectedOrderValue[i], c.clv[i]]);
      await tx.run(PRUNE_SQL);
      return saved!;
    });
  }

  async latest(): Promise<ClvRun | undefined> {
    const [row] = await this.db.query((orm, { clvRuns: r }) => orm.select().from(r).orderBy(desc(r.id)).limit(1));
    return row;
  }

  async get(id: number): Promise<ClvRun | undefined> {
    const [row] = await this.db.query((orm, { clvRuns: r }) => orm.select().from(r).where(eq(r.id, id)));
    return row;
  }

  /** Whether the run still has its per-customer rows (older runs are pruned). */
  async hasCustomers(runId: number): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM clv_customers WHERE run_id = ? LIMIT 1', [runId])) !== undefined;
  }

  /**
   * A run's customers in pages of `pageSize`, ordered by customer id (keyset pagination on the
   * primary key): memory stays flat, and no statement is left open while the caller awaits.
   */
  async *customers(runId: number, pageSize = 10_000): AsyncGenerator<ClvCustomerRow[]> {
    let after = '';
    for (;;) {
      const rows = await this.db.all<ClvCustomerRow>(PAGE_SQL, [runId, after, pageSize]);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].customerId;
    }
  }
}
