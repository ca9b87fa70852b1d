import { describe, expect, it } from 'vitest';
import {
  comparisonOf, coverage, describeDays, parsePeriod, periodWindow, wallClock, yearEarlier, type CompareMode, type Period, type Window,
} from '../../../src/answers/metric/period.ts';

/** Saturday 10 December 2011, 14:30 on the wall clock: the day after Online Retail's last order. */
const NOW = Date.UTC(2011, 11, 10, 14, 30);
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function period(text: string, now = NOW): Period {
  const parsed = parsePeriod(text, now);
  if (!parsed?.ok) throw new Error(`"${text}" did not parse: ${parsed ? parsed.message : 'not a period'}`);
  return parsed.period;
}

/** [start, end] with the end inclusive, as people read it. */
function span(text: string, now = NOW): [string, string] {
  const p = period(text, now);
  return [p.start, new Date(day(p.end) - 86_400_000).toISOString().slice(0, 10)];
}

function iso(window: Window): [string, string] {
  return [new Date(window.from).toISOString().slice(0, 16), new Date(window.to).toISOString().slice(0, 16)];
}

describe('parsePeriod: relative periods count back from today', () => {
  it.each([
    ['today', '2011-12-10', '2011-12-10'],
    ['yesterday', '2011-12-09', '2011-12-09'],
    ['this week', '2011-12-05', '2011-12-11'],
    ['last week', '2011-11-28', '2011-12-04'],
    ['this month', '2011-12-01', '2011-12-31'],
    ['last month', '2011-11-01', '2011-11-30'],
    ['previous month', '2011-11-01', '2011-11-30'],
    ['this quarter', '2011-10-01', '2011-12-31'],
    ['last quarter', '2011-07-01', '2011-09-30'],
    ['this year', '2011-01-01', '2011-12-31'],
    ['last year', '2010-01-01', '2010-12-31'],
    ['mtd', '2011-12-01', '2011-12-31'],
    ['year to date', '2011-01-01', '2011-12-31'],
    ['this month so far', '2011-12-01', '2011-12-31'],
    ['last 7 days', '2011-12-03', '2011-12-09'],
    ['last 30 days', '2011-11-10', '2011-12-09'],
    ['past 90 days', '2011-09-11', '2011-12-09'],
    ['30d', '2011-11-10', '2011-12-09'],
    ['the past week', '2011-12-03', '2011-12-09'],
    ['past month', '2011-11-10', '2011-12-09'],
    ['last 3 months', '2011-09-01', '2011-11-30'],
    ['last 4 weeks', '2011-11-07', '2011-12-04'],
    ['last 2 quarters', '2011-04-01', '2011-09-30'],
  ])('%s → %s .. %s', (text, start, end) => {
    expect(span(text)).toEqual([start, end]);
  });

  it('names relative periods with their dates', () => {
    expect(period('last month').name).toBe('last month (November 2011)');
    expect(period('this quarter').name).toBe('this quarter (Q4 2011)');
    expect(period('last week').name).toBe('last week (week of 28 Nov – 4 Dec 2011)');
    expect(period('yesterday').name).toBe('yesterday (Fri 9 Dec 2011)');
    expect(period('last 30 days').name).toBe('the last 30 days (10 Nov – 9 Dec 2011)');
    expect(period('last 3 months').name).toBe('the last 3 whole months (1 Sep – 30 Nov 2011)');
    expect(period('this month').kind).toBe('calendar');
    expect(period('last 30 days').kind).toBe('days');
  });

  it('counts weeks from Monday: on a Monday "this week" is today, "last week" the seven days before', () => {
    const monday = Date.UTC(2011, 11, 5, 9);
    expect(span('this week', monday)).toEqual(['2011-12-05', '2011-12-11']);
    expect(span('last week', monday)).toEqual(['2011-11-28', '2011-12-04']);
  });
});

