import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialect, type TestDatabase } from '../support/database.ts';

/**
 * SqlClient.each: a query's rows one at a time, in the query's order, whether the result is larger
 * than a cursor batch (PostgreSQL fetches 10,000 rows at a time) or not, inside a transaction or not.
 */
describe(`SqlClient.each (${testDialect})`, () => {
  let handle: TestDatabase;
  const SERIES = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i, i * 2 AS twice FROM n ORDER BY i DESC`;

  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(() => handle?.close());

  it('hands over every row in order, across cursor batches, and counts them', async () => {
    const seen: number[] = [];
    let pairsHold = true;
    const count = await handle.db.each<{ i: number; twice: number }>(SERIES, [25_001], (row) => {
      seen.push(row.i);
      pairsHold &&= row.twice === row.i * 2;
    });
    expect(count).toBe(25_001);
    expect(seen).toHaveLength(25_001);
    expect(seen[0]).toBe(25_001);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((value, k) => value === 25_001 - k)).toBe(true);
    expect(pairsHold).toBe(true);
    expect(await handle.db.each(SERIES, [0], () => {})).toBe(1);
  });

  it('reads inside a transaction, seeing its own uncommitted rows, and leaves the transaction usable', async () => {
    await handle.db.run("INSERT INTO products (code, name) VALUES ('outside', 'Outside')");
    const names: string[] = [];
    const after = await handle.db.transaction(async (tx) => {
      await tx.run("INSERT INTO products (code, name) VALUES ('inside', 'Inside')");
      await tx.each<{ name: string }>('SELECT name FROM products ORDER BY code', [], (row) => names.push(row.name));
      return tx.get<{ n: number }>('SELECT count(*) AS n FROM products');
    });
    expect(names).toEqual(['Inside', 'Outside']);
    expect(after?.n).toBe(2);
  });

  it('a visitor that throws ends the read with its error, and the connection goes on answering', async () => {
    let calls = 0;
    await expect(
      handle.db.each(SERIES, [30_000], () => {
        if (++calls === 12_345) throw new Error('enough');
      }),
    ).rejects.toThrow('enough');
    expect(calls).toBe(12_345);
    expect(await handle.db.get<{ one: number }>('SELECT 1 AS one')).toEqual({ one: 1 });
  });
});
