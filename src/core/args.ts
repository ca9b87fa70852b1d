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
    } else if (ch === '"' || ch === "'" || ch === '“' || ch === '”') {
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

const NAMED = /^([A-Za-z_][\w.-]*)=(.*)$/s;

export function parseArgs(text: string): RawArgs {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const token of tokenize(text)) {
    const match = NAMED.exec(token);
    if (match) {
      const key = match[1].toLowerCase();
      if (key in named) throw new UsageError(`"${key}" is given twice.`);
      named[key] = match[2];
    } else {
      positional.push(token);
    }
  }
  return { positional, named, text: text.trim() };
}

/** Splits "forecast revenue 8w" into the command word and the rest. */
export function splitCommandWord(text: string): { word: string; rest: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? { word: match[1].toLowerCase(), rest: match[2] } : { word: '', rest: '' };
}
