import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App, type AppOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createMigratedPostgresDatabase, testDialect } from './database.ts';
import { BullmqQueue } from '../../src/queue/bullmq-queue.ts';

export interface TestAppHandle {
  app: App;
  config: Config;
  dir: string;
  cleanup(): Promise<void>;
}

/** A temp folder with its own database file and chart folder, and a unique queue name. */
export function testConfig(env: Record<string, string> = {}): { config: Config; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-test-'));
  const config = loadConfig(
    {
      DATABASE_PATH: path.join(dir, 'pulse.db'),
      CHART_DIR: path.join(dir, 'charts'),
      QUEUE_NAME: `test-${randomUUID()}`,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      ...env,
    },
    { ignoreDotenv: true },
  );
  return { config, dir };
}

/**
 * testConfig on the suite's back end: with PULSE_TEST_DB=postgres (and no DATABASE_URL given) the
 * config names a migrated PostgreSQL database of its own; `cleanup` drops it and removes the folder.
 * For tests that hand a config to code opening the database itself (the CLI, child processes).
 */
export async function testConfigOnBackEnd(env: Record<string, string> = {}): Promise<{ config: Config; dir: string; cleanup(): Promise<void> }> {
  const postgres = testDialect === 'postgres' && !env.DATABASE_URL ? await createMigratedPostgresDatabase() : undefined;
  const { config, dir } = testConfig({ ...env, ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
  return {
    config,
    dir,
    async cleanup() {
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment that points a second app or process at the same database as `config` (either back end). */
export function sameDatabaseEnv(config: Config): Record<string, string> {
  return config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : { DATABASE_PATH: config.databasePath };
}

/**
 * Builds the real app (real database, real queue) and removes everything afterwards. The database is
 * SQLite, or with PULSE_TEST_DB=postgres a PostgreSQL database of its own (dropped at cleanup).
 */
export async function createTestApp(env: Record<string, string>, options: Partial<AppOptions> = {}): Promise<TestAppHandle> {
  const postgres = testDialect === 'postgres' && !env.DATABASE_URL ? await createMigratedPostgresDatabase() : undefined;
  const { config, dir } = testConfig({ ...env, ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
  const app = await buildApp(config, { logger: createLogger(config), ...options }).catch(async (err) => {
    await postgres?.drop();
    throw err;
  });
  return {
    app,
    config,
    dir,
    async cleanup() {
      if (app.queue instanceof BullmqQueue) await app.queue.obliterate().catch(() => {});
      await app.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
