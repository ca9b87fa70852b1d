import type { TopLevelSpec } from 'vega-lite';
import { CATEGORY_PALETTE, CHART_WIDTH, FORMATS, chartConfig, powersOfTen, withUnit } from './theme.ts';

export interface SegmentPoint {
  recencyDays: number;
  /** Total spend of the customer; must be > 0 to appear on the log axis. */
  monetary: number;
  segment: string;
}

export interface SegmentScatterInput {
  points: SegmentPoint[];
  /** Segment names in legend order; also fixes each segment's colour. */
  segments: string[];
  currency?: string;
  title?: string;
}

export interface SegmentShare {
  name: string;
  /** Fractions in [0, 1]. */
  customerShare: number;
  revenueShare: number;
}

export interface SegmentShareInput {
  segments: SegmentShare[];
  title?: string;
}

/** One cell of the RFM grid: the customers with these recency and frequency scores, and their (most common) segment. */
export interface RfmGridCell {
  recencyScore: number;
  frequencyScore: number;
  segment: string;
  customers: number;
}

export interface SegmentChartInput {
  points: SegmentPoint[];
  shares: SegmentShare[];
  /** The RFM grid panel (recency score × frequency score), drawn first when given. */
  grid?: RfmGridCell[];
  currency?: string;
  title?: string;
}

/** More points than this slow rendering, weigh on the PNG and turn the scatter into an unreadable blot. */
export const MAX_SCATTER_POINTS = 2000;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const PANEL_WIDTH = 215;
const PANEL_HEIGHT = 300;
const PANEL_TITLE_SIZE = 13;
/** Panels of the two-row layout: narrow enough that the image stays within Slack's preview width. */
const GRID_PANEL_WIDTH = 140;
const GRID_PANEL_HEIGHT = 240;

/** Every k-th point, so the sample keeps the shape of the whole set without any randomness. */
export function evenSample<T>(items: T[], maxCount: number): T[] {
  if (items.length <= maxCount) return items;
  const step = items.length / maxCount;
  return Array.from({ length: maxCount }, (_, i) => items[Math.floor(i * step)]);
}

/** Ticks at 1, 10, 100, … spanning the values: a log axis otherwise grids every 2…9 multiple too. */
export function powersOfTenCovering(values: number[]): number[] {
  if (values.length === 0) return [1];
  return powersOfTen(Math.floor(Math.log10(Math.min(...values))), Math.ceil(Math.log10(Math.max(...values))));
}

/**
 * One colour per standard segment, read at a glance: the best in greens and blues, those slipping in
 * yellows and oranges, those at risk in reds, the gone in greys. Other names take the palette.
 */
export const SEGMENT_COLOURS: Record<string, string> = {
  Champions: '#1a9850',
  Loyal: '#2c7fb8',
  'Potential loyalists': '#91cf60',
  'New customers': '#41b6c4',
  Promising: '#a6d9f7',
  'Need attention': '#fee08b',
  'About to sleep': '#fdae61',
  'At risk': '#f46d43',
  "Can't lose them": '#b2182b',
  Hibernating: '#9e8f80',
  Lost: '#bababa',
};

function segmentColour(segments: string[]) {
  let spare = 0;
  const range = segments.map((name) => SEGMENT_COLOURS[name] ?? CATEGORY_PALETTE[spare++ % CATEGORY_PALETTE.length]);
  return {
    field: 'segment',
    type: 'nominal' as const,
    title: 'Segment',
    scale: { domain: segments, range },
    legend: { orient: 'top' as const, labelLimit: 200 },
  };
}

function scatterLayer(input: SegmentScatterInput, width: number) {
  const points = evenSample(
    input.points.filter((point) => point.monetary > 0),
    MAX_SCATTER_POINTS,
  );
  return {
    width,
    height: PANEL_HEIGHT,
    data: { values: points },
    mark: { type: 'circle' as const, size: 14, opacity: 0.55 },
    encoding: {
      x: { field: 'recencyDays', type: 'quantitative' as const, title: 'Days since last purchase', axis: { format: FORMATS.count } },
      y: {
        field: 'monetary',
        type: 'quantitative' as const,
        title: withUnit('Total spend, log scale', input.currency),
        scale: { type: 'log' as const },
        axis: { format: FORMATS.compactCurrency, values: powersOfTenCovering(points.map((point) => point.monetary)) },
      },
      color: segmentColour(input.segments),
    },
  };
}

/** `segmentLegend` is off when alone: the bars' axis labels already name the segments. */
function shareLayer(input: SegmentShareInput, width: number, segmentLegend: boolean) {
  const segments = input.segments.map((segment) => segment.name);
  const rows = input.segments.flatMap((segment) => [
    { segment: segment.name, measure: 'Customers', share: segment.customerShare },
    { segment: segment.name, measure: 'Revenue', share: segment.revenueShare },
  ]);
  return {
    width,
    height: PANEL_HEIGHT,
    data: { values: rows },
    mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'segment', type: 'nominal' as const, sort: segments, title: null, axis: { labelLimit: 180 } },
      x: { field: 'share', type: 'quantitative' as const, title: 'Share of total (%)', axis: { format: FORMATS.percent } },
      yOffset: { field: 'measure', type: 'nominal' as const, sort: ['Customers', 'Revenue'] },
      color: segmentLegend ? segmentColour(segments) : { ...segmentColour(segments), legend: null },
      opacity: {
        field: 'measure',
        type: 'ordinal' as const,
        sort: ['Customers', 'Revenue'],
        title: null,
        scale: { domain: ['Customers', 'Revenue'], range: [0.4, 1] },
        legend: { orient: 'bottom' as const, symbolType: 'square' },
      },
    },
  };
}

