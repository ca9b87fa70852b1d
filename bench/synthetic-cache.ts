import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { writeSyntheticOrders } from '../src/demo/synthetic-orders.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { backgroundCheckpointsDone } from '../src/repos/import-staging.ts';
import { importOrdersFile } from '../src/import/index.ts';
import { createRepositories } from '../src/repos/index.ts';

/** Where benchmarks keep what takes long to make (git-ignored). */
export const BENCH_CACHE = path.resolve(process.cwd(), 'var', 'bench');

/** The synthetic orders file of `lines` lines (seed 1), written once into the cache. */
export async function syntheticOrdersFile(lines: number): Promise<string> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const file = path.join(BENCH_CACHE, `orders-${lines}.csv.gz`);
  if (!existsSync(file)) {
    const started = performance.now();
    await writeSyntheticOrders(file, { lines, seed: 1 });
    console.log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return file;
}

/** A database holding that file's orders, imported once into the cache (later runs add their own bookkeeping rows to it). */
export async function syntheticDatabase(lines: number): Promise<string> {
  const file = path.join(BENCH_CACHE, `orders-${lines}.db`);
  if (existsSync(file)) return file;
  const orders = await syntheticOrdersFile(lines);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  const database = openDatabase(partial);
  try {
    await importOrdersFile(database.db, orders);
    // The file is renamed once complete: nothing may still be writing to it.
    await backgroundIndexBuildsDone();
    await backgroundCheckpointsDone();
    await createRepositories(database.db).dataSummary.refresh();
  } finally {
    database.close();
  }
  renameSync(partial, file);
  console.log(`imported ${orders} into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