describe('parsePeriod: named months, quarters, years, weeks and dates', () => {
  it.each([
    ['november', '2011-11-01', '2011-11-30'],
    ['Nov', '2011-11-01', '2011-11-30'],
    ['in november', '2011-11-01', '2011-11-30'],
    ['december', '2011-12-01', '2011-12-31'],
    ['january', '2011-01-01', '2011-01-31'],
    ['nov 2010', '2010-11-01', '2010-11-30'],
    ['November 2010', '2010-11-01', '2010-11-30'],
    ["nov '10", '2010-11-01', '2010-11-30'],
    ['2011-02', '2011-02-01', '2011-02-28'],
    ['2/2011', '2011-02-01', '2011-02-28'],
    ['2012-02', undefined, undefined],
    ['Q4 2010', '2010-10-01', '2010-12-31'],
    ['q3', '2011-07-01', '2011-09-30'],
    ['Q4', '2011-10-01', '2011-12-31'],
    ['2011-Q1', '2011-01-01', '2011-03-31'],
    ['2010', '2010-01-01', '2010-12-31'],
    ['2011-W45', '2011-11-07', '2011-11-13'],
    ['week 1 2011', '2011-01-03', '2011-01-09'],
    ['2011-11-05', '2011-11-05', '2011-11-05'],
    ['2011-11-01..2011-11-30', '2011-11-01', '2011-11-30'],
    ['2011-11-01 to 2011-11-30', '2011-11-01', '2011-11-30'],
    ['from 2011-11-01 to 2011-11-15', '2011-11-01', '2011-11-15'],
    ['since 2011-12-01', '2011-12-01', '2011-12-10'],
  ])('%s → %s .. %s', (text, start, end) => {
    const parsed = parsePeriod(text, NOW);
    if (start === undefined) {
      expect(parsed?.ok).toBe(false);
      return;
    }
    expect(span(text)).toEqual([start, end]);
  });

  it('takes the latest month or quarter of that name that has started, this one included', () => {
    expect(span('december')).toEqual(['2011-12-01', '2011-12-31']);
    expect(span('q1', Date.UTC(2011, 1, 3))).toEqual(['2011-01-01', '2011-03-31']);
    expect(span('q2', Date.UTC(2011, 1, 3))).toEqual(['2010-04-01', '2010-06-30']);
    expect(period('nov 2010').name).toBe('November 2010');
    expect(period('Q4 2010').name).toBe('Q4 2010');
    expect(period('2011-11-01..2011-11-30').name).toBe('1–30 Nov 2011');
  });

  it('explains impossible periods and leaves words that are no period alone', () => {
    const message = (text: string) => {
      const parsed = parsePeriod(text, NOW);
      return parsed && !parsed.ok ? parsed.message : undefined;
    };
    expect(message('2012-01')).toMatch(/January 2012 has not started yet \(today is 2011-12-10\).*forecast/);
    expect(message('2011-12-11')).toMatch(/has not started yet/);
    expect(message('2011-02-30')).toBe('2011-02-30 is not a date');
    expect(message('2011-11-30..2011-11-01')).toMatch(/ends before it starts/);
    expect(message('last 0 days')).toMatch(/empty period/);
    expect(message('last 5000 days')).toMatch(/too long/);
    expect(message('2011-W53')).toBe('2011 has no week 53');
    for (const text of ['whenever', 'next month', 'by country', 'soon', '']) expect(parsePeriod(text, NOW)).toBeUndefined();
  });

  it('reads "all time" as the whole data, with dates from the data', () => {
    const all = period('all time');
    expect(all.kind).toBe('all');
    expect(periodWindow(all, { from: Date.UTC(2010, 11, 1, 8, 26), to: Date.UTC(2011, 11, 9, 12, 50) })).toEqual({ from: day('2010-12-01'), to: day('2011-12-10') });
  });
});

