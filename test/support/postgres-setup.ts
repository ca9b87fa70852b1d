import { dropTestDatabases, testDialect } from './database.ts';

/** vitest globalSetup for the PostgreSQL run: no test database outlives the run (nor one an interrupted run left). */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (testDialect !== 'postgres') return;
  await dropTestDatabases();
  return dropTestDatabases;
}
