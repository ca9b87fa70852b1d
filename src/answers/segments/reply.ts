import type { Reply, Table } from '../../core/reply.ts';
import type { SegmentChanges } from '../../ml/segment-changes.ts';
import type { NetNonPositiveCustomer } from '../../repos/customer-features.ts';
import { formatMoney } from '../clv/reply.ts';
import type { Segmentation } from './segmentation.ts';

/** Who was counted: customers imported (unfiltered runs), those with a purchase, and those whose returns cancel it. */
export interface CustomerCounts {
  imported?: number;
  purchasers: number;
  netNonPositive: NetNonPositiveCustomer[];
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const whole = (n: number) => Math.round(n).toLocaleString('en');
const money = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });

/** The `moves` largest moves between names, then the `sizes` segments that grew or shrank most. */
export function describeChanges(changes: SegmentChanges, { moves: moveCount = 3, sizes: sizeCount = 2 } = {}): string[] {
  const moves = changes.movements.slice(0, moveCount).map((m) => `${whole(m.customers)} customer${m.customers === 1 ? '' : 's'} moved ${m.from} → ${m.to}`);
  const sizes = changes.sizes.slice(0, sizeCount).map((s) => {
    if (s.relativeChange === null) return `${s.segment} appeared (${whole(s.after)} customers)`;
    if (s.after === 0) return `${s.segment} disappeared (was ${whole(s.before)} customers)`;
    const verb = s.relativeChange >= 0 ? 'grew' : 'shrank';
    return `${s.segment} ${verb} ${Math.abs(Math.round(s.relativeChange * 100))} %`;
  });
  return [...moves, ...sizes];
}

export function segmentTable(segmentation: Segmentation): Table {
  return {
    title: 'Segments',
    columns: ['Segment', 'Customers', 'Share of customers', 'Share of revenue', 'Median days since purchase', 'Median orders', 'Median spend', 'Action'],
    rows: segmentation.segments.map((s) => [
      s.name,
      whole(s.customers),
      percent(s.customerShare),
      percent(s.revenueShare),
      whole(s.medianRecencyDays),
      whole(s.medianFrequency),
      money(s.medianMonetary),
      s.action,
    ]),
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  };
}

/**
 * Why the number segmented differs from the number imported: customers without a purchase (only
 * returns or zero-value lines), and customers whose returns cancel their purchases (left out, named).
 */
export function countsText(counts: CustomerCounts, segmented: number, currency?: string): string {
  const parts: string[] = [];
  if (counts.imported !== undefined && counts.imported !== counts.purchasers) {
    const without = counts.imported - counts.purchasers;
    parts.push(`Of the ${whole(counts.imported)} customers imported, ${whole(counts.purchasers)} bought something; the other ${whole(without)} have only returns or zero-value lines.`);
  }
  const apart = counts.netNonPositive;
  if (apart.length > 0) {
    const examples = apart.slice(0, 3).map((c) => `${c.customerId} (bought ${formatMoney(c.purchases, currency)}, net ${formatMoney(c.net, currency)})`);
    parts.push(
      `Value is purchases net of returns: ${whole(apart.length)} customer${apart.length === 1 ? '' : 's'} whose returns cancel their purchases ` +
        `(net zero or less) ${apart.length === 1 ? 'is' : 'are'} left out of the segments, e.g. ${examples.join(', ')}.`,
    );
  }
  if (parts.length === 0) return '';
  return `*Who is counted:* ${parts.join(' ')} ${whole(segmented)} customers are segmented.`;
}

export function summaryText(segmentation: Segmentation, customers: number, population: string, changes?: SegmentChanges, countsLine = ''): string {
  const biggest = segmentation.segments
    .slice(0, 3)
    .map((s) => `*${s.name}* ${percent(s.customerShare)} of customers, ${percent(s.revenueShare)} of revenue`)
    .join('; ');
  const paragraphs = [
    `*${segmentation.k} segments* of ${whole(customers)} customers (${population}). ${segmentation.reason}`,
    `Biggest: ${biggest}.`,
  ];
  if (countsLine) paragraphs.push(countsLine);
  if (changes) {
    const lines = describeChanges(changes);
    paragraphs.push(
      lines.length > 0
        ? `*Since the last comparable run:* ${lines.join('; ')}.`
        : '*Since the last comparable run:* no customer changed segment.',
    );
  } else paragraphs.push('This is the first run for these customers, so there is nothing to compare with yet.');
  return paragraphs.join('\n\n');
}

/** Each segment's churn risk and expected revenue, from the latest `clv` run (absent when there is none). */
export interface SegmentClv {
  clvRunId: number;
  horizonDays: number;
  asOf: string;
  bySegment: Map<string, { customers: number; meanPAlive: number; expectedRevenue: number }>;
}

function clvTable(segmentation: Segmentation, clv: SegmentClv): Table {
  return {
    title: `Churn risk and expected revenue (clv run ${clv.clvRunId}, next ${clv.horizonDays} days from ${clv.asOf})`,
    columns: ['Segment', 'Customers scored', 'Mean chance still active', 'Expected revenue'],
    rows: segmentation.segments.map((s) => {
      const figures = clv.bySegment.get(s.name);
      return [s.name, whole(figures?.customers ?? 0), figures ? percent(figures.meanPAlive) : '-', figures ? money(figures.expectedRevenue) : '-'];
    }),
    align: ['left', 'right', 'right', 'right'],
  };
}

export function segmentReply(
  segmentation: Segmentation,
  customers: number,
  population: string,
  chartPath: string,
  changes?: SegmentChanges,
  clv?: SegmentClv,
  counts?: CustomerCounts,
  currency?: string,
): Reply {
  const clvNote = clv ? '' : '\n\nRun `clv` to add each segment\'s chance of still being active and its expected revenue.';
  return {
    text: summaryText(segmentation, customers, population, changes, counts ? countsText(counts, customers, currency) : '') + clvNote,
    tables: clv ? [segmentTable(segmentation), clvTable(segmentation, clv)] : [segmentTable(segmentation)],
    charts: [{ title: 'Customer segments', path: chartPath, altText: `Recency vs spend for ${whole(customers)} customers in ${segmentation.k} segments, and each segment's share of customers and revenue.` }],
  };
}
