import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs the suite on SQLite; `npm run test:postgres` (PULSE_TEST_DB=postgres) runs again every
 * test file that is not tied to SQLite: those on test/support/database.ts (`openTestDatabase`,
 * `testConfigOnBackEnd`, `testDialect`), and those building the real app with `createTestApp` that never
 * reach for the SQLite file (`.sqlite`, DATABASE_PATH). Files that touch no database run once.
 */
const onPostgres = process.env.PULSE_TEST_DB === 'postgres';

function testsOnBothBackEnds(): string[] {
  const files = readdirSync('test', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'));
  const onBoth = (source: string) =>
    /openTestDatabase\(|testConfigOnBackEnd\(|\btestDialect\b/.test(source) || (source.includes('createTestApp(') && !/sqlite|DATABASE_PATH/.test(source));
  return files.filter((f) => onBoth(readFileSync(path.join('test', f), 'utf8'))).map((f) => path.posix.join('test', f.split(path.sep).join('/')));
}

export default defineConfig({
  test: {
    include: onPostgres ? testsOnBothBackEnds() : ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/redis-setup.ts', 'test/support/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: run files two at a time so timing-sensitive tests keep their margins.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
