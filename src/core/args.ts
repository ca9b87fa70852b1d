import { UsageError } from '../errors.ts';

/**
 * Command arguments: positional words and `key=value` pairs, with double or single quotes
 * for values containing spaces: `schedule create "every monday at 9" segment k=5`.
 * Keys are lower-cased; dotted keys (`min.search=5000`) are kept whole.
 */
export interface RawArgs {
  positional: string[];
  named: Record<string, string>;
  /** The argument text after the command word, as typed. */
  text: string;
}

export function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of input) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === '“' || ch === '”' || (ch === "'" && opensQuote(current))) {
      quote = ch === '“' ? '”' : ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || current) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw new UsageError(`A quote (${quote}) is not closed.`);
  if (started || current) tokens.push(current);
  return tokens;
}

/** A single quote opens a quoted value only where a value starts; inside a word it is an apostrophe ("forecast's", "can't"). */
function opensQuote(current: string): boolean {
  return current === '' || current.endsWith('=');
}

const NAMED = /^([A-Za-z_][\w.-]*)=(.*)$/s;

export interface ParseOptions {
  /**
   * Values a key may take that contain spaces (`country: ['United Kingdom', …]`): an unquoted
   * `country=United Kingdom` takes the following words when together they spell one of them.
   */
  knownValues?: Record<string, readonly string[]>;
}

export function parseArgs(text: string, options: ParseOptions = {}): RawArgs {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const match = NAMED.exec(tokens[i]);
    if (match) {
      const key = match[1].toLowerCase();
      if (key in named) throw new UsageError(`"${key}" is given twice.`);
      const taken = wordsOfKnownValue(match[2], tokens.slice(i + 1), options.knownValues?.[key]);
      named[key] = [match[2], ...tokens.slice(i + 1, i + 1 + taken)].join(' ');
      i += taken;
    } else {
      positional.push(tokens[i]);
    }
  }
  return { positional, named, text: text.trim() };
}

/** How many of the following words complete `first` into a known value (the longest such), 0 when none do. */
function wordsOfKnownValue(first: string, following: string[], known: readonly string[] | undefined): number {
  if (!known?.length || !first) return 0;
  const normalise = (s: string) => s.toLowerCase().replace(/[_\s]+/g, ' ').trim();
  const names = new Set(known.map(normalise));
  let best = 0;
  let value = first;
  for (let n = 1; n <= following.length && !NAMED.test(following[n - 1]); n++) {
    value = `${value} ${following[n - 1]}`;
    if (names.has(normalise(value))) best = n;
  }
  return best;
}

/** Splits "forecast revenue 8w" into the command word and the rest. */
export function splitCommandWord(text: string): { word: string; rest: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? { word: match[1].toLowerCase(), rest: match[2] } : { word: '', rest: '' };
}
