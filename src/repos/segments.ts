import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { segmentAssignments, segmentRuns } from '../db/schema.ts';

export type SegmentRun = typeof segmentRuns.$inferSelect;
export type SegmentAssignment = Omit<typeof segmentAssignments.$inferSelect, 'runId'>;
export interface SegmentProduct {
  code: string;
  name: string;
  revenue: number;
}
export type NewSegmentRun = Omit<typeof segmentRuns.$inferInsert, 'id' | 'createdAt'>;

/** Rows per INSERT: 7 × 128 parameters, under SQLite's limit. */
const ASSIGNMENTS_PER_STATEMENT = 128;

/** Segmentation runs and every customer's assignment, so runs can be compared and reused. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  /** Stores a run and all its assignments in one transaction (prepared multi-row inserts: 40,000 customers in well under a second). */
  async saveRun(run: NewSegmentRun, assignments: SegmentAssignment[]): Promise<SegmentRun> {
    const sqlite = this.db.$client;
    const columns = '(run_id, customer_id, cluster, segment, recency_days, frequency, monetary)';
    const insert = (rows: number) => sqlite.prepare(`INSERT INTO segment_assignments ${columns} VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const values = (runId: number, rows: readonly SegmentAssignment[]) =>
      rows.flatMap((a) => [runId, a.customerId, a.cluster, a.segment, a.recencyDays, a.frequency, a.monetary]);
    return this.db.transaction((tx) => {
      // Idempotent per job: a retried job (its first attempt stored the run, then failed) gets the stored run back.
      const stored = run.jobRunId ? tx.select().from(segmentRuns).where(eq(segmentRuns.jobRunId, run.jobRunId)).get() : undefined;
      if (stored) return stored;
      const saved = tx.insert(segmentRuns).values(run).returning().get();
      const full = insert(ASSIGNMENTS_PER_STATEMENT);
      let at = 0;
      for (; at + ASSIGNMENTS_PER_STATEMENT <= assignments.length; at += ASSIGNMENTS_PER_STATEMENT) full.run(values(saved.id, assignments.slice(at, at + ASSIGNMENTS_PER_STATEMENT)));
      if (at < assignments.length) insert(assignments.length - at).run(values(saved.id, assignments.slice(at)));
      return saved;
    });
  }

  /** Replaces a run's segment summaries (products and actions are added once its assignments are stored). */
  async updateSummaries(runId: number, segments: unknown[]): Promise<void> {
    this.db.update(segmentRuns).set({ segments }).where(eq(segmentRuns.id, runId)).run();
  }

  async latest(): Promise<SegmentRun | undefined> {
    return this.db.select().from(segmentRuns).orderBy(desc(segmentRuns.id)).limit(1).get();
  }

  /** The newest run with the same comparable key, older than `beforeRunId` when given. */
  async previousComparable(comparableKey: string, beforeRunId?: number): Promise<SegmentRun | undefined> {
    const where = beforeRunId
      ? and(eq(segmentRuns.comparableKey, comparableKey), lt(segmentRuns.id, beforeRunId))
      : eq(segmentRuns.comparableKey, comparableKey);
    return this.db.select().from(segmentRuns).where(where).orderBy(desc(segmentRuns.id)).limit(1).get();
  }

  async get(runId: number): Promise<SegmentRun | undefined> {
    return this.db.select().from(segmentRuns).where(eq(segmentRuns.id, runId)).get();
  }

  /** The members of one segment of a run, most valuable first, with their country (`top` of them). */
  async topMembers(runId: number, segment: string, top: number): Promise<Array<SegmentAssignment & { country: string | null }>> {
    return this.db.$client
      .prepare(
        `SELECT a.customer_id AS customerId, a.cluster, a.segment, a.recency_days AS recencyDays, a.frequency, a.monetary, c.country
         FROM segment_assignments a LEFT JOIN customers c ON c.id = a.customer_id
         WHERE a.run_id = ? AND a.segment = ?
         ORDER BY a.monetary DESC, a.customer_id LIMIT ?`,
      )
      .all(runId, segment, top) as Array<SegmentAssignment & { country: string | null }>;
  }

  /** Per segment of a run: its members' mean chance of still being active and their expected revenue, from a clv run. */
  async clvBySegment(runId: number, clvRunId: number): Promise<Map<string, { customers: number; meanPAlive: number; expectedRevenue: number }>> {
    const rows = this.db.$client
      .prepare(
        `SELECT a.segment AS segment, count(*) AS customers, avg(c.p_alive) AS meanPAlive, sum(c.clv) AS expectedRevenue
         FROM segment_assignments a JOIN clv_customers c ON c.customer_id = a.customer_id AND c.run_id = ?
         WHERE a.run_id = ?
         GROUP BY a.segment`,
      )
      .all(clvRunId, runId) as Array<{ segment: string; customers: number; meanPAlive: number; expectedRevenue: number }>;
    return new Map(rows.map(({ segment, ...figures }) => [segment, figures]));
  }

  /** Per segment of a run: what its members spent (net of returns) from `since` to `until` (ms, inclusive). */
  async spendBySegment(runId: number, since: number, until: number): Promise<Map<string, number>> {
    const rows = this.db.$client
      .prepare(
        `SELECT a.segment AS segment, sum(o.amount) AS spend
         FROM segment_assignments a JOIN orders o ON o.customer_id = a.customer_id
         WHERE a.run_id = ? AND o.ordered_at >= ? AND o.ordered_at <= ?
         GROUP BY a.segment`,
      )
      .all(runId, since, until) as Array<{ segment: string; spend: number }>;
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
    const rows = this.db.$client
      .prepare(
        // Summed per (segment, product) before the names are joined: one name look-up per kept product, not per line.
        `WITH per AS (
           SELECT a.segment AS segment, o.product_code AS code, sum(o.amount) AS revenue
           FROM segment_assignments a
           JOIN orders o ON o.customer_id = a.customer_id AND o.ordered_at <= @until AND o.ordered_at >= coalesce(@since, o.ordered_at)
           WHERE a.run_id = @runId AND o.product_code IS NOT NULL
             AND (@segments IS NULL OR a.segment IN (SELECT value FROM json_each(@segments)))
           GROUP BY a.segment, o.product_code),
         ranked AS (SELECT segment, code, revenue, row_number() OVER (PARTITION BY segment ORDER BY revenue DESC, code) AS rank FROM per)
         SELECT r.segment, r.code, p.name, round(r.revenue, 2) AS revenue
         FROM ranked r JOIN products p ON p.code = r.code
         WHERE r.rank <= @perSegment AND r.revenue > 0
         ORDER BY r.segment, r.rank`,
      )
      .all({ until: window.until, since: window.since ?? null, runId, perSegment, segments: segments ? JSON.stringify(segments) : null }) as Array<
      SegmentProduct & { segment: string }
    >;
    const out = new Map<string, SegmentProduct[]>();
    for (const { segment, ...product } of rows) (out.get(segment) ?? out.set(segment, []).get(segment)!).push(product);
    return out;
  }

  async assignments(runId: number, segment?: string): Promise<SegmentAssignment[]> {
    return this.db
      .select({
        customerId: segmentAssignments.customerId,
        cluster: segmentAssignments.cluster,
        segment: segmentAssignments.segment,
        recencyDays: segmentAssignments.recencyDays,
        frequency: segmentAssignments.frequency,
        monetary: segmentAssignments.monetary,
      })
      .from(segmentAssignments)
      .where(segment === undefined ? eq(segmentAssignments.runId, runId) : and(eq(segmentAssignments.runId, runId), eq(segmentAssignments.segment, segment)))
      .all();
  }
}
