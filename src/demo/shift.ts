import type { DemoCustomer, DemoOrderLine } from './customers.ts';
import type { DemoMedia } from './media.ts';
import { DAY_MS, DEMO_CHANNELS, DEMO_END_MS } from './params.ts';

const WEEK_MS = 7 * DAY_MS;

interface DemoData {
  customers: DemoCustomer[];
  orderLines: DemoOrderLine[];
  media: DemoMedia;
}

/**
 * The demo data moved forward by whole weeks (weekdays, Monday weeks and seasons keep their
 * shape) so that its last day is the last day before `endBefore`; what then falls at or after
 * `endBefore` (up to six days of orders, and a week of spend still running) is left out.
 */
export function shiftDemo(data: DemoData, endBefore: number | undefined): DemoData {
  if (endBefore === undefined) return data;
  const shift = Math.ceil((endBefore - 1 - DEMO_END_MS) / WEEK_MS) * WEEK_MS;
  const orderLines = data.orderLines.map((line) => ({ ...line, orderedAt: line.orderedAt + shift })).filter((line) => line.orderedAt < endBefore);
  const buyers = new Set(orderLines.map((line) => line.customerId));
  const customers = data.customers.filter((c) => buyers.has(c.id)).map((c) => ({ ...c, joinedAt: c.joinedAt + shift }));
  const weeks = data.media.weeks.map((week) => new Date(Date.parse(`${week}T00:00:00Z`) + shift).toISOString().slice(0, 10));
  const kept = weeks.filter((week) => Date.parse(`${week}T00:00:00Z`) + WEEK_MS <= endBefore).length;
  const cut = <T>(values: T[]) => values.slice(0, kept);
  const media: DemoMedia = {
    weeks: cut(weeks),
    spend: Object.fromEntries(DEMO_CHANNELS.map((c) => [c, cut(data.media.spend[c])])) as DemoMedia['spend'],
    effects: Object.fromEntries(DEMO_CHANNELS.map((c) => [c, cut(data.media.effects[c])])) as DemoMedia['effects'],
    baseline: cut(data.media.baseline),
    revenue: cut(data.media.revenue),
  };
  return { customers, orderLines, media };
}
