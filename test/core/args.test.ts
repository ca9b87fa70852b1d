import { describe, expect, it } from 'vitest';
import { parseArgs, splitCommandWord, tokenize } from '../../src/core/args.ts';
import { UsageError } from '../../src/errors.ts';

describe('argument syntax', () => {
  it('splits positional words and key=value pairs', () => {
    expect(parseArgs('revenue 8w by=week country=UK')).toEqual({
      positional: ['revenue', '8w'],
      named: { by: 'week', country: 'UK' },
      text: 'revenue 8w by=week country=UK',
    });
    expect(parseArgs('50000 min.search=5000 Lock=tv').named).toEqual({ 'min.search': '5000', lock: 'tv' });
  });

  it('keeps quoted text together', () => {
    expect(tokenize('create "every monday at 9" segment')).toEqual(['create', 'every monday at 9', 'segment']);
    expect(parseArgs('country="United Kingdom"').named).toEqual({ country: 'United Kingdom' });
    expect(tokenize("say ''")).toEqual(['say', '']);
  });

  it("reads a single quote inside a word as an apostrophe, and at a value's start as a quote", () => {
    expect(tokenize("alert create revenue outside the forecast's 95 % range")).toEqual(['alert', 'create', 'revenue', 'outside', 'the', "forecast's", '95', '%', 'range']);
    expect(tokenize("segment show can't lose them")).toEqual(['segment', 'show', "can't", 'lose', 'them']);
    expect(parseArgs("country='United Kingdom' k=3").named).toEqual({ country: 'United Kingdom', k: '3' });
    expect(tokenize("'at risk' top=3")).toEqual(['at risk', 'top=3']);
    expect(() => tokenize("'at risk")).toThrow(UsageError);
  });

  it('rejects unclosed quotes and repeated names', () => {
    expect(() => tokenize('create "every monday')).toThrow(UsageError);
    expect(() => parseArgs('k=3 k=4')).toThrow(/given twice/);
  });

  it('finds the command word', () => {
    expect(splitCommandWord('  Forecast revenue 8w ')).toEqual({ word: 'forecast', rest: 'revenue 8w' });
    expect(splitCommandWord('')).toEqual({ word: '', rest: '' });
  });
});
