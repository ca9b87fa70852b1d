import { describe, expect, it } from 'vitest';
import { OKABE_ITO, allocationSpec, crossesYear, forecastSpec, renderChartToPixels, roiSpec, valueAxisFromZero, type ForecastChartInput } from '../../src/charts/index.ts';
import { allocationInput, forecastInput } from './fixtures.ts';

/** Every object in a spec (depth first). */
function nodes(spec: unknown): Record<string, unknown>[] {
  if (Array.isArray(spec)) return spec.flatMap(nodes);
  if (spec === null || typeof spec !== 'object') return [];
  const node = spec as Record<string, unknown>;
  return [node, ...Object.values(node).flatMap(nodes)];
}

const axisFormat = (input: ForecastChartInput) => JSON.stringify(forecastSpec(input)).match(/"format":"(%[^"]+)"/)?.[1];

/**
 * Daily revenue like Online Retail's: nothing one day a week, a slow day either side. The V at each
 * zero is blunt enough for a mitred line join to poke several pixels below the axis.
 */
function closedOneDayAWeek(): ForecastChartInput {
  const start = Date.UTC(2011, 7, 14);
  const day = (k: number) => new Date(start + k * 86_400_000).toISOString().slice(0, 10);
  return {
    metric: 'Revenue',
    unit: 'currency',
    currency: 'GBP',
    granularity: 'day',
    history: Array.from({ length: 28 }, (_, k) => ({ date: day(k), value: k % 7 === 0 ? 0 : k % 7 === 1 || k % 7 === 6 ? 20_000 : 60_000 })),
    forecast: Array.from({ length: 7 }, (_, k) => ({ date: day(28 + k), value: 45_000, lower80: 20_000, upper80: 70_000, lower95: 5_000, upper95: 85_000 })),
  };
}

describe('forecast chart context', () => {
  it('puts the year on every date label when the range crosses a year', () => {
    expect(crossesYear(['2011-11-28', '2012-01-02'])).toBe(true);
    expect(crossesYear(['2011-01-03', '2011-12-26'])).toBe(false);
    // The fixture runs from September to December 2011.
    expect(axisFormat(forecastInput())).toBe('%d %b');
    const acrossNewYear = { ...forecastInput(), forecast: forecastInput().forecast.map((p, h) => ({ ...p, date: new Date(Date.UTC(2011, 11, 20 + h)) })) };
    expect(axisFormat(acrossNewYear)).toBe('%d %b %Y');
    expect(axisFormat({ ...acrossNewYear, granularity: 'month' })).toBe('%b %Y');
  });

  it('starts money axes at zero, and says so when a count axis does not', () => {
    const money = forecastSpec(forecastInput());
    expect(nodes(money).filter((n) => n.scale && (n.scale as { zero?: boolean }).zero === false)).toEqual([]);
    const customers: ForecastChartInput = {
      metric: 'Active customers',
      unit: 'count',
      history: Array.from({ length: 30 }, (_, k) => ({ date: `2011-0${1 + Math.floor(k / 10)}-1${k % 10}`, value: 1_400 + 10 * (k % 7) })),
      forecast: [{ date: '2011-04-01', value: 1_450, lower80: 1_380, upper80: 1_520, lower95: 1_340, upper95: 1_560 }],
    };
    expect(valueAxisFromZero(customers)).toBe(false);
    expect(JSON.stringify(forecastSpec(customers).title)).toContain('The value axis does not start at zero');
    expect(valueAxisFromZero({ ...customers, unit: 'currency' })).toBe(true);
  });

  it('draws last year\'s same periods as a faint line, named in the subtitle', () => {
    const input = { ...forecastInput(), lastYear: forecastInput().forecast.map((p) => ({ date: p.date, value: p.value / 2 })), lastYearLabel: 'Same day last year' };
    const spec = forecastSpec(input);
    const faint = nodes(spec).find((n) => (n.mark as { strokeDash?: number[] } | undefined)?.strokeDash);
    expect(faint?.mark).toMatchObject({ type: 'line', opacity: 0.6, strokeDash: [2, 2] });
    expect((faint?.data as { values: unknown[] }).values).toHaveLength(input.forecast.length);
    expect(JSON.stringify(spec.title)).toContain('Faint grey line: same day last year');
    expect(JSON.stringify(forecastSpec(forecastInput()).title)).not.toContain('Faint');
    expect(JSON.stringify(forecastSpec({ ...forecastInput(), roughIntervals: true }).title)).toContain('rough');
  });

  it('never draws the actual line below a zero axis', async () => {
    const spec = forecastSpec(closedOneDayAWeek());
    for (const mark of nodes(spec).filter((n) => n.type === 'line' || n.type === 'area')) expect(mark.clip).toBe(true);
    const image = await renderChartToPixels(spec);
    const { width, height, pixels } = image;
    // Any blue tint, antialiased edges included (the actual line is Okabe-Ito blue; nothing else is blue).
    const isBlue = (i: number) => pixels[i + 2] - pixels[i] > 50 && pixels[i + 2] > pixels[i + 1] + 20;
    // The lowest row with the actual line's blue, against the x axis: the lowest long run of the axis grey.
    // (With the line's former mitred joins and no clipping, blue reached 7 pixels below the axis here.)
    let lowestBlue = -1;
    let axisRow = -1;
    for (let y = 0; y < height; y++) {
      let grey = 0;
      for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        if (isBlue(i)) lowestBlue = y;
        if (Math.abs(pixels[i] - 0x88) <= 12 && Math.abs(pixels[i + 1] - 0x88) <= 12 && Math.abs(pixels[i + 2] - 0x88) <= 12) grey++;
      }
      if (grey > width / 3) axisRow = y;
    }
    expect(axisRow).toBeGreaterThan(0);
    expect(lowestBlue).toBeGreaterThan(0);
    expect(lowestBlue).toBeLessThanOrEqual(axisRow);
  });
});