describe('wallClock: "today" is the date in DEFAULT_TIMEZONE', () => {
  it('moves the date with the time zone', () => {
    const instant = Date.parse('2011-12-10T23:30:00Z');
    expect(new Date(wallClock(instant, 'UTC')).toISOString()).toBe('2011-12-10T23:30:00.000Z');
    expect(new Date(wallClock(instant, 'Europe/Berlin')).toISOString()).toBe('2011-12-11T00:30:00.000Z');
    expect(new Date(wallClock(instant, 'America/New_York')).toISOString()).toBe('2011-12-10T18:30:00.000Z');
    expect(span('today', wallClock(instant, 'Europe/Berlin'))).toEqual(['2011-12-11', '2011-12-11']);
    expect(span('yesterday', wallClock(instant, 'Pacific/Auckland'))).toEqual(['2011-12-10', '2011-12-10']);
  });
});

describe('coverage: what part of a period the figures cover', () => {
  it('covers a finished period whole', () => {
    const c = coverage(period('last month'), NOW);
    expect(iso(c.window)).toEqual(['2011-11-01T00:00', '2011-12-01T00:00']);
    expect(c.partial).toBeUndefined();
  });

  it('cuts a running period at the start of today: this month so far, 9 of 31 days', () => {
    const c = coverage(period('this month'), NOW);
    expect(iso(c.window)).toEqual(['2011-12-01T00:00', '2011-12-10T00:00']);
    expect(c.partial).toEqual({ reason: 'running', days: 9, totalDays: 31 });
  });

  it('takes today until now for a period that starts today', () => {
    const c = coverage(period('today'), NOW);
    expect(iso(c.window)).toEqual(['2011-12-10T00:00', '2011-12-10T14:30']);
    expect(c.partial).toMatchObject({ reason: 'running', days: 0, until: NOW });
  });

  it('stops where the data stops, and says so', () => {
    const data = { from: Date.UTC(2010, 11, 1, 8), to: Date.UTC(2011, 11, 9, 12, 50) + 1 };
    const c = coverage(period('2011-12'), Date.UTC(2025, 0, 1), data);
    expect(iso(c.window)).toEqual(['2011-12-01T00:00', '2011-12-10T00:00']);
    expect(c.partial).toEqual({ reason: 'data-ends', days: 9, totalDays: 31 });
    const after = coverage(period('2012-01', Date.UTC(2025, 0, 1)), Date.UTC(2025, 0, 1), data);
    expect(after.window.from).toBeGreaterThanOrEqual(data.to);
  });
});

