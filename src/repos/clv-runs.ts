import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { clvRuns } from '../db/schema.ts';

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

const INSERT_CUSTOMER = 'INSERT INTO clv_customers (run_id, customer_id, p_alive, expected_purchases, expected_order_value, clv) VALUES (?, ?, ?, ?, ?, ?)';
const PAGE_SQL = `
  SELECT customer_id AS customerId, p_alive AS pAlive, expected_purchases AS expectedPurchases,
         expected_order_value AS expectedOrderValue, clv
  FROM clv_customers WHERE run_id = @runId AND customer_id > @after ORDER BY customer_id LIMIT @limit`;
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
    const sqlite = this.db.$client;
    const insert = sqlite.prepare(INSERT_CUSTOMER);
    return this.db.transaction((tx) => {
      const stored = run.jobRunId ? tx.select().from(clvRuns).where(eq(clvRuns.jobRunId, run.jobRunId)).get() : undefined;
      if (stored) return stored;
      const saved = tx.insert(clvRuns).values(run).returning().get();
      for (let i = 0; i < customers.ids.length; i++) {
        insert.run(saved.id, String(customers.ids[i]), customers.pAlive[i], customers.expectedPurchases[i], customers.expectedOrderValue[i], customers.clv[i]);
      }
      sqlite.prepare(PRUNE_SQL).run();
      return saved;
    });
  }

  async latest(): Promise<ClvRun | undefined> {
    return this.db.select().from(clvRuns).orderBy(desc(clvRuns.id)).limit(1).get();
  }

  async get(id: number): Promise<ClvRun | undefined> {
    return this.db.select().from(clvRuns).where(eq(clvRuns.id, id)).get();
  }

  /** Whether the run still has its per-customer rows (older runs are pruned). */
  async hasCustomers(runId: number): Promise<boolean> {
    return this.db.$client.prepare('SELECT 1 FROM clv_customers WHERE run_id = ? LIMIT 1').get(runId) !== undefined;
  }

  /**
   * A run's customers in pages of `pageSize`, ordered by customer id (keyset pagination on the
   * primary key): memory stays flat, and no statement is left open while the caller awaits.
   */
  async *customers(runId: number, pageSize = 10_000): AsyncGenerator<ClvCustomerRow[]> {
    const page = this.db.$client.prepare(PAGE_SQL);
    let after = '';
    for (;;) {
      const rows = page.all({ runId, after, limit: pageSize }) as ClvCustomerRow[];
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].customerId;
    }
  }
}
