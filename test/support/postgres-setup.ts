import { dropTestDatabases, testDialect } from './database.ts';

/** vitest globalSetup for the PostgreSQL run: no test database outlives the run (nor one an interrupted run left). */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (testDialect !== 'postgres') return;
  // The workers inherit it: their databases are named after this run (see test/support/database.ts).
  process.env.PULSE_TEST_RUN_ID = String(process.pid);
  await dropTestDatabases();
  return dropTestDatabases;
}
