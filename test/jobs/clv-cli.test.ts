import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/cli/run.ts';
import type { Config } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/client.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { testConfigOnBackEnd } from '../support/app.ts';
import { testDialect } from '../support/database.ts';

/** `pulse run clv … --out FILE` and `pulse run clv export --out FILE`. */
describe(`pulse run clv --out (${testDialect})`, () => {
  let config: Config;
  let dir: string;
  let cleanup: () => Promise<void>;
  const output: string[] = [];
  beforeAll(async () => {
    ({ config, dir, cleanup } = await testConfigOnBackEnd({ CURRENCY: 'EUR' }));
    const database = await connectDatabase(config);
    await seedDemo(database.db, { seed: 3 });
    await database.close();
    const record = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(record);
    vi.spyOn(process.stderr, 'write').mockImplementation(record);
  }, 60_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await cleanup?.();
  });

  it('runs clv, then writes the export of that run to FILE', async () => {
    const out = path.join(dir, 'clv.csv');
    output.length = 0;
    await runCommand(config, 'clv', ['horizon=30d', 'top=3'], false, out);
    expect(output.join('')).toContain('Churn risk and customer lifetime value');
    expect(output.join('')).toContain(`Wrote ${out}`);
    const [header, ...rows] = parse(readFileSync(out, 'utf8')) as string[][];
    expect(header).toEqual(['customer_id', 'p_alive', 'expected_purchases', 'expected_order_value', 'clv']);
    expect(rows.length).toBeGreaterThan(4_000);
  }, 60_000);

  it('clv export --out FILE writes the same file, and --json prints the export data', async () => {
    const first = readFileSync(path.join(dir, 'clv.csv'), 'utf8');
    const out = path.join(dir, 'again.csv');
    output.length = 0;
    await runCommand(config, 'churn', ['export'], true, out);
    expect(readFileSync(out, 'utf8')).toBe(first);
    const json = JSON.parse(output.find((chunk) => chunk.trim().startsWith('{'))!);
    expect(json).toMatchObject({ customers: first.trim().split('\n').length - 1 });
  }, 60_000);

  it('refuses --out for a job that makes no file, before running it', async () => {
    await expect(runCommand(config, 'clv', ['export'], false)).resolves.toBeUndefined();
    await expect(runCommand(config, 'allocate', ['10000'], false, path.join(dir, 'x.csv'))).rejects.toThrow(/makes no file/);
  }, 60_000);
});
