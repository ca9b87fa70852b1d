import path from 'node:path';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { connectDatabase } from '../db/client.ts';
import { seedDemo } from '../demo/index.ts';
import { createRepositories } from '../repos/index.ts';
import { UsageError } from '../errors.ts';
import { loadConfigOrExit } from './shared.ts';

/** Options of `pulse seed` as commander parses them. */
export interface SeedCliOptions {
  demo?: boolean;
  synthetic?: boolean;
  lines?: number;
  out?: string;
  seed?: number;
}

export const SEED_USAGE = 'pulse seed --demo [--seed N] | pulse seed --synthetic --lines N --out FILE.csv.gz [--seed S]';

/**
 * `pulse seed`: `--demo` loads the demo data set into the database; `--synthetic` writes an orders
 * file in Online Retail's layout (no database involved), e.g. for `npm run bench -- import FILE`.
 */
export async function seedCliCommand(opts: SeedCliOptions): Promise<void> {
  if (Boolean(opts.demo) === Boolean(opts.synthetic)) throw new UsageError('Give one of --demo or --synthetic.', SEED_USAGE);
  if (opts.demo) return seedCommand(loadConfigOrExit(), opts.seed ?? 42);
  if (!opts.lines || !opts.out) throw new UsageError('--synthetic needs --lines N and --out FILE (.csv.gz for gzip).', SEED_USAGE);
  return syntheticOrdersCommand({ lines: opts.lines, out: opts.out, seed: opts.seed ?? 1 });
}

/** `pulse seed --synthetic --lines N --out FILE`: writes the file and prints what it holds. */
export async function syntheticOrdersCommand({ lines, out, seed }: { lines: number; out: string; seed: number }): Promise<void> {
  const { writeSyntheticOrders } = await import('../demo/synthetic-orders.ts');
  const started = performance.now();
  const summary = await writeSyntheticOrders(path.resolve(out), { lines, seed });
  const n = (x: number) => x.toLocaleString('en-US');
  process.stdout.write(
    `Wrote ${out} (${n(summary.bytes)} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${n(summary.lines)} order lines ` +
      `(${n(summary.lines - summary.linesWithCustomer)} without customer, ${n(summary.returnLines)} return lines), ` +
      `${n(summary.customers)} customers, ${n(summary.invoices)} invoices, ${summary.firstInvoiceAt?.slice(0, 10) ?? '-'} to ${summary.lastInvoiceAt?.slice(0, 10) ?? '-'}, seed ${seed}.\n`,
  );
}

/** `pulse seed --demo`: loads the deterministic demo data set (a no-op when already loaded). */
export async function seedCommand(config: Config, seed: number): Promise<void> {
  const database = await connectDatabase(config);
  try {
    const summary = await seedDemo(database.db, { seed, endBefore: startOfToday(config) });
    process.stdout.write(
      summary.alreadySeeded
        ? `Demo data (seed ${seed}) is already loaded.\n`
        : `Loaded demo data (seed ${seed}): ${summary.customers.toLocaleString('en-US')} customers, ` +
            `${summary.orderLines.toLocaleString('en-US')} order lines, ${summary.weeks} weeks of spend on ${summary.channels.length} channels.\n`,
    );
  } finally {
    await database.close();
  }
}

/** The demo ends yesterday, in the team's time zone, so that "last week" and "yesterday" have data. */
function startOfToday(config: Config): number {
  return DateTime.now().setZone(config.defaultTimezone).startOf('day').toMillis();
}

/** At first start (SEED_DEMO=true) a database without orders gets the demo data. */
export async function seedIfEmpty(config: Config, logger: Logger): Promise<void> {
  const database = await connectDatabase(config);
  try {
    if ((await createRepositories(database.db).sales.countOrderLines()) > 0) return;
    const summary = await seedDemo(database.db, { seed: 42, endBefore: startOfToday(config) });
    if (!summary.alreadySeeded) {
      logger.info(`No orders yet: loaded the demo data set (${summary.customers} customers, two years). Set SEED_DEMO=false to skip.`);
    }
  } finally {
    await database.close();
  }
}
