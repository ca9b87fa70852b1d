import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, OKABE_ITO, chartConfig, powersOfTen, withUnit } from './theme.ts';

/**
 * Churn risk against value: how many customers fall in each cell of (spend to date, log bins) ×
 * (P(alive), tenths). Binned before drawing, so the picture and the PNG stay the same size for 500 or
 * 5 million customers; the bottom right holds the valuable customers who are probably lost.
 */

export interface ClvChartInput {
  /** Spend to date per customer (> 0 to be drawn). */
  spend: ArrayLike<number>;
  pAlive: ArrayLike<number>;
  currency?: string;
  title?: string;
  subtitle?: string;
}

export interface ClvCell {
  spendLow: number;
  spendHigh: number;
  aliveLow: number;
  aliveHigh: number;
  customers: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
/** At most this many spend bins; their width is a multiple of a quarter of a power of ten. */
const MAX_SPEND_BINS = 16;
const ALIVE_BINS = 10;

/** Counts customers per (spend, P(alive)) cell; empty cells are left out. */
export function clvCells(spend: ArrayLike<number>, pAlive: ArrayLike<number>): ClvCell[] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < spend.length; i++) {
    const s = spend[i];
    if (!(s > 0) || !Number.isFinite(s)) continue;
    low = Math.min(low, s);
    high = Math.max(high, s);
  }
  if (!Number.isFinite(low)) return [];
  const from = Math.floor(Math.log10(low) * 4) / 4;
  const to = Math.max(from + 0.25, Math.ceil(Math.log10(high) * 4) / 4);
  const step = Math.ceil(((to - from) / MAX_SPEND_BINS) * 4) / 4;
  const spendBins = Math.max(1, Math.ceil((to - from) / step - 1e-9));
  const counts = new Float64Array(spendBins * ALIVE_BINS);
  for (let i = 0; i < spend.length; i++) {
    const s = spend[i];
    const p = pAlive[i];
    if (!(s > 0) || !Number.isFinite(s) || !Number.isFinite(p)) continue;
    const sx = Math.min(spendBins - 1, Math.max(0, Math.floor((Math.log10(s) - from) / step)));
    const py = Math.min(ALIVE_BINS - 1, Math.max(0, Math.floor(p * ALIVE_BINS)));
    counts[sx * ALIVE_BINS + py]++;
  }
  const cells: ClvCell[] = [];
  for (let sx = 0; sx < spendBins; sx++) {
    for (let py = 0; py < ALIVE_BINS; py++) {
      const customers = counts[sx * ALIVE_BINS + py];
      if (customers === 0) continue;
      cells.push({
        spendLow: 10 ** (from + sx * step),
        spendHigh: 10 ** (from + (sx + 1) * step),
        aliveLow: py / ALIVE_BINS,
        aliveHigh: (py + 1) / ALIVE_BINS,
        customers,
      });
    }
  }
  return cells;
}

/** Heat map of customers by spend to date and P(alive), with the "probably lost" line at 50 %. */
export function clvChartSpec(input: ClvChartInput): TopLevelSpec {
  const cells = clvCells(input.spend, input.pAlive);
  const lowest = cells.length ? Math.min(...cells.map((c) => c.spendLow)) : 1;
  const highest = cells.length ? Math.max(...cells.map((c) => c.spendHigh)) : 10;
  const ticks = powersOfTen(Math.ceil(Math.log10(lowest) - 1e-9), Math.floor(Math.log10(highest) + 1e-9));
  return {
    $schema: SCHEMA,
    title: {
      text: input.title ?? 'Chance each customer is still active, by spend to date',
      subtitle: input.subtitle ?? 'Customers per cell. Bottom right: spent a lot, probably lost.',
    },
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 150,
    height: 300,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: {
            field: 'spendLow',
            type: 'quantitative',
            title: withUnit('Spend to date, log scale', input.currency),
            scale: { type: 'log', domain: [lowest, highest], nice: false },
            axis: { format: FORMATS.compactCurrency, values: ticks },
          },
          x2: { field: 'spendHigh' },
          y: {
            field: 'aliveLow',
            type: 'quantitative',
            title: 'P(alive): chance still active',
            scale: { domain: [0, 1] },
            axis: { format: FORMATS.percent, values: [0, 0.25, 0.5, 0.75, 1] },
          },
          y2: { field: 'aliveHigh' },
          color: {
            field: 'customers',
            type: 'quantitative',
            title: 'Customers',
            scale: { type: 'log', scheme: 'blues' },
            legend: { orient: 'right', direction: 'vertical', format: FORMATS.count, gradientLength: 200 },
          },
        },
      },
      {
        data: { values: [{ y: 0.5, label: 'probably lost below' }] },
        layer: [
          { mark: { type: 'rule', color: OKABE_ITO.vermillion, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'y', type: 'quantitative' } } },
          {
            mark: { type: 'text', color: OKABE_ITO.vermillion, align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 11, x: 0 },
            encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}
