import { NUMBER_WORD_PATTERN, parseCount } from '../numbers.ts';
import { countryVariants, resolveCountry, WORD_LIKE_COUNTRY_ALIASES } from '../../vocabulary/countries.ts';
import type { MaskedText, SlackChannelRef } from './types.ts';

/** Spoken aliases → data channel names; an alias is used only when its target is a known channel. */
const CHANNEL_ALIASES: Record<string, string[]> = {
  facebook: ['fb', 'meta', 'facebook ads'],
  instagram: ['insta', 'ig'],
  search: ['paid search', 'sem', 'ppc', 'google ads', 'adwords', 'sea'],
  social: ['paid social', 'social media'],
  tv: ['television', 'tv ads', 'linear tv'],
  ooh: ['out of home', 'outdoor', 'billboards?'],
  newsletter: ['email', 'e-mail', 'emails', 'mailing'],
  email: ['e-mail', 'emails', 'newsletter', 'mailing'],
  display: ['banners?', 'programmatic'],
  radio: ['audio'],
};

/** Case-insensitive words: "paid_search" in the data also matches "paid search" in the text. Compiled once per list. */
const PHRASE_PATTERNS = new Map<string, RegExp>();
function phrasePattern(phrases: string[]): RegExp {
  const key = phrases.join('\u0000');
  let pattern = PHRASE_PATTERNS.get(key);
  if (!pattern) {
    const escaped = phrases.map((p) => p.replace(/[_-]+/g, ' ').replace(/[.*+?^${}()|[\]]/g, (c) => (c === '?' ? c : `\\${c}`)));
    pattern = new RegExp(String.raw`(?<![\w#])(?:${escaped.join('|').replace(/ /g, '[\\s_-]+')})(?!\w)`, 'i');
    // Names come from the data (countries, channels): a bounded set, but not a fixed one.
    if (PHRASE_PATTERNS.size >= 2000) PHRASE_PATTERNS.clear();
    PHRASE_PATTERNS.set(key, pattern);
  }
  return pattern;
}

function variants(name: string, aliases: Record<string, string[]>): string[] {
  const plain = name.toLowerCase().replace(/[_-]+/g, ' ');
  const withoutSuffix = plain.replace(/\s+(?:spend|s|cost|impressions?)$/, '');
  return [...new Set([plain, withoutSuffix, ...(aliases[plain] ?? []), ...(aliases[withoutSuffix] ?? [])])];
}

/** Known channels the text names, in the order it names them ("across display and social": display, social). */
export function extractChannels(text: string, known: string[] = []): string[] | undefined {
  const found = mentionedChannels(text, known).map((c) => c.name);
  return found.length > 0 ? found : undefined;
}

/** Where known channels are named in the text, in order: each channel's first mention, or every mention with `every`. */
export function mentionedChannels(text: string, known: string[] = [], every = false): Array<{ name: string; at: number; length: number }> {
  const found: Array<{ name: string; at: number; length: number }> = [];
  for (const name of known) {
    const pattern = phrasePattern(variants(name, CHANNEL_ALIASES));
    const matches = every ? [...text.matchAll(new RegExp(pattern.source, 'gi'))] : [pattern.exec(text)].filter((m) => m !== null);
    for (const match of matches) found.push({ name, at: match.index ?? 0, length: match[0].length });
  }
  return found.sort((a, b) => a.at - b.at);
}


function mentionsWordLikeAlias(text: string, alias: string): boolean {
  return new RegExp(String.raw`(?<!\w)${alias.toUpperCase()}(?!\w)`).test(text) || new RegExp(String.raw`country\s*=\s*${alias}\b`, 'i').test(text);
}

/** "german customers", "French sales": the adjective → a name the country resolver knows. */
const DEMONYMS: Record<string, string[]> = {
  german: ['germany'], french: ['france'], spanish: ['spain'], dutch: ['netherlands'], british: ['united kingdom', 'uk'],
  english: ['united kingdom', 'uk'], irish: ['eire', 'ireland'], swiss: ['switzerland'], belgian: ['belgium'],
  portuguese: ['portugal'], australian: ['australia'], american: ['usa', 'united states'], italian: ['italy'],
  norwegian: ['norway'], swedish: ['sweden'], danish: ['denmark'], finnish: ['finland'], austrian: ['austria'],
  polish: ['poland'], japanese: ['japan'], canadian: ['canada'], greek: ['greece'], cypriot: ['cyprus'],
};
const DEMONYM = new RegExp(String.raw`\b(${Object.keys(DEMONYMS).join('|')})\s+(?:customers?|clients?|buyers?|shoppers?|accounts?|consumers?|users?|market|sales|orders?|revenue|turnover|business|base)\b`, 'i');

export function extractCountry(text: string, known: string[] = []): string | undefined {
  const byLength = [...known].sort((a, b) => b.length - a.length);
  for (const name of byLength) {
    const all = countryVariants(name);
    const wordLike = all.filter((alias) => WORD_LIKE_COUNTRY_ALIASES.has(alias));
    const plain = all.filter((alias) => !WORD_LIKE_COUNTRY_ALIASES.has(alias));
    if (phrasePattern(plain).test(text) || wordLike.some((alias) => mentionsWordLikeAlias(text, alias))) return name;
  }
  const demonym = DEMONYM.exec(text);
  if (demonym) {
    for (const name of DEMONYMS[demonym[1].toLowerCase()]) {
      const country = resolveCountry(name, known);
      if (country) return country;
    }
  }
  return undefined;
}

const SLACK_LINK = /<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/;
const HASH_CHANNEL = /(?<![\w&])#([a-z][\w-]*)/i;

export function extractSlackChannel(masked: MaskedText): SlackChannelRef | undefined {
  const link = SLACK_LINK.exec(masked.text);
  if (link) {
    masked.consume(link.index, link[0].length);
    return { id: link[1], name: link[2] ?? '' };
  }
  const hash = HASH_CHANNEL.exec(masked.text);
  if (hash) {
    masked.consume(hash.index, hash[0].length);
    return { name: hash[1].toLowerCase() };
  }
  return undefined;
}

/** "schedule 3", "delete job #12", "digest 23", "post 15", "number 4", "no. 3", "id 9", a bare "#12" (never a channel: channels start with a letter). */
const SCHEDULE_ID =
  /(?:\b(?:schedules?|sched|unschedule|jobs?|reports?|digests?|posts?|numbered|number|no\.?|id)\s*(?:(?:delete|del|rm|remove|cancel|stop|number|no\.?|id)\s*)?#?|(?<![\w&])#)(\d{1,6})\b(?!\s*(?:am|pm|:|k\b|%|days?|weeks?|months?))/i;

/** "drop schedule six", "cancel digest number twelve". */
const SCHEDULE_ID_WORD = new RegExp(String.raw`\b(?:schedules?|sched|digests?|posts?|number)\s+(?:number\s+)?(${NUMBER_WORD_PATTERN})\b`, 'i');

export function extractScheduleId(masked: MaskedText): number | undefined {
  const match = SCHEDULE_ID.exec(masked.text);
  if (match) return Number(match[1]);
  const word = SCHEDULE_ID_WORD.exec(masked.text);
  return word ? parseCount(word[1]) : undefined;
}
