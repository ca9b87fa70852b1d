import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { seedDemo } from '../demo/index.ts';
import { createRepositories } from '../repos/index.ts';

/** `pulse seed --demo`: loads the deterministic demo data set (a no-op when already loaded). */
export async function seedCommand(config: Config, seed: number): Promise<void> {
  const database = openDatabase(config.databasePath);
  try {
    const summary = await seedDemo(database.db, { seed });
    process.stdout.write(
      summary.alreadySeeded
        ? `Demo data (seed ${seed}) is already loaded.\n`
        : `Loaded demo data (seed ${seed}): ${summary.customers.toLocaleString('en-US')} customers, ` +
            `${summary.orderLines.toLocaleString('en-US')} order lines, ${summary.weeks} weeks of spend on ${summary.channels.length} channels.\n`,
    );
  } finally {
    database.close();
  }
}

/** At first start (SEED_DEMO=true) a database without orders gets the demo data. */
export async function seedIfEmpty(config: Config, logger: Logger): Promise<void> {
  const database = openDatabase(config.databasePath);
  try {
    if ((await createRepositories(database.db).sales.countOrderLines()) > 0) return;
    const summary = await seedDemo(database.db, { seed: 42 });
    if (!summary.alreadySeeded) {
      logger.info(`No orders yet: loaded the demo data set (${summary.customers} customers, two years). Set SEED_DEMO=false to skip.`);
    }
  } finally {
    database.close();
  }
}