describe('comparisonOf: the period compared with', () => {
  const compare = (text: string, mode: CompareMode, now = NOW, data?: Window) => {
    const p = period(text, now);
    const c = comparisonOf(p, coverage(p, now, data), mode);
    return c ? { full: iso(c.full), window: iso(c.window) } : undefined;
  };

  it('is the unit before for calendar periods, as many days before for rolling ones', () => {
    expect(compare('last month', 'previous')?.window).toEqual(['2011-10-01T00:00', '2011-11-01T00:00']);
    expect(compare('Q4 2010', 'previous')?.window).toEqual(['2010-07-01T00:00', '2010-10-01T00:00']);
    expect(compare('last week', 'previous')?.window).toEqual(['2011-11-21T00:00', '2011-11-28T00:00']);
    expect(compare('last 3 months', 'previous')?.window).toEqual(['2011-06-01T00:00', '2011-09-01T00:00']);
    expect(compare('last 30 days', 'previous')?.window).toEqual(['2011-10-11T00:00', '2011-11-10T00:00']);
    expect(compare('2011-11-01..2011-11-15', 'previous')?.window).toEqual(['2011-10-17T00:00', '2011-11-01T00:00']);
    expect(compare('yesterday', 'previous')?.window).toEqual(['2011-12-08T00:00', '2011-12-09T00:00']);
  });

  it('compares a running period like for like: the first 9 days of last month', () => {
    expect(compare('this month', 'previous')).toEqual({ full: ['2011-11-01T00:00', '2011-12-01T00:00'], window: ['2011-11-01T00:00', '2011-11-10T00:00'] });
    // Today until 14:30, against yesterday until 14:30.
    expect(compare('today', 'previous')?.window).toEqual(['2011-12-09T00:00', '2011-12-09T14:30']);
    // 30 days of March against the whole of February (no more than the period has).
    expect(compare('this month', 'previous', Date.UTC(2011, 2, 31, 9))?.window).toEqual(['2011-02-01T00:00', '2011-03-01T00:00']);
  });

  it('takes the same months a year earlier, and 52 weeks earlier for days and weeks (same weekdays)', () => {
    expect(compare('last month', 'last_year')?.window).toEqual(['2010-11-01T00:00', '2010-12-01T00:00']);
    expect(compare('Q4 2011', 'last_year', Date.UTC(2012, 1, 1))?.window).toEqual(['2010-10-01T00:00', '2011-01-01T00:00']);
    expect(compare('last week', 'last_year')?.window).toEqual(['2010-11-29T00:00', '2010-12-06T00:00']);
    expect(compare('yesterday', 'last_year')?.window).toEqual(['2010-12-10T00:00', '2010-12-11T00:00']);
    expect(compare('this month', 'last_year')?.window).toEqual(['2010-12-01T00:00', '2010-12-10T00:00']);
    expect(compare('last 30 days', 'last_year')?.window).toEqual(['2010-11-10T00:00', '2010-12-10T00:00']);
  });

  it('compares a period cut by the end of the data on the same days', () => {
    const data = { from: Date.UTC(2010, 11, 1), to: Date.UTC(2011, 11, 9, 12) };
    expect(compare('2011-12', 'previous', Date.UTC(2025, 0, 1), data)?.window).toEqual(['2011-11-01T00:00', '2011-11-10T00:00']);
    expect(compare('2011', 'last_year', Date.UTC(2025, 0, 1), data)?.window).toEqual(['2010-01-01T00:00', '2010-12-10T00:00']);
  });

  it('has no comparison for vs=none or for all the data', () => {
    expect(compare('last month', 'none')).toBeUndefined();
    const all = period('all');
    expect(comparisonOf(all, coverage(all, NOW, { from: 0, to: NOW }), 'previous')).toBeUndefined();
  });
});

describe('dates in words', () => {
  it('shares what the two ends share', () => {
    expect(describeDays({ from: day('2011-11-01'), to: day('2011-12-01') })).toBe('1–30 Nov 2011');
    expect(describeDays({ from: day('2011-11-28'), to: day('2011-12-05') })).toBe('28 Nov – 4 Dec 2011');
    expect(describeDays({ from: day('2010-12-01'), to: day('2011-12-10') })).toBe('1 Dec 2010 – 9 Dec 2011');
    expect(describeDays({ from: day('2011-12-09'), to: day('2011-12-10') })).toBe('9 Dec 2011');
  });

  it('moves 29 February to the 28th a year earlier', () => {
    expect(new Date(yearEarlier(day('2012-02-29'))).toISOString().slice(0, 10)).toBe('2011-02-28');
    expect(new Date(yearEarlier(day('2012-03-01'))).toISOString().slice(0, 10)).toBe('2011-03-01');
  });
});

describe('parsePeriod: days said in words', () => {
  it.each([
    ['27 nov', '2011-11-27', '2011-11-27'],
    ['9th of december 2011', '2011-12-09', '2011-12-09'],
    // Without a year: the latest such days that have begun (as "november" alone is the latest November).
    ['24 dec', '2010-12-24', '2010-12-24'],
    ['1-15 november', '2011-11-01', '2011-11-15'],
    ['28 nov..3 dec', '2011-11-28', '2011-12-03'],
    ['28 dec 2010 to 3 jan 2011', '2010-12-28', '2011-01-03'],
    ['q4 last year', '2010-10-01', '2010-12-31'],
    ['q1 this year', '2011-01-01', '2011-03-31'],
  ])('%s is %s to %s', (text, first, last) => expect(span(text)).toEqual([first, last]));

  it('says what is wrong with a day that does not exist or a range that runs backwards', () => {
    expect(parsePeriod('30 feb', NOW)).toEqual({ ok: false, message: '30 feb is not a date' });
    expect(parsePeriod('15-1 november', NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/ends before it starts/) });
  });
});
