import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decode as decodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OKABE_ITO,
  allocationSpec,
  barSpec,
  forecastSpec,
  renderChart,
  renderChartToBuffer,
  renderChartToPixels,
  renderChartToSvg,
  segmentChartSpec,
  SEGMENT_COLOURS,
  segmentScatterSpec,
  segmentShareSpec,
  type ChartPixels,
  type VegaLiteTopLevelSpec,
} from '../../src/charts/index.ts';
import { RFM_SEGMENT_NAMES } from '../../src/ml/rfm-scores.ts';
import { allocationInput, forecastInput, rfmGridInput, segmentInput } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as Rgb;
}

/** One pass over the RGBA pixels: ink (non-white), near-black text, distinct colours, hits per palette colour. */
function pixelStats(image: ChartPixels, palette: string[]) {
  const targets = palette.map(rgb);
  const paletteHits = palette.map(() => 0);
  const colours = new Set<number>();
  let ink = 0;
  let nearBlack = 0;
  const { pixels } = image;
  for (let i = 0; i < pixels.length; i += 4) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (r < 245 || g < 245 || b < 245) ink++;
    if (r < 60 && g < 60 && b < 60) nearBlack++;
    colours.add((r << 16) | (g << 8) | b);
    targets.forEach(([r0, g0, b0], k) => {
      if (Math.abs(r - r0) <= 2 && Math.abs(g - g0) <= 2 && Math.abs(b - b0) <= 2) paletteHits[k]++;
    });
  }
  return { inkShare: ink / (image.width * image.height), nearBlack, distinctColours: colours.size, paletteHits };
}

function countryBars(title: string) {
  return barSpec({
    title,
    xLabel: 'Country',
    yLabel: 'Revenue (GBP)',
    valueFormat: '$,.0f',
    currency: 'GBP',
    rows: [
      { label: 'United Kingdom', value: 812_345 },
      { label: 'Germany', value: 42_110 },
      { label: 'France', value: 38_120 },
      { label: 'Spain', value: 9_120 },
    ],
  });
}

const segments = segmentInput();
const charts: { name: string; spec: VegaLiteTopLevelSpec; colours: string[] }[] = [
  { name: 'bar', spec: countryBars('Revenue by country'), colours: [OKABE_ITO.blue] },
  { name: 'segments', spec: segmentChartSpec(segments), colours: [SEGMENT_COLOURS.Champions, SEGMENT_COLOURS['At risk']] },
  {
    name: 'segments at 50,000 customers',
    spec: segmentChartSpec(rfmGridInput(50_000)),
    colours: [],
  },
  {
    name: 'segment-scatter',
    spec: segmentScatterSpec({ points: segments.points, segments: segments.shares.map((s) => s.name), currency: 'GBP' }),
    colours: [], // drawn inside 'segments' too; pixel checks there
  },
  { name: 'segment-share', spec: segmentShareSpec({ segments: segments.shares }), colours: [] },
  { name: 'forecast', spec: forecastSpec(forecastInput()), colours: [OKABE_ITO.blue, OKABE_ITO.vermillion] },
  { name: 'allocation', spec: allocationSpec(allocationInput()), colours: [OKABE_ITO.blue, OKABE_ITO.orange] },
];

