import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT_FAMILY, RENDER_SCALE } from './theme.ts';

/**
 * Vega-Lite spec -> Vega -> SVG -> PNG. vega, vega-lite and resvg are imported inside the
 * functions: together they take a noticeable time to load, and most Pulse processes never draw.
 */

export type VegaLiteTopLevelSpec = TopLevelSpec;

export interface RenderedChart {
  path: string;
  width: number;
  height: number;
  bytes: number;
}

export interface ChartPng {
  png: Buffer;
  width: number;
  height: number;
}

export interface ChartPixels {
  /** RGBA, 4 bytes per pixel, row by row. */
  pixels: Buffer;
  width: number;
  height: number;
}

let fontFiles: string[] | undefined;

/** DejaVu ships as an npm package, so text renders the same on a server without system fonts. */
function chartFontFiles(): string[] {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => path.join(fontDir, file));
  }
  return fontFiles;
}

function resvgOptions(): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: chartFontFiles(),
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: RENDER_SCALE },
    background: 'white',
  };
}

export async function renderChartToSvg(spec: VegaLiteTopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

async function rasterize(spec: VegaLiteTopLevelSpec) {
  const svg = await renderChartToSvg(spec);
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, resvgOptions()).render();
}

export async function renderChartToBuffer(spec: VegaLiteTopLevelSpec): Promise<ChartPng> {
  const image = await rasterize(spec);
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Raw RGBA pixels, for checks on what was drawn (tests, previews). */
export async function renderChartToPixels(spec: VegaLiteTopLevelSpec): Promise<ChartPixels> {
  const image = await rasterize(spec);
  return { pixels: image.pixels, width: image.width, height: image.height };
}

/** Writes the PNG to `outPath`, creating its folder. */
export async function renderChart(spec: VegaLiteTopLevelSpec, outPath: string): Promise<RenderedChart> {
  const { png, width, height } = await renderChartToBuffer(spec);
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, png);
  return { path: outPath, width, height, bytes: png.length };
}
