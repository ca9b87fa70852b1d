import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Real data sets live in ../shared/data beside the project (see its README). They are not part of
 * a fresh clone, so tests that need them skip with a clear message when absent; CI has them.
 */
export const sharedDataDir = path.resolve(process.cwd(), '..', 'shared', 'data');

export function sharedDataFile(...parts: string[]): string {
  return path.join(sharedDataDir, ...parts);
}

export function hasSharedData(...parts: string[]): boolean {
  const present = existsSync(sharedDataFile(...parts));
  if (!present) {
    console.warn(`[skip] ${path.join('../shared/data', ...parts)} is missing: tests that need it are skipped.`);
  }
  return present;
}
