import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, NEUTRAL_GREY, OKABE_ITO, chartConfig, withUnit } from './theme.ts';

export interface SpendPoint {
  spend: number;
  outcome: number;
}

export interface ChannelAllocation {
  name: string;
  current: number;
  recommended: number;
}

export interface ResponseCurve {
  name: string;
  /** The fitted spend -> outcome curve, in increasing spend. */
  points: SpendPoint[];
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
  return {
    title: 'Spend per channel',
    width: CHART_WIDTH - 100,
    height: 200,
    data: { values: rows },
    mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
    encoding: {
      x: { field: 'channel', type: 'nominal' as const, sort: input.channels.map((c) => c.name), title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'plan', type: 'nominal' as const, sort: [...PLANS] },
      y: { field: 'spend', type: 'quantitative' as const, title: spendTitle, axis: { format: FORMATS.currency } },
      color: PLAN_COLOUR,
    },
  };
}

function curveRows(curves: ResponseCurve[]) {
  return curves.flatMap((curve) => [
    ...curve.points.map((point) => ({ channel: curve.name, plan: null, ...point })),
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
    title: 'Response curves',
    data: { values: curveRows(input.curves) },
    facet: { field: 'channel', type: 'nominal' as const, title: null, sort: input.curves.map((c) => c.name) },
    columns,
    spec: {
      width: Math.floor(CHART_WIDTH / columns) - PANEL_CHROME,
      height: 130,
      encoding: { x, y },
      layer: [
        { transform: [{ filter: 'datum.plan === null' }], mark: { type: 'line' as const, color: NEUTRAL_GREY, strokeWidth: 2 } },
        {
          transform: [{ filter: 'datum.plan !== null' }],
          mark: { type: 'point' as const, filled: true, size: 90, opacity: 1 },
          encoding: { color: PLAN_COLOUR, shape: { field: 'plan', type: 'nominal' as const, title: null, scale: { domain: [...PLANS], range: ['circle', 'diamond'] } } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' as const, y: 'independent' as const } },
  };
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
