import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, NEUTRAL_GREY, OKABE_ITO, chartConfig, withUnit } from './theme.ts';

export interface SpendPoint {
  spend: number;
  outcome: number;
}

/** A point of a fitted curve, with the 80 % range of the outcome at that spend when known (drawn as a band). */
export interface CurvePoint extends SpendPoint {
  low?: number;
  high?: number;
}

export interface ChannelAllocation {
  name: string;
  current: number;
  recommended: number;
  /** The spend the allocator was allowed (min – max per period); drawn as a grey range. */
  bounds?: { min: number; max: number };
  /** What holds the channel: 'max', 'min', 'locked' or nothing; marked on its bar. */
  heldBy?: string;
}

export interface ResponseCurve {
  name: string;
  /** The allowed spend range, shaded on the curve's panel. */
  bounds?: { min: number; max: number };
  /** The fitted spend -> outcome curve, in increasing spend. */
  points: CurvePoint[];
  current: SpendPoint;
  recommended: SpendPoint;
}

export interface AllocationChartInput {
  /** ISO code of the spend (and of the outcome if it is money); absent: amounts without a symbol. */
  currency?: string;
  /** Axis title for the curves' outcome, with its unit. Default "Outcome". */
  outcomeLabel?: string;
  channels: ChannelAllocation[];
  curves: ResponseCurve[];
  title?: string;
}

const PLANS = ['Current', 'Recommended'] as const;
const PLAN_COLOUR = {
  field: 'plan',
  type: 'nominal' as const,
  title: null,
  scale: { domain: [...PLANS], range: [OKABE_ITO.orange, OKABE_ITO.blue] },
};
/** Label over a channel's allowed range for the bound that holds it. */
const HELD_LABEL: Record<string, string> = { max: 'at cap', min: 'at floor', locked: 'locked' };

/** Room a curve panel needs besides its plot: its own y axis (scales are independent) and spacing. */
const PANEL_CHROME = 70;

/** Panels per row: one row up to three channels, 2 × 2 for four, then rows of three. */
export function curveColumns(channelCount: number): number {
  if (channelCount <= 3) return Math.max(channelCount, 1);
  return channelCount === 4 ? 2 : 3;
}

function spendBars(input: AllocationChartInput, spendTitle: string) {
  const rows = input.channels.flatMap((channel) => [
    { channel: channel.name, plan: PLANS[0], spend: channel.current },
    { channel: channel.name, plan: PLANS[1], spend: channel.recommended },
  ]);
  const ranges = input.channels
    .filter((channel) => channel.bounds)
    .map((channel) => ({ channel: channel.name, min: channel.bounds!.min, max: channel.bounds!.max, heldBy: HELD_LABEL[channel.heldBy ?? ''] ?? '' }));
  const x = { field: 'channel', type: 'nominal' as const, sort: input.channels.map((c) => c.name), title: null, axis: { labelAngle: 0 } };
  const bars = {
    data: { values: rows },
    mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
    encoding: {
      x,
      xOffset: { field: 'plan', type: 'nominal' as const, sort: [...PLANS] },
      y: { field: 'spend', type: 'quantitative' as const, title: spendTitle, axis: { format: FORMATS.currency } },
      color: PLAN_COLOUR,
    },
  };
  // The allowed range of each channel: a grey bar with end ticks, labelled with the bound that holds it.
  const bounds = ranges.length
    ? [
        { data: { values: ranges }, mark: { type: 'rule' as const, color: NEUTRAL_GREY, strokeWidth: 1.5, opacity: 0.8 }, encoding: { x, y: { field: 'min', type: 'quantitative' as const }, y2: { field: 'max' } } },
        { data: { values: ranges }, mark: { type: 'tick' as const, color: NEUTRAL_GREY, thickness: 1.5, size: 14 }, encoding: { x, y: { field: 'min', type: 'quantitative' as const } } },
        { data: { values: ranges }, mark: { type: 'tick' as const, color: NEUTRAL_GREY, thickness: 1.5, size: 14 }, encoding: { x, y: { field: 'max', type: 'quantitative' as const } } },
        {
          data: { values: ranges },
          mark: { type: 'text' as const, color: NEUTRAL_GREY, dy: -8, fontSize: 10 },
          encoding: { x, y: { field: 'max', type: 'quantitative' as const }, text: { field: 'heldBy', type: 'nominal' as const } },
        },
      ]
    : [];
  return {
    title: { text: 'Spend per channel', subtitle: ranges.length ? 'Grey: the range each channel was allowed' : '' },
    width: CHART_WIDTH - 100,
    height: 200,
    layer: [bars, ...bounds],
  };
}

function curveRows(curves: ResponseCurve[]) {
  return curves.flatMap((curve) => [
    ...curve.points.map((point) => ({ channel: curve.name, plan: null, ...point })),
    ...(curve.bounds ? [{ channel: curve.name, plan: 'Allowed', spend: curve.bounds.min, spendMax: curve.bounds.max, outcome: null }] : []),
    { channel: curve.name, plan: PLANS[0], ...curve.current },
    { channel: curve.name, plan: PLANS[1], ...curve.recommended },
  ]);
}

