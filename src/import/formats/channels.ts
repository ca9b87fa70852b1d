import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ImportRejectedError, errorMessage } from '../../errors.ts';
import { normaliseHeader } from '../headers.ts';
import type { ImportOptions } from '../types.ts';

export type ChannelRule = { pattern: string; channel: string };

/** A channel name as Pulse keeps it: lower case, words joined by `_` (`Performance Max` → performance_max). */
export function channelName(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Reads a channels.csv: columns `pattern` and `channel`, one rule a line. A pattern matches a
 * campaign name whole, ignoring case, with `*` for any text (`*brand*`, `Summer sale*`).
 */
export function loadChannelMap(filePath: string): ChannelRule[] {
  let rows: string[][];
  try {
    rows = parse(readFileSync(filePath), { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new ImportRejectedError(`Cannot read the channel map ${filePath}: ${errorMessage(err)}. It is a CSV with the columns pattern,channel.`);
  }
  const header = (rows[0] ?? []).map(normaliseHeader);
  const patternAt = header.indexOf('pattern');
  const channelAt = header.indexOf('channel');
  if (patternAt < 0 || channelAt < 0) {
    throw new ImportRejectedError(`The channel map ${filePath} needs the columns pattern and channel (e.g. a line "*brand*,search_brand"); found: ${rows[0]?.join(', ') || '(nothing)'}.`);
  }
  return rows.slice(1).flatMap((row, i) => {
    const pattern = row[patternAt] ?? '';
    const channel = row[channelAt] ?? '';
    if (!pattern && !channel) return [];
    if (!pattern || !channel) throw new ImportRejectedError(`The channel map ${filePath}, line ${i + 2}: give both a pattern and a channel.`);
    return [{ pattern, channel: channelName(channel) }];
  });
}

/** Picks a campaign's channel: the first channel-map rule that matches, else `--channel`, else the export's default. */
export class ChannelAssigner {
  private readonly rules: { test: RegExp; channel: string }[];
  private readonly fixed: string | undefined;
  readonly used = new Map<string, 'map' | 'option' | 'default'>();

  constructor(options: ImportOptions) {
    this.rules = (options.channelMap ?? []).map((r) => ({ test: globToRegExp(r.pattern), channel: channelName(r.channel) }));
    this.fixed = options.channel ? channelName(options.channel) : undefined;
  }

  channelOf(campaign: string, fallback: string): string {
    for (const rule of this.rules) {
      if (rule.test.test(campaign)) return this.note(rule.channel, 'map');
    }
    if (this.fixed) return this.note(this.fixed, 'option');
    return this.note(fallback, 'default');
  }

  /** One line for the report: which rule gave each channel. */
  describe(defaultRule: string): string {
    const by = (source: string) => [...this.used].filter(([, s]) => s === source).map(([c]) => c).join(', ');
    const parts: string[] = [];
    if (by('map')) parts.push(`from the channel map: ${by('map')}`);
    if (by('option')) parts.push(`from --channel: ${by('option')}`);
    if (by('default')) parts.push(`${defaultRule}: ${by('default')}`);
    return `Channels ${parts.join('; ')}.`;
  }

  private note(channel: string, source: 'map' | 'option' | 'default'): string {
    if (!this.used.has(channel)) this.used.set(channel, source);
    return channel;
  }
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}
