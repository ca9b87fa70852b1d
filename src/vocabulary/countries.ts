/**
 * The one country resolver: what people type or say ("UK", "Holland", "the US") → the country as
 * the orders spell it. Commands and plain-language slots both use it.
 */

/** Other names for a country, keyed by the lower-case name a data set may use. Regex fragments. */
const COUNTRY_ALIASES: Record<string, string[]> = {
  'united kingdom': ['uk', 'u\\.k\\.', 'britain', 'great britain', 'gb', 'england'],
  eire: ['ireland', 'republic of ireland'],
  ireland: ['eire', 'republic of ireland'],
  usa: ['us', 'u\\.s\\.', 'u\\.s\\.a\\.', 'united states', 'united states of america', 'america'],
  'united states': ['usa', 'us', 'u\\.s\\.', 'america'],
  netherlands: ['holland', 'the netherlands', 'nl'],
  germany: ['deutschland', 'de'],
  'rsa': ['south africa'],
  'south africa': ['rsa'],
  'czech republic': ['czechia'],
};

/** Aliases that are also common English words: plain-language matching takes them only in capitals. */
export const WORD_LIKE_COUNTRY_ALIASES = new Set(['us', 'de']);

/** Every spelling of a stored country name: itself and its aliases (regex fragments, lower case). */
export function countryVariants(name: string): string[] {
  const plain = name.toLowerCase().replace(/[_-]+/g, ' ');
  return [...new Set([plain, ...(COUNTRY_ALIASES[plain] ?? [])])];
}

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/^["'](.*)["']$/, '$1').replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').replace(/^the /, '');
}

/** The stored country a typed name means (case, spaces, underscores and aliases forgiven), or undefined. */
export function resolveCountry(typed: string, known: readonly string[]): string | undefined {
  const wanted = normalise(typed);
  if (!wanted) return undefined;
  const exact = known.find((country) => normalise(country) === wanted);
  if (exact) return exact;
  return known.find((country) => countryVariants(country).some((alias) => aliasMatches(alias, wanted)));
}

function aliasMatches(alias: string, wanted: string): boolean {
  return new RegExp(`^(?:${alias})$`, 'i').test(wanted);
}

/** "There are no orders from X. Countries in the data include A, B, C (and 30 more)." */
export function unknownCountryMessage(typed: string, known: readonly string[]): string {
  if (known.length === 0) return `There are no orders from "${typed}": there are no orders with a country yet.`;
  const some = known.slice(0, 8).join(', ');
  const more = known.length > 8 ? ` (and ${known.length - 8} more)` : '';
  return `There are no orders from "${typed}". Countries in the data include ${some}${more}. Names with spaces can be written as country="United Kingdom" or country=united_kingdom.`;
}
