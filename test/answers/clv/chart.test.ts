import { describe, expect, it } from 'vitest';
import { clvCells, clvChartSpec, renderChartToBuffer } from '../../../src/charts/index.ts';
import { createRandom } from '../../../src/ml/random.ts';

describe('clv chart', () => {
  it('bins customers into spend × P(alive) cells that cover everyone with a spend', () => {
    const spend = [5, 50, 500, 5000, 0, 50];
    const alive = [0.05, 0.55, 0.95, 1, 0.5, 0.58];
    const cells = clvCells(spend, alive);
    expect(cells.reduce((sum, c) => sum + c.customers, 0)).toBe(5);
    const twoInOne = cells.find((c) => c.customers === 2)!;
    expect(twoInOne.spendLow).toBeLessThanOrEqual(50);
    expect(twoInOne.spendHigh).toBeGreaterThan(50);
    expect([twoInOne.aliveLow, twoInOne.aliveHigh]).toEqual([0.5, 0.6]);
    const top = cells.find((c) => c.spendHigh > 5000)!;
    expect(top.aliveHigh).toBe(1); // P(alive) = 1 lands in the top row
    expect(clvCells([], [])).toEqual([]);
  });

  it('stays readable and small with 50,000 customers', async () => {
    const random = createRandom(5);
    const n = 50_000;
    const spend = Float64Array.from({ length: n }, () => Math.exp(3 + 2.5 * random() * random() * 4));
    const alive = Float64Array.from({ length: n }, () => random() ** 0.3);
    const spec = clvChartSpec({ spend, pAlive: alive, currency: 'GBP' });
    expect(JSON.stringify(spec).length).toBeLessThan(40_000); // binned: ≤ 16 × 10 cells, whatever n
    const { png, width } = await renderChartToBuffer(spec);
    expect(png.length).toBeLessThan(300_000);
    expect(width).toBeGreaterThan(900);
  }, 30_000);
});
