import type { TopLevelSpec } from 'vega-lite';
import { CATEGORY_PALETTE, CHART_WIDTH, FORMATS, chartConfig, withUnit } from './theme.ts';

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

export interface SegmentChartInput {
  points: SegmentPoint[];
  shares: SegmentShare[];
  currency?: string;
  title?: string;
}

/** More points than this slow rendering and turn the scatter into an unreadable blot. */
export const MAX_SCATTER_POINTS = 3000;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const PANEL_WIDTH = 215;
const PANEL_HEIGHT = 300;
const PANEL_TITLE_SIZE = 13;

/** Every k-th point, so the sample keeps the shape of the whole set without any randomness. */
export function evenSample<T>(items: T[], maxCount: number): T[] {
  if (items.length <= maxCount) return items;
  const step = items.length / maxCount;
  return Array.from({ length: maxCount }, (_, i) => items[Math.floor(i * step)]);
}

/** Ticks at 1, 10, 100, … spanning the values: a log axis otherwise grids every 2…9 multiple too. */
export function powersOfTenCovering(values: number[]): number[] {
  if (values.length === 0) return [1];
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  return Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
}

function segmentColour(segments: string[]) {
  return {
    field: 'segment',
    type: 'nominal' as const,
    title: 'Segment',
    scale: { domain: segments, range: CATEGORY_PALETTE },
    legend: { orient: 'top' as const, columns: 3 },
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
      y: { field: 'segment', type: 'nominal' as const, sort: segments, title: null, axis: { labelLimit: 120 } },
      x: { field: 'share', type: 'quantitative' as const, title: 'Share of total (%)', axis: { format: FORMATS.percent } },
      yOffset: { field: 'measure', type: 'nominal' as const, sort: ['Customers', 'Revenue'] },
      color: segmentLegend ? segmentColour(segments) : { ...segmentColour(segments), legend: null },
      opacity: {
        field: 'measure',
        type: 'ordinal' as const,
        sort: ['Customers', 'Revenue'],
        title: null,
        scale: { domain: ['Customers', 'Revenue'], range: [0.4, 1] },
        legend: { orient: 'top' as const, symbolType: 'square' },
      },
    },
  };
}

/** Recency against spend (log), one colour per segment. */
export function segmentScatterSpec(input: SegmentScatterInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: input.title ?? 'Customers by recency and spend',
    config: chartConfig(input.currency),
    ...scatterLayer(input, CHART_WIDTH - 90),
  };
}

/** Per segment, its share of customers next to its share of revenue. */
export function segmentShareSpec(input: SegmentShareInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: input.title ?? 'Share of customers vs share of revenue',
    config: chartConfig(),
    ...shareLayer(input, CHART_WIDTH - 140, false),
  };
}

/** Scatter and shares side by side in one image. */
export function segmentChartSpec(input: SegmentChartInput): TopLevelSpec {
  const segments = input.shares.map((share) => share.name);
  return {
    $schema: SCHEMA,
    title: input.title ?? 'Customer segments',
    config: chartConfig(input.currency),
    hconcat: [
      { title: { text: 'Recency vs spend', fontSize: PANEL_TITLE_SIZE }, ...scatterLayer({ points: input.points, segments, currency: input.currency }, PANEL_WIDTH) },
      { title: { text: 'Customers vs revenue', fontSize: PANEL_TITLE_SIZE }, ...shareLayer({ segments: input.shares }, PANEL_WIDTH - 80, true) },
    ],
  };
}
