import { ImportRejectedError } from '../errors.ts';
import { missingColumnsError, normaliseHeader, quoteList, resolveColumns, type FieldAliases } from './headers.ts';
import type { ImportOptions } from './types.ts';

/**
 * How a spend file's columns are read. Two layouts:
 *
 * - long: one line per period and channel — `date, channel, spend[, impressions]`;
 * - wide: one line per period (per geo, for Meridian's geo file), one column per channel, named
 *   `<channel>_S` (Robyn), `<channel>_spend` (Meridian), or listed with `--channels` (PyMC-Marketing's
 *   `x1,x2`). Exposure columns `<channel>_I`, `<channel>_P` (Robyn) and `<channel>_impression(s)`
 *   (Meridian) give the channel's impressions; the channel is the spend channel whose name equals
 *   or begins the exposure's (`search_clicks_P` → search). Exposures without a spend column (Meridian's
 *   `Organic_channel0_impression`) and every other column become KPI metrics named by the header in
 *   lower case: the outcome (`revenue`, `conversions`, `y`) and the controls (`competitor_sales_b`,
 *   `events`, `promo`, `event_1`, `t`, ...). Identifier columns (geo, an unnamed index) are ignored.
 */
export type SpendColumns = LongSpendColumns | WideSpendColumns;

export interface LongSpendColumns {
  layout: 'long';
  date: number;
  channel: number;
  spend: number;
  impressions: number | undefined;
  ignored: string[];
}

export interface WideSpendColumns {
  layout: 'wide';
  date: number;
  channels: { channel: string; spend: number; impressions: number | undefined }[];
  metrics: { metric: string; index: number }[];
  outcome: string | null;
  ignored: string[];
}

type LongField = 'date' | 'channel' | 'spend' | 'impressions';

const LONG_ALIASES: FieldAliases<LongField> = {
  date: ['date', 'week', 'dateweek', 'weekstart', 'periodstart', 'period', 'time', 'ds'],
  channel: ['channel', 'media', 'medium'],
  spend: ['spend', 'cost'],
  impressions: ['impressions', 'impression', 'imps'],
};

/** Outcome columns, most preferred first (normalised headers). */
const OUTCOME_NAMES = ['revenue', 'conversions', 'sales', 'y', 'kpi', 'outcome'];
const IDENTIFIER_NAMES = new Set(['', 'index', 'unnamed0', 'id', 'geo', 'region', 'dma']);

const SPEND_SUFFIX = /^(.+?)_(?:spend|Spend|SPEND|S)$/;
const EXPOSURE_SUFFIX = /^(.+?)_(?:impressions?|Impressions?|IMPRESSIONS?|I|P)$/;

export function resolveSpendColumns(headers: string[], options: ImportOptions): SpendColumns {
  const found = resolveColumns(headers, LONG_ALIASES, options.map);
  if (found.date === undefined) throw missingColumnsError(['date'], headers);
  if (found.channel !== undefined && found.spend !== undefined && !options.channels?.length) {
    const used = new Set([found.date, found.channel, found.spend, found.impressions]);
    return {
      layout: 'long',
      date: found.date,
      channel: found.channel,
      spend: found.spend,
      impressions: found.impressions,
      ignored: headers.filter((_, i) => !used.has(i)),
    };
  }
  return resolveWideColumns(headers, found.date, options);
}

function resolveWideColumns(headers: string[], dateIndex: number, options: ImportOptions): WideSpendColumns {
  const named = new Set((options.channels ?? []).map(normaliseHeader));
  const channels: WideSpendColumns['channels'] = [];
  const exposures: { name: string; index: number }[] = [];
  const others: number[] = [];
  headers.forEach((header, index) => {
    if (index === dateIndex) return;
    const spend = named.has(normaliseHeader(header)) ? header : SPEND_SUFFIX.exec(header)?.[1];
    const exposure = EXPOSURE_SUFFIX.exec(header)?.[1];
    if (spend) channels.push({ channel: spend, spend: index, impressions: undefined });
    else if (exposure) exposures.push({ name: exposure, index });
    else others.push(index);
  });
  rejectUnknownChannels(options.channels ?? [], headers);
  if (!channels.length) {
    throw new ImportRejectedError(
      `No spend columns found. Name them <channel>_spend or <channel>_S, or list generic ones with --channels (e.g. --channels x1,x2). Headers found: ${quoteList(headers)}.`,
    );
  }
  for (const exposure of exposures) {
    const channel = channelOfExposure(exposure.name, channels);
    if (channel && channel.impressions === undefined) channel.impressions = exposure.index;
    else others.push(exposure.index);
  }
  others.sort((a, b) => a - b);
  const ignored = others.filter((i) => IDENTIFIER_NAMES.has(normaliseHeader(headers[i])));
  const metrics = others.filter((i) => !ignored.includes(i)).map((index) => ({ metric: headers[index].toLowerCase(), index }));
  return {
    layout: 'wide',
    date: dateIndex,
    channels,
    metrics,
    outcome: chooseOutcome(metrics.map((m) => m.metric), headers, options.outcome),
    ignored: ignored.map((i) => headers[i]),
  };
}

/** The spend channel an exposure column belongs to: same name, else the longest name it starts with. */
function channelOfExposure(name: string, channels: WideSpendColumns['channels']) {
  const lower = name.toLowerCase();
  const same = channels.find((c) => c.channel.toLowerCase() === lower);
  if (same) return same;
  return channels
    .filter((c) => lower.startsWith(`${c.channel.toLowerCase()}_`))
    .sort((a, b) => b.channel.length - a.channel.length)[0];
}

function chooseOutcome(metrics: string[], headers: string[], requested: string | undefined): string | null {
  if (requested) {
    const metric = metrics.find((m) => normaliseHeader(m) === normaliseHeader(requested));
    if (!metric) throw new ImportRejectedError(`Outcome column "${requested}" not found. Headers found: ${quoteList(headers)}.`);
    return metric;
  }
  const byPreference = OUTCOME_NAMES.map((name) => metrics.find((m) => normaliseHeader(m) === name));
  return byPreference.find((m) => m !== undefined) ?? null;
}

function rejectUnknownChannels(channels: string[], headers: string[]): void {
  const normalised = new Set(headers.map(normaliseHeader));
  const unknown = channels.filter((c) => !normalised.has(normaliseHeader(c)));
  if (unknown.length) {
    throw new ImportRejectedError(`--channels ${unknown.join(',')}: no such column. Headers found: ${quoteList(headers)}.`);
  }
}
