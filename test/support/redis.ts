import { inject } from 'vitest';

/** Whether Redis answered when the run started (test/support/redis-setup.ts); use as `describe.skipIf(!hasRedis())`. */
export function hasRedis(): boolean {
  return inject('redisAnswers');
}