/** The grid marketers recognise: recency score across, frequency score up, coloured by segment, sized by customers. */
function gridLayer(cells: RfmGridCell[], segments: string[], width: number) {
  const scores = [1, 2, 3, 4, 5];
  return {
    width,
    height: PANEL_HEIGHT,
    data: { values: cells },
    encoding: {
      x: { field: 'recencyScore', type: 'ordinal' as const, title: 'Recency score (5 = most recent)', scale: { domain: scores }, axis: { labelAngle: 0 } },
      y: { field: 'frequencyScore', type: 'ordinal' as const, title: 'Frequency score (5 = most orders)', scale: { domain: [...scores].reverse() } },
    },
    layer: [
      { mark: { type: 'rect' as const, opacity: 0.35, stroke: 'white', strokeWidth: 1 }, encoding: { color: segmentColour(segments) } },
      {
        mark: { type: 'circle' as const, opacity: 0.9, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          size: { field: 'customers', type: 'quantitative' as const, title: 'Customers', scale: { range: [8, 900] }, legend: null },
          color: segmentColour(segments),
        },
      },
      {
        // A cell is 28 px wide: five characters at most ("9,999", "12.3k", "123k").
        transform: [{ calculate: "datum.customers < 10000 ? format(datum.customers, ',') : format(datum.customers, '.3~s')", as: 'label' }],
        mark: { type: 'text' as const, fontSize: 9, color: '#111', dy: -16 },
        encoding: { text: { field: 'label', type: 'nominal' as const } },
      },
    ],
  };
}

/** Customers per cell of the RFM grid, each cell named by its most common segment (ties: the first in `segments`). */
export function rfmGridCells(customers: readonly { recencyScore: number; frequencyScore: number; segment: string }[], segments: readonly string[]): RfmGridCell[] {
  const cells = new Map<string, Map<string, number>>();
  for (const c of customers) {
    const key = `${c.recencyScore},${c.frequencyScore}`;
    const bySegment = cells.get(key) ?? cells.set(key, new Map()).get(key)!;
    bySegment.set(c.segment, (bySegment.get(c.segment) ?? 0) + 1);
  }
  return [...cells].map(([key, bySegment]) => {
    const [recencyScore, frequencyScore] = key.split(',').map(Number);
    const ranked = [...bySegment].sort((a, b) => b[1] - a[1] || segments.indexOf(a[0]) - segments.indexOf(b[0]));
    return { recencyScore, frequencyScore, segment: ranked[0][0], customers: [...bySegment.values()].reduce((a, b) => a + b, 0) };
  }).sort((a, b) => a.recencyScore - b.recencyScore || a.frequencyScore - b.frequencyScore);
}

function legendColumns(config: ReturnType<typeof chartConfig>, columns: number): ReturnType<typeof chartConfig> {
  return { ...config, legend: { ...config.legend, columns } };
}

/** Recency against spend (log), one colour per segment. */
export function segmentScatterSpec(input: SegmentScatterInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: input.title ?? 'Customers by recency and spend',
    config: legendColumns(chartConfig(input.currency), 3),
    ...scatterLayer(input, CHART_WIDTH - 90),
  };
}

/** Per segment, its share of customers next to its share of revenue. */
export function segmentShareSpec(input: SegmentShareInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: input.title ?? 'Share of customers vs share of revenue',
    config: legendColumns(chartConfig(), 3),
    ...shareLayer(input, CHART_WIDTH - 140, false),
  };
}

/**
 * Scatter and shares side by side in one image; with the RFM grid, the grid and the scatter side by
 * side above the shares (three panels in a row would be too wide for Slack).
 */
export function segmentChartSpec(input: SegmentChartInput): TopLevelSpec {
  const segments = input.shares.map((share) => share.name);
  const scatter = (width: number) => ({ title: { text: 'Recency vs spend', fontSize: PANEL_TITLE_SIZE }, ...scatterLayer({ points: input.points, segments, currency: input.currency }, width) });
  const config = chartConfig(input.currency);
  const base = { $schema: SCHEMA, title: input.title ?? 'Customer segments', config: legendColumns(config, input.grid ? 2 : 3) };
  if (!input.grid) {
    return { ...base, hconcat: [scatter(PANEL_WIDTH), { title: { text: 'Customers vs revenue', fontSize: PANEL_TITLE_SIZE }, ...shareLayer({ segments: input.shares }, PANEL_WIDTH - 80, true) }] };
  }
  return {
    ...base,
    vconcat: [
      {
        // Closer than the theme's spacing: the scatter's own axis already stands between the panels.
        spacing: 12,
        hconcat: [
          { title: { text: 'RFM grid (customers per cell)', fontSize: PANEL_TITLE_SIZE }, ...gridLayer(input.grid, segments, GRID_PANEL_WIDTH), height: GRID_PANEL_HEIGHT },
          { ...scatter(GRID_PANEL_WIDTH), height: GRID_PANEL_HEIGHT },
        ],
      },
      { title: { text: 'Customers vs revenue', fontSize: PANEL_TITLE_SIZE }, ...shareLayer({ segments: input.shares }, 2 * GRID_PANEL_WIDTH, true), height: 18 * input.shares.length },
    ],
  };
}
