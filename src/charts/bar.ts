import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, FORMATS, OKABE_ITO, chartConfig } from './theme.ts';

export interface BarChartInput {
  title: string;
  subtitle?: string;
  xLabel: string;
  /** Should name the unit, e.g. "Revenue (GBP)". */
  yLabel: string;
  rows: { label: string; value: number }[];
  /** d3-format pattern for the axis and the value printed on each bar. Default ',.0f'. */
  valueFormat?: string;
  /** Currency that a '$' in valueFormat stands for; absent: no symbol. */
  currency?: string;
}

/** Labels longer than this are slanted so neighbours do not collide. */
const LONGEST_UPRIGHT_LABEL = 10;

/** Vertical bars in the given row order, each labelled with its value: for digests and summaries. */
export function barSpec(input: BarChartInput): TopLevelSpec {
  const format = input.valueFormat ?? FORMATS.count;
  const slanted = input.rows.some((row) => row.label.length > LONGEST_UPRIGHT_LABEL);
  const x = {
    field: 'label',
    type: 'nominal' as const,
    sort: null,
    title: input.xLabel,
    axis: { labelAngle: slanted ? -35 : 0, labelLimit: 140 },
  };
  const y = { field: 'value', type: 'quantitative' as const, title: input.yLabel, axis: { format } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: input.subtitle ? { text: input.title, subtitle: input.subtitle } : input.title,
    config: chartConfig(input.currency),
    width: CHART_WIDTH - 80,
    height: 300,
    data: { values: input.rows },
    encoding: { x, y },
    layer: [
      { mark: { type: 'bar', color: OKABE_ITO.blue, cornerRadiusEnd: 2 } },
      {
        mark: { type: 'text', dy: -7, fontSize: 11, color: '#333333' },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
    ],
  };
}