function responseCurves(input: AllocationChartInput, spendTitle: string) {
  const columns = curveColumns(input.curves.length);
  const x = { field: 'spend', type: 'quantitative' as const, title: spendTitle, axis: { format: FORMATS.compactCurrency, tickCount: 4 } };
  const y = {
    field: 'outcome',
    type: 'quantitative' as const,
    title: input.outcomeLabel ?? 'Outcome',
    axis: { format: FORMATS.compact, tickCount: 4 },
  };
  return {
    title: { text: 'Response curves', subtitle: curveSubtitle(input.curves) },
    data: { values: curveRows(input.curves) },
    facet: { field: 'channel', type: 'nominal' as const, title: null, sort: input.curves.map((c) => c.name) },
    columns,
    spec: {
      width: Math.floor(CHART_WIDTH / columns) - PANEL_CHROME,
      height: 130,
      encoding: { x, y },
      layer: [
        {
          transform: [{ filter: "datum.plan === 'Allowed'" }],
          mark: { type: 'rect' as const, color: NEUTRAL_GREY, opacity: 0.12 },
          encoding: { x2: { field: 'spendMax' }, y: { value: 0 }, y2: { value: 130 } },
        },
        {
          transform: [{ filter: 'datum.plan === null && isValid(datum.low)' }],
          mark: { type: 'area' as const, color: OKABE_ITO.blue, opacity: 0.18 },
          encoding: { y: { field: 'low', type: 'quantitative' as const }, y2: { field: 'high' } },
        },
        { transform: [{ filter: 'datum.plan === null' }], mark: { type: 'line' as const, color: NEUTRAL_GREY, strokeWidth: 2 } },
        {
          transform: [{ filter: "datum.plan === 'Current' || datum.plan === 'Recommended'" }],
          mark: { type: 'point' as const, filled: true, size: 90, opacity: 1 },
          encoding: { color: PLAN_COLOUR, shape: { field: 'plan', type: 'nominal' as const, title: null, scale: { domain: [...PLANS], range: ['circle', 'diamond'] } } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' as const, y: 'independent' as const } },
  };
}

function curveSubtitle(curves: ResponseCurve[]): string {
  const parts = [
    ...(curves.some((c) => c.bounds) ? ['Shaded: the spend each channel was allowed'] : []),
    ...(curves.some((c) => c.points.some((p) => p.low !== undefined)) ? ['blue band: 80 % range of the curve'] : []),
  ];
  return parts.join('; ');
}

function totalsSubtitle(channels: ChannelAllocation[]): string {
  const current = channels.reduce((sum, channel) => sum + channel.current, 0);
  const recommended = channels.reduce((sum, channel) => sum + channel.recommended, 0);
  const amount = (value: number) => Math.round(value).toLocaleString('en-US');
  return `Total spend: ${amount(current)} now, ${amount(recommended)} recommended`;
}

/** Current vs recommended spend per channel, above each channel's response curve with both points marked. */
export function allocationSpec(input: AllocationChartInput): TopLevelSpec {
  const { currency } = input;
  const spendTitle = withUnit('Spend', currency);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: input.title ?? 'Recommended budget allocation', subtitle: withUnit(totalsSubtitle(input.channels), currency) },
    config: chartConfig(currency),
    vconcat: [spendBars(input, spendTitle), responseCurves(input, spendTitle)],
  };
}

export interface RoiChartInput {
  /** ISO code of the spend; absent: no symbol. */
  currency?: string;
  /** What the return is measured in, e.g. 'revenue'. */
  outcome: string;
  period: string;
  channels: { name: string; roas: number; marginalRoas: number }[];
}

const ROI_MEASURES = ['ROAS (average)', 'Marginal ROAS'] as const;

/**
 * Return on spend per channel at today's spend: the average return (outcome driven ÷ spend) next
 * to the marginal one (what the next unit of spend brings), with a line at 1 where spend pays back.
 */
export function roiSpec(input: RoiChartInput): TopLevelSpec {
  const rows = input.channels.flatMap((c) => [
    { channel: c.name, measure: ROI_MEASURES[0], value: c.roas },
    { channel: c.name, measure: ROI_MEASURES[1], value: c.marginalRoas },
  ]);
  const x = { field: 'channel', type: 'nominal' as const, sort: input.channels.map((c) => c.name), title: null, axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Return on spend per channel, at today\'s spend',
      subtitle: `${input.outcome[0].toUpperCase()}${input.outcome.slice(1)} per unit of spend; below the dashed line at 1 it does not pay back`,
    },
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 100,
    height: 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
        encoding: {
          x,
          xOffset: { field: 'measure', type: 'nominal' as const, sort: [...ROI_MEASURES] },
          y: { field: 'value', type: 'quantitative' as const, title: 'Return per unit of spend', axis: { format: ',.1f' } },
          color: { field: 'measure', type: 'nominal' as const, title: null, scale: { domain: [...ROI_MEASURES], range: [OKABE_ITO.blue, OKABE_ITO.orange] } },
        },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule' as const, color: NEUTRAL_GREY, strokeDash: [4, 3] }, encoding: { y: { field: 'one', type: 'quantitative' as const } } },
    ],
  };
}
