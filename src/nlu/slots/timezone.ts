import { IANAZone } from 'luxon';
import type { MaskedText } from './types.ts';

/** Cities and abbreviations managers use for a timezone; IANA names are also accepted as written. */
const ZONE_BY_NAME: Record<string, string> = {
  london: 'Europe/London', uk: 'Europe/London', dublin: 'Europe/Dublin', lisbon: 'Europe/Lisbon',
  berlin: 'Europe/Berlin', paris: 'Europe/Paris', madrid: 'Europe/Madrid', amsterdam: 'Europe/Amsterdam',
  brussels: 'Europe/Brussels', rome: 'Europe/Rome', milan: 'Europe/Rome', zurich: 'Europe/Zurich',
  vienna: 'Europe/Vienna', stockholm: 'Europe/Stockholm', oslo: 'Europe/Oslo', copenhagen: 'Europe/Copenhagen',
  warsaw: 'Europe/Warsaw', athens: 'Europe/Athens', istanbul: 'Europe/Istanbul', moscow: 'Europe/Moscow',
  'new york': 'America/New_York', nyc: 'America/New_York', boston: 'America/New_York', toronto: 'America/Toronto',
  chicago: 'America/Chicago', denver: 'America/Denver', 'los angeles': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles', seattle: 'America/Los_Angeles', 'sao paulo': 'America/Sao_Paulo',
  'mexico city': 'America/Mexico_City', dubai: 'Asia/Dubai', mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata',
  singapore: 'Asia/Singapore', 'hong kong': 'Asia/Hong_Kong', shanghai: 'Asia/Shanghai', tokyo: 'Asia/Tokyo',
  seoul: 'Asia/Seoul', sydney: 'Australia/Sydney', melbourne: 'Australia/Melbourne', auckland: 'Pacific/Auckland',
  utc: 'UTC', gmt: 'Etc/GMT', cet: 'Europe/Berlin', cest: 'Europe/Berlin', eastern: 'America/New_York',
  est: 'America/New_York', et: 'America/New_York', pacific: 'America/Los_Angeles', pst: 'America/Los_Angeles',
  pt: 'America/Los_Angeles', central: 'America/Chicago', ist: 'Asia/Kolkata', jst: 'Asia/Tokyo',
};

const ABBREVIATIONS = new Set(['utc', 'gmt', 'cet', 'cest', 'est', 'et', 'pst', 'pt', 'ist', 'jst']);
const NAMES = Object.keys(ZONE_BY_NAME).sort((a, b) => b.length - a.length).join('|');
/** A city or region followed by "time"/"timezone"/"tz", or after "in" at the end of a time phrase. */
const NAMED_ZONE = new RegExp(String.raw`\b(${NAMES})\s+(?:time|timezone|time zone|tz|hours)\b|\b(?:in|@)\s+(${NAMES})\s+time\b`, 'i');
const ABBREVIATION = /\b(UTC|GMT|CET|CEST|EST|ET|PST|PT|IST|JST)\b/;
const IANA_NAME = /\b([A-Z][A-Za-z_]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?)\b/;

export function extractTimezone(masked: MaskedText): string | undefined {
  const iana = IANA_NAME.exec(masked.text);
  if (iana && IANAZone.isValidZone(iana[1])) return consumed(masked, iana, iana[1]);
  const named = NAMED_ZONE.exec(masked.text);
  if (named) return consumed(masked, named, ZONE_BY_NAME[(named[1] ?? named[2]).toLowerCase()]);
  const abbreviation = ABBREVIATION.exec(masked.text);
  if (abbreviation && ABBREVIATIONS.has(abbreviation[1].toLowerCase())) {
    return consumed(masked, abbreviation, ZONE_BY_NAME[abbreviation[1].toLowerCase()]);
  }
  return undefined;
}

/** "Berlin time" names a zone, not a place to filter on: blank it out for the country reader. */
function consumed(masked: MaskedText, match: RegExpExecArray, zone: string): string {
  masked.consume(match.index, match[0].length);
  return zone;
}
