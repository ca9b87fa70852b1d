import { describe, expect, it } from 'vitest';
import {
  CATEGORY_PALETTE,
  CHART_FONT_FAMILY,
  MAX_SCATTER_POINTS,
  allocationSpec,
  barSpec,
  currencySymbol,
  curveColumns,
  evenSample,
  forecastSpec,
  powersOfTenCovering,
  recentHistoryLength,
  segmentChartSpec,
  rfmGridCells,
  segmentScatterSpec,
} from '../../src/charts/index.ts';
import { allocationInput, forecastInput, segmentInput } from './fixtures.ts';

/** Inline data of every (sub)view in a spec, in document order. */
function inlineData(spec: unknown): Record<string, unknown>[][] {
  if (Array.isArray(spec)) return spec.flatMap(inlineData);
  if (spec === null || typeof spec !== 'object') return [];
  const node = spec as Record<string, unknown>;
  const own = (node.data as { values?: Record<string, unknown>[] } | undefined)?.values;
  const nested = Object.entries(node).filter(([key]) => key !== 'data').flatMap(([, value]) => inlineData(value));
  return own ? [own, ...nested] : nested;
}

describe('theme', () => {
  it('prints known currency symbols and falls back to the ISO code', () => {
    expect(currencySymbol('gbp')).toBe('£');
    expect(currencySymbol('USD')).toBe('$');
    expect(currencySymbol('CHF')).toBe('CHF ');
  });

  it('gives every chart the bundled font, a white background and the palette', () => {
    for (const spec of [barSpec({ title: 't', xLabel: 'x', yLabel: 'y', rows: [] }), forecastSpec(forecastInput())]) {
      expect(spec.config).toMatchObject({ font: CHART_FONT_FAMILY, background: 'white', range: { category: CATEGORY_PALETTE } });
    }
  });
});

describe('segment specs', () => {
  it('samples evenly without repeating items', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const sample = evenSample(items, 3_000);
    expect(sample).toHaveLength(3_000);
    expect(new Set(sample).size).toBe(3_000);
    expect(sample[0]).toBe(0);
    expect(sample.at(-1)).toBeGreaterThan(9_990);
    expect(evenSample([1, 2], 5)).toEqual([1, 2]);
  });

  it('caps the scatter and drops spend that a log axis cannot show', () => {
    const points = Array.from({ length: 5_000 }, (_, i) => ({ recencyDays: i % 365, monetary: i % 10 === 0 ? 0 : i, segment: 'A' }));
    const [values] = inlineData(segmentScatterSpec({ points, segments: ['A'] }));
    expect(values).toHaveLength(MAX_SCATTER_POINTS);
    expect(values.every((point) => (point.monetary as number) > 0)).toBe(true);
  });

  it('ticks a log axis at whole powers of ten around the data', () => {
    expect(powersOfTenCovering([42, 3_100, 87_000])).toEqual([10, 100, 1_000, 10_000, 100_000]);
    expect(powersOfTenCovering([100, 1_000])).toEqual([100, 1_000]);
    // Spend below one unit gets no tick of its own: "100m" would read as a hundred million.
    expect(powersOfTenCovering([0.55, 300])).toEqual([1, 10, 100, 1_000]);
  });

  it('draws the RFM grid: every cell once, with its customers and segment', () => {
    const input = segmentInput();
    const grid = inlineData(segmentChartSpec(input)).find((values) => values[0]?.recencyScore !== undefined)!;
    expect(grid).toHaveLength(25);
    expect(grid.reduce((sum, cell) => sum + (cell.customers as number), 0)).toBe(input.grid!.reduce((sum, cell) => sum + cell.customers, 0));
    const cells = rfmGridCells(
      [
        { recencyScore: 5, frequencyScore: 5, segment: 'Champions' },
        { recencyScore: 5, frequencyScore: 5, segment: 'Loyal' },
        { recencyScore: 5, frequencyScore: 5, segment: 'Loyal' },
        { recencyScore: 1, frequencyScore: 1, segment: 'Lost' },
      ],
      ['Champions', 'Loyal', 'Lost'],
    );
    expect(cells).toEqual([
      { recencyScore: 1, frequencyScore: 1, segment: 'Lost', customers: 1 },
      { recencyScore: 5, frequencyScore: 5, segment: 'Loyal', customers: 3 },
    ]);
  });

  it('pairs customer and revenue share per segment in the combined chart', () => {
    const input = segmentInput();
    const datasets = inlineData(segmentChartSpec(input));
    const shares = datasets.find((values) => values[0]?.measure !== undefined)!;
    expect(shares).toHaveLength(2 * input.shares.length);
    const champions = shares.filter((row) => row.segment === 'Champions');
    expect(champions.map((row) => row.measure)).toEqual(['Customers', 'Revenue']);
    expect(champions[1].share).toBe(input.shares[0].revenueShare);
  });
});

