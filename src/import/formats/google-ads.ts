import { ImportRejectedError } from '../../errors.ts';
import { parseExportDay, parseMoney } from '../values.ts';
import { ChannelAssigner, channelName } from './channels.ts';
import { Columns, cell, checkCurrency } from './columns.ts';
import { daysFrom, spreadEvenly } from './days.ts';
import type { DailyKpi, DailySpend, ExportFormat, FormatInput, SpendOutput } from './types.ts';

const LABEL = 'Google Ads report';

/**
 * Google Ads report downloads: a title line and a date-range line, then `Day, Campaign, [Campaign
 * type,] Currency code, Clicks, Impr., …, Cost, Conversions, Conv. value`, then `Total: …` lines.
 * Amounts are quoted with thousands separators (`"$3,200.00"`), `--` means no value. Cost and
 * impressions become spend per channel (the campaign type in lower case, else `search`, unless the
 * channel map or --channel says otherwise); clicks, conversions and conversion value become the KPIs
 * `google_ads:clicks`, `google_ads:conversions` and `google_ads:conversion_value`. Without a `Day`
 * column each row covers the report's date range (from the second line) and is spread over its days.
 */
export const googleAdsReport: ExportFormat = {
  label: LABEL,
  kind: 'spend',
  expected: 'Campaign, Cost and one of Impr., Clicks or Currency code (Day for daily rows), after the title and date-range lines',
  isHeader(cells) {
    const c = new Columns(cells);
    return c.has('Campaign') && c.has('Cost') && c.has('Impr.', 'Impressions', 'Clicks', 'Currency code') && !c.has('Amount spent');
  },
  read,
};

function read({ lines, headerIndex, options, skips }: FormatInput): SpendOutput {
  const c = new Columns(lines[headerIndex].cells);
  const at = {
    day: c.find('Day', 'Date'),
    campaign: c.find('Campaign')!,
    type: c.find('Campaign type'),
    currency: c.find('Currency code', 'Currency'),
    clicks: c.find('Clicks'),
    impressions: c.find('Impr.', 'Impressions'),
    cost: c.find('Cost')!,
    conversions: c.find('Conversions'),
    value: c.find('Conv. value', 'Conversion value', 'Total conv. value'),
  };
  const range = at.day === undefined ? reportRange(lines.slice(0, headerIndex).map((l) => l.cells.join(','))) : null;
  const channels = new ChannelAssigner(options);
  const currencies = new Set<string>();
  const spend: DailySpend[] = [];
  const kpi: DailyKpi[] = [];
  let dataLines = 0;
  let rowsImported = 0;
  for (const { line, cells } of lines.slice(headerIndex + 1)) {
    if (isTotalRow(cells)) continue;
    dataLines++;
    const days = at.day === undefined ? range! : [parseExportDay(cell(cells, at.day))];
    if (days.some((d) => d === null)) {
      skips.add('bad date', line);
      continue;
    }
    const figures = [at.cost, at.impressions, at.clicks, at.conversions, at.value].map((i) => figure(cells, i));
    if (figures.includes(UNREADABLE)) {
      skips.add('bad number', line);
      continue;
    }
    const [cost, impressions, clicks, conversions, value] = figures as (number | null)[];
    if (cost !== null && cost < 0) {
      skips.add('negative spend', line);
      continue;
    }
    const campaign = cell(cells, at.campaign);
    if (!campaign) {
      skips.add('missing channel', line);
      continue;
    }
    if (at.currency !== undefined) currencies.add(cell(cells, at.currency));
    rowsImported++;
    const type = cell(cells, at.type);
    const channel = channels.channelOf(campaign, type && type !== '--' ? channelName(type) : 'search');
    const dayList = days as string[];
    const spread = (total: number | null, decimals: number) => (total === null ? null : spreadEvenly(total, dayList.length, decimals));
    const costs = spread(cost ?? 0, 2)!;
    const impr = spread(impressions, 0);
    dayList.forEach((day, i) => spend.push({ day, channel, spend: costs[i], impressions: impr?.[i] ?? null }));
    for (const [metric, total, decimals] of [['google_ads:clicks', clicks, 0], ['google_ads:conversions', conversions, 2], ['google_ads:conversion_value', value, 2]] as const) {
      const values = spread(total, decimals);
      if (values) dayList.forEach((day, i) => kpi.push({ day, metric, value: values[i] }));
    }
  }
  const currency = checkCurrency(currencies, options.currency, LABEL);
  const notes = [channels.describe('by campaign type (search when none)')];
  if (currency) notes.push(`Amounts are in ${currency}.`);
  if (range) notes.push(`The report has no Day column: each row covers ${range[0]} to ${range.at(-1)} and was spread evenly over those ${range.length} days.`);
  return { kind: 'spend', spend, kpi, dataLines, rowsImported, notes };
}

const UNREADABLE = Symbol('unreadable');

/** A figure: null when the column is absent, the cell empty or `--`; UNREADABLE when it is not a number. */
function figure(cells: readonly string[], index: number | undefined): number | null | typeof UNREADABLE {
  const text = cell(cells, index);
  if (text === '' || text === '--') return null;
  return parseMoney(text) ?? UNREADABLE;
}

/** `Total: Account`, `Total: Campaigns`, …: the footer lines, not data. */
function isTotalRow(cells: readonly string[]): boolean {
  return cells.slice(0, 3).some((c) => /^total\b/i.test(c.trim()));
}

/** The days of the date-range line above the header (`October 1, 2025 - October 31, 2025`). */
function reportRange(preamble: string[]): string[] {
  for (const text of preamble) {
    const parts = text.replace(/^"|"$/g, '').split(/\s+[-–]\s+/);
    if (parts.length !== 2) continue;
    const [first, last] = parts.map(parseExportDay);
    if (first && last && first <= last) return daysFrom(first, last);
  }
  throw new ImportRejectedError(
    'This Google Ads report has no Day column and no date range above its header, so the days its rows cover are unknown. Download it with the Day column (segment by day), or keep the date-range line.',
  );
}
