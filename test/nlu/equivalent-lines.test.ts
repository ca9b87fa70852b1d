import { describe, expect, it } from 'vitest';
import { equivalentCommandLines } from '../../src/nlu/equivalent-lines.ts';

/** Slot accuracy counts a line that makes its command do the same as the expected one (src/nlu/equivalent-lines.ts). */
describe('command lines that ask the same of their command', () => {
  it.each([
    ['allocate 50k', 'allocate 50000'],
    ['allocate £120k period=month', 'allocate 120000 GBP'],
    ['allocate 80000 EUR', 'allocate 80000'],
    ['segment country=UK', 'segment country="United Kingdom"'],
    ['segment method=rfm', 'segment'],
    ['forecast revenue next quarter country=Germany', 'forecast revenue 1q country=Germany'],
    ['forecast revenue fortnight', 'forecast revenue 2w'],
    ['forecast sales 2w', 'forecast revenue 2w'],
    ['forecast revenue 3m by=week', 'forecast revenue 3m'],
    ['metric revenue last week country=UK', 'metric revenue last week country="United Kingdom"'],
    ['metric revenue Q3 2026 vs=previous', 'metric revenue Q3 2026'],
    ['metric revenue ytd', 'metric revenue this year'],
    ['clv horizon=2y', 'clv horizon=24m'],
    ['clv country=Spain top=10', 'clv top=10 country=Spain'],
    ['schedule create "every monday at 9" metric revenue last week', 'schedule create "0 9 * * 1" metric revenue last week'],
    ['alert create revenue drops more than 20 % vs the previous week', 'alert create revenue drops more than 20 % vs last week'],
    ['alert create revenue by=week below 15k country=UK', 'alert create revenue by=week below 15000 country="United Kingdom"'],
  ])('%s = %s', (a, b) => {
    expect(equivalentCommandLines(a, b)).toBe(true);
    expect(equivalentCommandLines(b, a)).toBe(true);
  });

  it.each([
    ['allocate 50k', 'allocate 60000'],
    ['segment country=UK', 'segment country=Germany'],
    ['segment method=kmeans', 'segment'],
    ['forecast orders 2w', 'forecast revenue 2w'],
    ['forecast kpi:revenue 13w', 'forecast revenue 13w'],
    ['forecast orders next month', 'forecast orders 1m'],
    ['metric orders since 2026-09-01', 'metric orders 2026-09-01'],
    ['metric revenue Q3 2026 vs=none', 'metric revenue Q3 2026'],
    ['metric kpi:revenue last 13 weeks by=week', 'metric revenue last 13 weeks by=week'],
    ['schedule create "every monday at 9" metric revenue last week', 'schedule create "0 10 * * 1" metric revenue last week'],
    ['schedule create "every monday at 9" metric revenue last week', 'schedule create "0 9 * * 1" metric revenue this week'],
    ['help forecast', 'help'],
  ])('%s ≠ %s', (a, b) => expect(equivalentCommandLines(a, b)).toBe(false));

  it('never counts a line its command refuses', () => {
    expect(equivalentCommandLines('allocate', 'allocate banana')).toBe(false);
    expect(equivalentCommandLines('metric nonsense last week', 'metric nonsense last week x=1')).toBe(false);
  });
});