describe('forecastSpec', () => {
  it('keeps recent history and joins the forecast line to the last actual point', () => {
    const input = forecastInput();
    const [, lines] = inlineData(forecastSpec(input));
    const actual = lines.filter((row) => row.series === 'Actual');
    const forecast = lines.filter((row) => row.series === 'Forecast');
    expect(actual).toHaveLength(Math.min(input.history.length, recentHistoryLength(input.forecast.length)));
    expect(actual.at(-1)?.date).toBe(input.history.at(-1)?.date);
    expect(forecast[0]).toMatchObject({ date: input.history.at(-1)?.date, value: input.history.at(-1)?.value });
    expect(forecast).toHaveLength(input.forecast.length + 1);
  });

  it('accepts Date objects and names the unit on the value axis', () => {
    const spec = forecastSpec({
      metric: 'Orders',
      unit: 'count',
      history: [{ date: new Date(Date.UTC(2024, 0, 1)), value: 10 }],
      forecast: [{ date: new Date(Date.UTC(2024, 0, 2)), value: 11, lower80: 9, upper80: 13, lower95: 8, upper95: 14 }],
    });
    const [bands, lines] = inlineData(spec);
    expect(bands[0].date).toBe('2024-01-02T00:00:00.000Z');
    expect(lines[0].date).toBe('2024-01-01T00:00:00.000Z');
    expect(JSON.stringify(spec)).toContain('"title":"Orders (count)"');
  });

  it('prints money with the configured currency, and with no symbol when none is set', () => {
    const gbp = forecastSpec(forecastInput());
    expect(JSON.stringify(gbp)).toContain('"title":"Revenue (GBP)"');
    expect(gbp.config?.locale?.number?.currency).toEqual(['£', '']);
    const none = forecastSpec({ ...forecastInput(), currency: undefined });
    expect(JSON.stringify(none)).toContain('"title":"Revenue"');
    expect(none.config?.locale?.number?.currency).toEqual(['', '']);
  });
});

describe('allocationSpec', () => {
  it('lays curve panels out in rows of at most three', () => {
    expect([1, 2, 3, 4, 5, 7].map(curveColumns)).toEqual([1, 2, 3, 2, 3, 3]);
  });

  it('draws current and recommended spend for every channel and marks both on each curve', () => {
    const input = allocationInput();
    const [bars, curves] = inlineData(allocationSpec(input));
    expect(bars).toHaveLength(2 * input.channels.length);
    const markers = curves.filter((row) => row.plan !== null);
    expect(markers).toHaveLength(2 * input.curves.length);
    expect(markers.find((row) => row.channel === 'Email' && row.plan === 'Recommended')).toMatchObject(input.curves[3].recommended);
  });

  it('states the totals and the currency in the subtitle', () => {
    const spec = allocationSpec(allocationInput());
    expect(spec.title).toMatchObject({ subtitle: 'Total spend: 146,000 now, 146,000 recommended (USD)' });
  });
});
