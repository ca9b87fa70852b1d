import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { MixInput } from '../../src/ml/mmm/types.ts';

/**
 * Readers for the public marketing-mix files in ../shared/data/mmm (see its README), each turned into the
 * weekly MixInput of src/ml/mmm. Choices per file:
 * - Robyn: outcome `revenue`; spend = the `*_S` columns (facebook_I and search_clicks_P are exposures);
 *   controls competitor_sales_B, newsletter, and one 0/1 column per named event.
 * - Meridian (national and geo): outcome = conversions × revenue_per_conversion (revenue), so ROAS is money
 *   per money; spend Channel0_spend..Channel4_spend; controls competitor_sales_control,
 *   sentiment_score_control, Promo and the organic channel's impressions. Geo rows are summed per week
 *   (controls averaged over geos, organic impressions summed).
 * - PyMC-Marketing: outcome y; spend x1, x2; controls event_1, event_2 (its dayofyear/t are left to the baseline).
 */
export const MMM_FILES = [
  'robyn_dt_simulated_weekly.csv',
  'meridian_national_all_channels.csv',
  'meridian_geo_all_channels.csv',
  'pymc_marketing_mmm_example.csv',
] as const;

type Row = Record<string, string>;

export function readMixFile(file: string): MixInput {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
  const name = path.basename(file);
  if (name.startsWith('robyn')) return robyn(rows);
  if (name.startsWith('meridian_geo')) return meridian(sumByWeek(rows));
  if (name.startsWith('meridian')) return meridian(rows);
  if (name.startsWith('pymc')) return pymc(rows);
  throw new Error(`No reader for ${name}: expected one of ${MMM_FILES.join(', ')}.`);
}

const numbers = (rows: Row[], column: string) => rows.map((r) => Number(r[column]));

function robyn(rows: Row[]): MixInput {
  const eventNames = [...new Set(rows.map((r) => r.events).filter((e) => e && e !== 'na'))];
  return {
    weeks: rows.map((r) => r.DATE),
    outcome: numbers(rows, 'revenue'),
    channels: ['tv_S', 'ooh_S', 'print_S', 'facebook_S', 'search_S'].map((c) => ({ name: c.replace(/_S$/, ''), spend: numbers(rows, c) })),
    controls: [
      { name: 'competitor_sales', values: numbers(rows, 'competitor_sales_B') },
      { name: 'newsletter', values: numbers(rows, 'newsletter') },
      ...eventNames.map((e) => ({ name: e, values: rows.map((r) => (r.events === e ? 1 : 0)) })),
    ],
  };
}

const MERIDIAN_CHANNELS = [0, 1, 2, 3, 4].map((i) => `Channel${i}_spend`);
const MERIDIAN_CONTROLS = ['competitor_sales_control', 'sentiment_score_control', 'Promo', 'Organic_channel0_impression'];

function meridian(rows: Row[]): MixInput {
  return {
    weeks: rows.map((r) => r.time),
    outcome: rows.map((r) => Number(r.revenue ?? Number(r.conversions) * Number(r.revenue_per_conversion))),
    channels: MERIDIAN_CHANNELS.map((c) => ({ name: c.replace(/_spend$/, ''), spend: numbers(rows, c) })),
    controls: MERIDIAN_CONTROLS.map((c) => ({ name: c, values: numbers(rows, c) })),
  };
}

/** One row per week: revenue and spend and organic impressions summed over geos, other controls averaged. */
function sumByWeek(rows: Row[]): Row[] {
  const weeks = new Map<string, Row[]>();
  for (const row of rows) weeks.set(row.time, [...(weeks.get(row.time) ?? []), row]);
  const sum = (group: Row[], f: (r: Row) => number) => group.reduce((s, r) => s + f(r), 0);
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([time, group]) => {
      const week: Row = { time, revenue: String(sum(group, (r) => Number(r.conversions) * Number(r.revenue_per_conversion))) };
      for (const c of [...MERIDIAN_CHANNELS, 'Organic_channel0_impression']) week[c] = String(sum(group, (r) => Number(r[c])));
      for (const c of ['competitor_sales_control', 'sentiment_score_control', 'Promo']) week[c] = String(sum(group, (r) => Number(r[c])) / group.length);
      return week;
    });
}

function pymc(rows: Row[]): MixInput {
  return {
    weeks: rows.map((r) => r.date_week),
    outcome: numbers(rows, 'y'),
    channels: ['x1', 'x2'].map((c) => ({ name: c, spend: numbers(rows, c) })),
    controls: ['event_1', 'event_2'].map((c) => ({ name: c, values: numbers(rows, c) })),
  };
}
