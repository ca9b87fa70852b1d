import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { ImportsRepository } from '../repos/imports.ts';
import { ImportStagingRepository } from '../repos/import-staging.ts';
import type { NewCustomer } from '../repos/sales.ts';
import { generateDemoOrders } from './customers.ts';
import { generateDemoMedia } from './media.ts';
import { DEMO_CHANNELS, DEMO_DATA_VERSION, DEMO_OUTCOME_METRIC, PRODUCTS } from './params.ts';
import { shiftDemo } from './shift.ts';

export interface DemoSeedSummary {
  seed: number;
  /** True when this seed was already in the database: nothing was written. */
  alreadySeeded: boolean;
  customers: number;
  orderLines: number;
  invoices: number;
  returns: number;
  firstOrderAt: string;
  lastOrderAt: string;
  weeks: number;
  channels: string[];
  totalSpend: number;
  totalRevenueKpi: number;
}

export interface DemoSeedOptions {
  seed?: number;
  /**
   * Move the data forward by whole weeks so that it ends just before this time (ms UTC, e.g. the
   * start of today): "last week" and "yesterday" then have data. Lines at or after it are left out.
   * Unset: the fixed dates of params.ts (2024-01-01 to 2025-12-28), which tests rely on.
   */
  endBefore?: number;
}

/**
 * Writes the demo data set for `seed` in one transaction, through the repositories, and records it
 * in `imports` (kinds 'orders' and 'spend', file name `demo:seed=<seed>`) so seeding again is a no-op.
 * The data is generated in memory first (about 90,000 order lines), staged, then committed at once.
 */
export async function seedDemo(db: Db, { seed = 42, endBefore }: DemoSeedOptions = {}): Promise<DemoSeedSummary> {
  const imports = new ImportsRepository(db);
  const identity = { fileName: `demo:seed=${seed}`, contentHash: demoHash(seed) };
  const previous = await imports.findByHash('orders', identity.contentHash);
  if (previous) return { ...(previous.report as DemoSeedSummary), alreadySeeded: true };

  const { customers, orderLines, media } = shiftDemo({ ...generateDemoOrders(seed), media: generateDemoMedia(seed) }, endBefore);
  const summary = summarise(seed, customers.length, orderLines, media);

  const stage = await new ImportStagingRepository(db).open();
  try {
    await stage.addCustomers(customers.map((c): NewCustomer => ({ id: c.id, country: c.country, firstSeenAt: firstOrderOf(c.id, orderLines) })));
    await stage.addOrderLines(orderLines);
    await stage.addProducts(PRODUCTS.map(({ code, name }) => ({ code, name })));
    await stage.addChannelSpend(
      media.weeks.flatMap((periodStart, w) => DEMO_CHANNELS.map((channel) => ({ periodStart, channel, spend: media.spend[channel][w], impressions: null }))),
    );
    await stage.addKpiValues(media.weeks.map((periodStart, w) => ({ periodStart, metric: DEMO_OUTCOME_METRIC, value: media.revenue[w] })));
    const result = await stage.commit([
      { kind: 'orders', ...identity, importedBy: 'demo', linesRead: orderLines.length, imported: orderLines.length, report: () => summary },
      { kind: 'spend', ...identity, importedBy: 'demo', linesRead: media.weeks.length, imported: media.weeks.length, report: () => summary },
    ]);
    // Seeded by another request meanwhile.
    if (result.status === 'duplicate') return { ...(result.existing.report as DemoSeedSummary), alreadySeeded: true };
  } finally {
    await stage.discard();
  }
  return summary;
}

/** Identifies the generated data: the same seed and generator version give the same rows. */
function demoHash(seed: number): string {
  return createHash('sha256').update(`pulse-demo:v${DEMO_DATA_VERSION}:seed=${seed}`).digest('hex');
}

const firstOrderCache = new WeakMap<object, Map<string, number>>();

/** Earliest order time per customer (lines are sorted by time, so the first seen wins). */
function firstOrderOf(customerId: string, orderLines: { customerId: string; orderedAt: number }[]): number {
  let firsts = firstOrderCache.get(orderLines);
  if (!firsts) {
    firsts = new Map();
    for (const line of orderLines) if (!firsts.has(line.customerId)) firsts.set(line.customerId, line.orderedAt);
    firstOrderCache.set(orderLines, firsts);
  }
  return firsts.get(customerId) ?? 0;
}

function summarise(
  seed: number,
  customerCount: number,
  orderLines: { invoice: string; orderedAt: number; isReturn: boolean }[],
  media: ReturnType<typeof generateDemoMedia>,
): DemoSeedSummary {
  const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    seed,
    alreadySeeded: false,
    customers: customerCount,
    orderLines: orderLines.length,
    invoices: new Set(orderLines.map((l) => l.invoice)).size,
    returns: orderLines.filter((l) => l.isReturn).length,
    firstOrderAt: new Date(orderLines[0].orderedAt).toISOString(),
    lastOrderAt: new Date(orderLines[orderLines.length - 1].orderedAt).toISOString(),
    weeks: media.weeks.length,
    channels: [...DEMO_CHANNELS],
    totalSpend: sum(DEMO_CHANNELS.flatMap((c) => media.spend[c])),
    totalRevenueKpi: sum(media.revenue),
  };
}