describe('allocation chart reasons', () => {
  it('draws each channel\'s allowed range on the bars and its curve, labelled with the bound that holds it', () => {
    const input = allocationInput();
    input.channels = input.channels.map((c, i) => ({ ...c, bounds: { min: c.current / 2, max: 2 * c.current }, ...(i === 0 ? { heldBy: 'max' } : {}) }));
    input.curves = input.curves.map((c) => ({ ...c, bounds: { min: 1_000, max: 50_000 } }));
    const spec = allocationSpec(input);
    const text = JSON.stringify(spec);
    const ranges = nodes(spec).find((n) => Array.isArray((n.data as { values?: unknown[] } | undefined)?.values) && ((n.data as { values: Record<string, unknown>[] }).values[0] ?? {}).heldBy !== undefined);
    expect((ranges?.data as { values: Array<Record<string, unknown>> }).values).toEqual(
      input.channels.map((c, i) => ({ channel: c.name, min: c.bounds!.min, max: c.bounds!.max, heldBy: i === 0 ? 'at cap' : '' })),
    );
    expect(text).toContain('Grey: the range each channel was allowed');
    expect(text).toContain('Shaded: the spend each channel was allowed');
  });

  it('compares ROAS and marginal ROAS per channel against the pay-back line at 1', () => {
    const spec = roiSpec({ currency: 'GBP', outcome: 'revenue', period: 'month', channels: [{ name: 'facebook', roas: 25.6, marginalRoas: 26 }, { name: 'ooh', roas: 2.1, marginalRoas: 0.8 }] });
    const bars = nodes(spec).find((n) => (n.mark as { type?: string } | undefined)?.type === 'bar');
    expect((bars?.data as { values: unknown[] }).values).toEqual([
      { channel: 'facebook', measure: 'ROAS (average)', value: 25.6 },
      { channel: 'facebook', measure: 'Marginal ROAS', value: 26 },
      { channel: 'ooh', measure: 'ROAS (average)', value: 2.1 },
      { channel: 'ooh', measure: 'Marginal ROAS', value: 0.8 },
    ]);
    expect(JSON.stringify(spec)).toContain('"one":1');
    expect(OKABE_ITO.blue).toBe('#0072B2');
  });
});