describe('renderChart', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'pulse-charts-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it.each(charts)('writes a Slack-sized PNG for $name', async ({ name, spec }) => {
    const outPath = path.join(outDir, 'nested', `${name}.png`);
    const rendered = await renderChart(spec, outPath);
    const file = await readFile(outPath);

    expect(file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(rendered).toMatchObject({ path: outPath, bytes: file.length });
    expect(rendered.width).toBeGreaterThanOrEqual(1000);
    // The segment chart is the widest: its bars name every segment in full ("Potential loyalists").
    expect(rendered.width).toBeLessThanOrEqual(1400);
    expect(rendered.height).toBeGreaterThanOrEqual(600);
    expect(rendered.height).toBeLessThanOrEqual(1700);
    expect(file.length).toBeGreaterThan(10_000);
  });

  it('keeps the segment chart light at 50,000 customers (the scatter is sampled): at most 300 kB', async () => {
    const chart = charts.find((c) => c.name === 'segments at 50,000 customers')!;
    const rendered = await renderChart(chart.spec, path.join(outDir, 'segments-50k.png'));
    expect(rendered.bytes).toBeLessThanOrEqual(300_000);
  });

  it('writes grid counts that fit their cell: 9,999 in full, larger ones short', async () => {
    const input = segmentInput();
    const counts = [9_999, 12_345, 123_456];
    const grid = input.grid!.map((cell, i) => (i < counts.length ? { ...cell, customers: counts[i] } : cell));
    const svg = await renderChartToSvg(segmentChartSpec({ ...input, grid }));
    for (const label of ['9,999', '12.3k', '123k']) expect(svg).toContain(`>${label}<`);
    expect(svg).not.toContain('>12,345<');
  });

  it('writes every segment name in full, in the legend and beside the bars', async () => {
    const svg = await renderChartToSvg(segmentChartSpec(rfmGridInput(2_000)));
    expect(svg).not.toContain('…');
    for (const name of RFM_SEGMENT_NAMES) expect(svg.split(`>${name}<`).length - 1, name).toBeGreaterThanOrEqual(2);
  });

  it.each(charts.filter((chart) => chart.colours.length > 0))('draws marks, text and the palette for $name', async ({ spec, colours }) => {
    const image = await renderChartToPixels(spec);
    const stats = pixelStats(image, colours);

    expect(image.pixels.length).toBe(image.width * image.height * 4);
    expect(stats.inkShare).toBeGreaterThan(0.03);
    expect(stats.nearBlack).toBeGreaterThan(2_000);
    expect(stats.distinctColours).toBeGreaterThan(30);
    stats.paletteHits.forEach((hits, k) => expect(hits, colours[k]).toBeGreaterThan(500));
  });

  it('draws the title text with the bundled font', async () => {
    const withTitle = await renderChartToPixels(countryBars('Revenue by country, last 30 days'));
    const withoutTitle = await renderChartToPixels({ ...countryBars(''), title: undefined });
    const titleInk = pixelStats(withTitle, []).nearBlack - pixelStats(withoutTitle, []).nearBlack;
    // A 16 px bold title at scale 2 covers several thousand dark pixels; no font, no pixels.
    expect(titleInk).toBeGreaterThan(3_000);
    expect(withTitle.height).toBeGreaterThan(withoutTitle.height);
  });

  it('returns the same PNG in memory as on disk', async () => {
    const spec = countryBars('Revenue by country');
    const inMemory = await renderChartToBuffer(spec);
    const onDisk = await renderChart(spec, path.join(outDir, 'same.png'));
    expect(inMemory.png.equals(await readFile(onDisk.path))).toBe(true);
    expect([inMemory.width, inMemory.height]).toEqual([onDisk.width, onDisk.height]);
  });

  it('writes the drawn pixels losslessly, as RGB', async () => {
    const spec = segmentChartSpec(segments);
    const [{ png }, drawn] = await Promise.all([renderChartToBuffer(spec), renderChartToPixels(spec)]);
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([drawn.width, drawn.height, 3]);
    const opaque = Buffer.alloc(drawn.width * drawn.height * 4);
    for (let i = 0, j = 0; i < opaque.length; i += 4, j += 3) {
      opaque[i] = decoded.data[j];
      opaque[i + 1] = decoded.data[j + 1];
      opaque[i + 2] = decoded.data[j + 2];
      opaque[i + 3] = 255;
    }
    expect(opaque.equals(drawn.pixels)).toBe(true);
  });
});

describe('loading src/charts', () => {
  it('does not load vega, vega-lite or resvg until a chart is rendered', async () => {
    // A child process, so the answer does not depend on what this test file already imported.
    const script = `
      const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => [...new Set(Object.keys(cache)
        .map((file) => file.match(/node_modules\\/(vega|vega-lite|@resvg\\/resvg-js)\\//)?.[1])
        .filter(Boolean))].sort();
      const charts = await import('./src/charts/index.ts');
      const spec = charts.barSpec({ title: 't', xLabel: 'x', yLabel: 'y', rows: [{ label: 'a', value: 1 }] });
      const afterImport = loaded();
      await charts.renderChartToBuffer(spec);
      console.log(JSON.stringify({ afterImport, afterRender: loaded() }));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { afterImport, afterRender } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');

    expect(afterImport).toEqual([]);
    expect(afterRender).toEqual(['@resvg/resvg-js', 'vega', 'vega-lite']);
  });
});
