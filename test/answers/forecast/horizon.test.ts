import { describe, expect, it } from 'vitest';
import {
  approximateDays, bucketInTarget, calendarTarget, defaultGranularity, describeHorizon, describeResolved, horizonSchema, parseHorizon, resolveHorizon, type Horizon,
} from '../../../src/answers/forecast/horizon.ts';

/** A horizon without the text it was parsed from (Omit distributed over the union). */
type Parsed<H = Horizon> = H extends unknown ? Omit<H, 'text'> : never;

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('parseHorizon', () => {
  const table: Array<[string, Parsed | undefined]> = [
    ['8w', { kind: 'duration', unit: 'week', count: 8 }],
    ['90d', { kind: 'duration', unit: 'day', count: 90 }],
    ['3m', { kind: 'duration', unit: 'month', count: 3 }],
    ['13 weeks', { kind: 'duration', unit: 'week', count: 13 }],
    ['fortnight', { kind: 'duration', unit: 'week', count: 2 }],
    ['a fortnight', { kind: 'duration', unit: 'week', count: 2 }],
    ['next 6 months', { kind: 'duration', unit: 'month', count: 6 }],
    ['2q', { kind: 'quarters', count: 2 }],
    ['1q', { kind: 'quarters', count: 1 }],
    ['a quarter', { kind: 'quarters', count: 1 }],
    ['1y', { kind: 'duration', unit: 'month', count: 12 }],
    ['next week', { kind: 'duration', unit: 'week', count: 1 }],
    ['next month', { kind: 'next-month' }],
    ['Next  Quarter', { kind: 'quarters', count: 1 }],
    ['Q1', { kind: 'quarter', quarter: 1 }],
    ['next q3', { kind: 'quarter', quarter: 3 }],
    ['12', { kind: 'periods', count: 12 }],
    ['soon', undefined],
    ['8 parsecs', undefined],
    ['0w', undefined],
    ['q5', undefined],
    ['-3w', undefined],
  ];
  it.each(table)('%s', (text, expected) => {
    const parsed = parseHorizon(text);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(expected);
  });
});

describe('resolveHorizon', () => {
  const monday = day('2025-12-29');
  const resolve = (text: string, start: number, by: 'day' | 'week' | 'month') => resolveHorizon(parseHorizon(text)!, start, by).steps;

  it('counts the buckets that start before the horizon ends', () => {
    expect(resolve('8w', monday, 'week')).toBe(8);
    expect(resolve('8w', monday, 'day')).toBe(56);
    expect(resolve('90d', monday, 'week')).toBe(13);
    expect(resolve('fortnight', monday, 'day')).toBe(14);
    expect(resolve('3m', day('2026-01-01'), 'month')).toBe(3);
    expect(resolve('12', monday, 'week')).toBe(12);
  });

  it('runs calendar targets to the end of the first such period starting on or after the end of the data', () => {
    // From Monday 29 Dec 2025: January 2026 ends on 31 Jan; weeks starting 29 Dec (Thursday 1 Jan) … 26 Jan.
    expect(resolve('next month', monday, 'week')).toBe(5);
    expect(resolve('next month', day('2026-01-01'), 'month')).toBe(1);
    // Next quarter from 29 Dec 2025 is Q1 2026 (to 31 March): the 13 weeks whose Thursday is in it.
    expect(resolve('next quarter', monday, 'week')).toBe(13);
    expect(resolve('next quarter', day('2026-01-01'), 'month')).toBe(3);
    // Q1 from mid-year is next year's Q1.
    expect(resolve('Q1', day('2025-07-01'), 'month')).toBe(9);
    expect(resolve('Q3', day('2025-07-01'), 'month')).toBe(3);
  });

  it('gives "next quarter" one meaning, the next calendar quarter, whatever the granularity and however it is written', () => {
    // Online Retail: orders to Friday 9 Dec 2011. Weekly, the forecast starts with the week of 5 Dec;
    // monthly, with December. Either way the quarter is Q1 2012, and only its periods are the target.
    const dataEnd = day('2011-12-10');
    for (const text of ['next quarter', '1q', 'a quarter', 'quarter']) {
      const weekly = resolveHorizon(parseHorizon(text)!, day('2011-12-05'), 'week', dataEnd);
      expect(weekly.target).toMatchObject({ name: 'Q1 2012', startMs: day('2012-01-01'), endMs: day('2012-04-01'), firstStep: 4 });
      expect(weekly.steps - weekly.target!.firstStep).toBe(13);
      const monthly = resolveHorizon(parseHorizon(text)!, day('2011-12-01'), 'month', dataEnd);
      expect(monthly.target).toMatchObject({ name: 'Q1 2012', firstStep: 1 });
      expect(monthly.steps).toBe(4);
      const daily = resolveHorizon(parseHorizon(text)!, dataEnd, 'day', dataEnd);
      expect(daily.steps - daily.target!.firstStep).toBe(91);
    }
    expect(describeResolved(parseHorizon('next quarter')!, 'week', resolveHorizon(parseHorizon('next quarter')!, day('2011-12-05'), 'week', dataEnd), day('2011-12-05'))).toBe(
      'Q1 2012 (next quarter, 1 Jan – 31 Mar 2012)',
    );
    // Two quarters, and a payload queued before quarters were counted.
    expect(calendarTarget({ kind: 'quarters', count: 2, text: '2q' }, dataEnd).name).toBe('Q1 – Q2 2012');
    expect(calendarTarget({ kind: 'quarters', count: 2, text: '2q' }, day('2011-10-01')).name).toBe('Q4 2011 – Q1 2012');
    expect(calendarTarget(horizonSchema.parse({ kind: 'next-quarter', text: 'next quarter' }) as never, dataEnd).name).toBe('Q1 2012');
  });

  it('counts a week in the month or quarter that holds its Thursday', () => {
    const january = { startMs: day('2012-01-01'), endMs: day('2012-02-01') };
    expect(bucketInTarget(day('2011-12-26'), 'week', january)).toBe(false); // Thursday 29 Dec
    expect(bucketInTarget(day('2012-01-02'), 'week', january)).toBe(true);
    expect(bucketInTarget(day('2012-01-30'), 'week', january)).toBe(false); // Thursday 2 Feb
    expect(bucketInTarget(day('2012-01-01'), 'month', january)).toBe(true);
  });
});

describe('granularity and wording', () => {
  it('forecasts daily only for horizons of at most 31 days written in days', () => {
    expect(defaultGranularity(parseHorizon('14d')!)).toBe('day');
    expect(defaultGranularity(parseHorizon('31 days')!)).toBe('day');
    expect(defaultGranularity(parseHorizon('90d')!)).toBe('week');
    expect(defaultGranularity(parseHorizon('fortnight')!)).toBe('week');
    expect(defaultGranularity(parseHorizon('next month')!)).toBe('week');
  });

  it('measures and describes horizons', () => {
    expect(approximateDays(parseHorizon('8w')!, 'week')).toBe(56);
    expect(approximateDays(parseHorizon('10')!, 'month')).toBeCloseTo(304.4);
    expect(describeHorizon(parseHorizon('8w')!, 'week')).toBe('next 8 weeks');
    expect(describeHorizon(parseHorizon('1m')!, 'week')).toBe('next 1 month');
    expect(describeHorizon(parseHorizon('Q2')!, 'week')).toBe('the next Q2');
    expect(describeHorizon(parseHorizon('next quarter')!, 'week')).toBe('next calendar quarter');
  });
});
