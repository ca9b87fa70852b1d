import type { Config } from '../../config.ts';
import type { Table } from '../../core/reply.ts';
import { BadInputError } from '../../errors.ts';
import { RFM_SEGMENTS } from '../../ml/segment-naming.ts';
import type { JobContext, JobResult } from '../../queue/job.ts';
import type { Repositories } from '../../repos/index.ts';
import { DAY_MS, isoDay } from '../../time/calendar.ts';
import { listNames } from './offers.ts';
import type { SegmentSummary } from './segmentation.ts';

/** Segments whose past spend is at stake if nothing is done. */
const AT_RISK = new Set(['At risk', "Can't lose them", 'About to sleep', 'Hibernating', 'Need attention']);
const YEAR_MS = 365 * DAY_MS;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const money = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });

export interface SegmentShowData {
  runId: number;
  segment: string;
  customers: number;
  customerShare: number;
  revenueShare: number;
  /** Spend of its members in the 12 months before the run's reference date (net of returns). */
  lastYearSpend: number;
  top: Array<{ customerId: string; country: string | null; lastPurchase: string; orders: number; spend: number }>;
  /** Its best sellers (its members' purchases up to the run's date), when the orders name products. */
  topProducts: Array<{ code: string; name: string; revenue: number }>;
}

/**
 * Who is in one segment of a stored run, what they are worth and what to do: the answer of
 * `segment show`, and of `segment` when it was asked to show a segment (no run existed yet).
 */
export async function showSegment(
  { runId, segment, top }: { runId: number; segment: string; top: number },
  ctx: { repos: Repositories; config: Pick<Config, 'currency'>; progress: JobContext['progress'] },
): Promise<JobResult<SegmentShowData>> {
  const run = await ctx.repos.segments.get(runId);
  if (!run) throw new BadInputError(`Segmentation run ${runId} is gone; run \`segment\` again.`);
  const summaries = run.segments as SegmentSummary[];
  const found = summaries.find((s) => s.name === segment);
  if (!found) {
    throw new BadInputError(`The latest segmentation (run ${runId}) has no ${segment} customers. Its segments: ${summaries.map((s) => s.name).join(', ')}.`);
  }
  await ctx.progress(30, 'Finding its most valuable customers');
  const members = await ctx.repos.segments.topMembers(runId, segment, top);
  const spend = await ctx.repos.segments.spendBySegment(runId, run.asOf - YEAR_MS, run.asOf);
  const lastYearSpend = spend.get(segment) ?? 0;
  const rows = members.map((m) => ({
    customerId: m.customerId,
    country: m.country,
    lastPurchase: isoDay(run.asOf - m.recencyDays * DAY_MS),
    orders: m.frequency,
    spend: m.monetary,
  }));
  const currency = ctx.config.currency ? `${ctx.config.currency} ` : '';
  const action = found.action ?? RFM_SEGMENTS.find((s) => s.name === segment)?.action;
  const topProducts = found.topProducts ?? [];
  const products = topProducts.length
    ? `*What they buy most* (${found.topProductsSince === 'all' ? `all their purchases to ${isoDay(run.asOf)}: none in the last 12 months` : `the 12 months to ${isoDay(run.asOf)}`}): ${listNames(topProducts.map((p) => `${p.name} (${currency}${money(p.revenue)})`))}.`
    : '';
  const stake = AT_RISK.has(segment) ? ` *Revenue at stake:* ${currency}${money(lastYearSpend)}, what they spent in the 12 months to ${isoDay(run.asOf)}.` : ` They spent ${currency}${money(lastYearSpend)} in the 12 months to ${isoDay(run.asOf)}.`;
  const table: Table = {
    title: `Top ${rows.length} ${segment} customers by spend`,
    columns: ['Customer', 'Country', 'Last purchase', 'Orders', 'Spend'],
    rows: rows.map((r) => [r.customerId, r.country ?? '-', r.lastPurchase, r.orders, money(r.spend)]),
    align: ['left', 'left', 'left', 'right', 'right'],
  };
  const text = [
    `*${segment}*: ${found.customers.toLocaleString('en')} customers, ${percent(found.customerShare)} of customers and ${percent(found.revenueShare)} of revenue (run ${runId}, as of ${isoDay(run.asOf)}).${stake}`,
    products,
    action ? `*What to do:* ${action}` : '',
  ].filter(Boolean).join('\n');
  const data: SegmentShowData = { runId, segment, customers: found.customers, customerShare: found.customerShare, revenueShare: found.revenueShare, lastYearSpend, top: rows, topProducts };
  return { summary: `${segment}: ${found.customers} customers (run ${runId})`, reply: { text, tables: [table] }, data };
}
