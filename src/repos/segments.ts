import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { segmentAssignments, segmentRuns } from '../db/schema.ts';
import { insertRows } from './bulk-insert.ts';

export type SegmentRun = typeof segmentRuns.$inferSelect;
export type SegmentAssignment = Omit<typeof segmentAssignments.$inferSelect, 'runId'>;
export interface SegmentProduct {
  code: string;
  name: string;
  revenue: number;
}
export type NewSegmentRun = Omit<typeof segmentRuns.$inferInsert, 'id' | 'createdAt'>;

const ASSIGNMENT_COLUMNS = ['run_id', 'customer_id', 'cluster', 'segment', 'recency_days', 'frequency', 'monetary'];

/** Segmentation runs and every customer's assignment, so runs can be compared and reused. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  /** Stores a run and all its assignments in one transaction (multi-row inserts: 40,000 customers in well under a second). */
  async saveRun(run: NewSegmentRun, assignments: SegmentAssignment[]): Promise<SegmentRun> {
    return this.db.transaction(async (tx) => {
      // Idempotent per job: a retried job (its first attempt stored the run, then failed) gets the stored run back.
      if (run.jobRunId) {
        const jobRunId = run.jobRunId;
        const [stored] = await tx.query((orm, { segmentRuns: r }) => orm.select().from(r).where(eq(r.jobRunId, jobRunId)));
        if (stored) return stored;
      }
      const [saved] = await tx.query((orm, { segmentRuns: r }) => orm.insert(r).values(run).returning());
      const runId = saved!.id;
      await insertRows(tx, 'segment_assignments', ASSIGNMENT_COLUMNS, assignments.length, (i) => {
        const a = assignments[i]!;
        return [runId, a.customerId, a.cluster, a.segment, a.recencyDays, a.frequency, a.monetary];
      });
      return saved!;
    });
  }

  /** Replaces a run's segment summaries (products and actions are added once its assignments are stored). */
  async updateSummaries(runId: number, segments: unknown[]): Promise<void> {
    await this.db.query((orm, { segmentRuns: r }) => orm.update(r).set({ segments }).where(eq(r.id, runId)));
  }

  async latest(): Promise<SegmentRun | undefined> {
    const [row] = await this.db.query((orm, { segmentRuns: r }) => orm.select().from(r).orderBy(desc(r.id)).limit(1));
    return row;
  }

  /** The newest run with the same comparable key, older than `beforeRunId` when given. */
  async previousComparable(comparableKey: string, beforeRunId?: number): Promise<SegmentRun | undefined> {
    const [row] = await this.db.query((orm, { segmentRuns: r }) => {
      const where = beforeRunId ? and(eq(r.comparableKey, comparableKey), lt(r.id, beforeRunId)) : eq(r.comparableKey, comparableKey);
      return orm.select().from(r).where(where).orderBy(desc(r.id)).limit(1);
    });
    return row;
  }

  async get(runId: number): Promise<SegmentRun | undefined> {
    const [row] = await this.db.query((orm, { segmentRuns: r }) => orm.select().from(r).where(eq(r.id, runId)));
    return row;
  }

  /** The members of one segment of a run, most valuable first, with their country (`top` of them). */
  async topMembers(runId: number, segment: string, top: number): Promise<Array<SegmentAssignment & { country: string | null }>> {
    return this.db.all<SegmentAssignment & { country: string | null }>(
      `SELECT a.customer_id AS "customerId", a.cluster, a.segment, a.recency_days AS "recencyDays", a.frequency, a.monetary, c.country
       FROM segment_assignments a LEFT JOIN customers c ON c.id = a.customer_id
       WHERE a.run_id = ? AND a.segment = ?
       ORDER BY a.monetary DESC, a.customer_id LIMIT ?`,
      [runId, segment, top],
    );
  }

  /** Per segment of a run: its members' mean chance of still being active and their expected revenue, from a clv run. */
  async clvBySegment(runId: number, clvRunId: number): Promise<Map<string, { customers: number; meanPAlive: number; expectedRevenue: number }>> {
    const rows = await this.db.all<{ segment: string; customers: number; meanPAlive: number; expectedRevenue: number }>(
      `SELECT a.segment AS segment, count(*) AS customers, avg(c.p_alive) AS "meanPAlive", sum(c.clv) AS "expectedRevenue"
       FROM segment_assignments a JOIN clv_customers c ON c.customer_id = a.customer_id AND c.run_id = ?
       WHERE a.run_id = ?
       GROUP BY a.segment`,
      [clvRunId, runId],
    );
    return new Map(rows.map(({ segment, ...figures }) => [segment, figures]));
  }

  /** Per segment of a run: what its members spent (net of returns) from `since` to `until` (ms, inclusive). */
  async spendBySegment(runId: number, since: number, until: number): Promise<Map<string, number>> {
    const rows = await this.db.all<{ segment: string; spend: number }>(
      `SELECT a.segment AS segment, sum(o.amount) AS spend
       FROM segment_assignments a JOIN orders o ON o.customer_id = a.customer_id
       WHERE a.run_id = ? AND o.ordered_at >= ? AND o.ordered_at <= ?
       GROUP BY a.segment`,
      [runId, since, until],
    );
    return new Map(rows.map((r) => [r.segment, r.spend]));
  }

  /**
   * Per segment of a run: the products its members bought most from `since` (when given) to `until`
   * (ms, inclusive), by revenue net of returns, best first (`perSegment` of them; ties by code); only
   * the segments named in `segments` when given.
   */
  async topProductsBySegment(
    runId: number,
    window: { since?: number; until: number },
    perSegment: number,
    segments?: readonly string[],
  ): Promise<Map<string, SegmentProduct[]>> {
    const onlySegments = segments ? `AND a.segment IN (${segments.map(() => '?').join(', ') || 'NULL'})` : '';
    const rows = await this.db.all<SegmentProduct & { segment: string }>(
      // Summed per (segment, product) before the names are joined: one name look-up per kept product, not per line.
      `WITH per AS (
         SELECT a.segment AS segment, o.product_code AS code, sum(o.amount) AS revenue
         FROM segment_assignments a
         JOIN orders o ON o.customer_id = a.customer_id AND o.ordered_at <= ? AND o.ordered_at >= ?
         WHERE a.run_id = ? AND o.product_code IS NOT NULL ${onlySegments}
         GROUP BY a.segment, o.product_code),
       ranked AS (SELECT segment, code, revenue, row_number() OVER (PARTITION BY segment ORDER BY revenue DESC, code) AS rank FROM per)
       SELECT r.segment, r.code, p.name, r.revenue
       FROM ranked r JOIN products p ON p.code = r.code
       WHERE r.rank <= ? AND r.revenue > 0
       ORDER BY r.segment, r.rank`,
      [window.until, window.since ?? Number.MIN_SAFE_INTEGER, runId, ...(segments ?? []), perSegment],
    );
    const out = new Map<string, SegmentProduct[]>();
    for (const { segment, revenue, ...product } of rows) (out.get(segment) ?? out.set(segment, []).get(segment)!).push({ ...product, revenue: roundCents(revenue) });
    return out;
  }

  async assignments(runId: number, segment?: string): Promise<SegmentAssignment[]> {
    return this.db.query((orm, { segmentAssignments: a }) =>
      orm
        .select({ customerId: a.customerId, cluster: a.cluster, segment: a.segment, recencyDays: a.recencyDays, frequency: a.frequency, monetary: a.monetary })
        .from(a)
        .where(segment === undefined ? eq(a.runId, runId) : and(eq(a.runId, runId), eq(a.segment, segment)))
        .orderBy(asc(a.customerId)),
    );
  }
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
