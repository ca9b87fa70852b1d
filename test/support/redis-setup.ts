import type { TestProject } from 'vitest/node';
import { redisAnswers } from '../../src/queue/redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisAnswers: boolean;
  }
}

/**
 * vitest globalSetup: asks Redis once for the whole run. Locally, tests that need it skip with one
 * clear message when it does not answer; in CI (CI=true) Redis must be there, so its absence fails the run.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const answers = await redisAnswers(url);
  if (!answers && process.env.CI === 'true') {
    throw new Error(`CI: Redis does not answer at ${url}; .ci/run should have started it.`);
  }
  if (!answers) console.warn(`[skip] Redis does not answer at ${url}: tests that need it are skipped (start redis-server to run them).`);
  project.provide('redisAnswers', answers);
}
