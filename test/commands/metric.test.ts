import { describe, expect, it } from 'vitest';
import { buildMetricPayload, metricCommand } from '../../commands/metric.ts';
import { parseCompare, readMetricWords } from '../../src/answers/metric/request.ts';
import { parseArgs } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { UsageError } from '../../src/errors.ts';
import type { DataSummary } from '../../src/repos/data-summary.ts';

const NOW = Date.UTC(2011, 11, 10, 12);

const SUMMARY: DataSummary = {
  orders: {
    lines: 1000,
    purchasers: 100,
    firstOrderAt: Date.UTC(2010, 11, 1, 8),
    lastOrderAt: Date.UTC(2011, 11, 9, 12),
    countries: [
      { name: 'United Kingdom', customers: 80, firstOrderAt: Date.UTC(2010, 11, 1, 8), lastOrderAt: Date.UTC(2011, 11, 9, 12) },
      { name: 'Germany', customers: 15, firstOrderAt: Date.UTC(2010, 11, 3), lastOrderAt: Date.UTC(2011, 11, 8) },
      { name: 'Channel Islands', customers: 5, firstOrderAt: Date.UTC(2011, 0, 3), lastOrderAt: Date.UTC(2011, 11, 1) },
    ],
  },
  spend: { channels: [{ name: 'tv', recentWeeklySpend: 100 }, { name: 'search', recentWeeklySpend: 50 }], recentWeeks: 13, firstWeek: '2010-11-29', lastWeek: '2011-12-05' },
  kpis: ['conversions', 'revenue'],
  refreshedAt: 0,
  version: '1:1:1',
};

const NO_SPEND: DataSummary = { ...SUMMARY, spend: null, kpis: [] };

function payload(text: string, summary = SUMMARY, timeZone = 'UTC') {
  const raw = parseArgs(text, { knownValues: { country: summary.orders?.countries.map((c) => c.name) ?? [] } });
  return buildMetricPayload(summary, validateArgs(metricCommand, raw), NOW, timeZone);
}

function problem(text: string, summary = SUMMARY): string {
  try {
    payload(text, summary);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('metric command: what the words mean', () => {
  it('reads the metric, the period and the options, with defaults', () => {
    expect(payload('revenue last month')).toMatchObject({
      metric: { source: 'orders', name: 'revenue' },
      period: { kind: 'calendar', unit: 'month', start: '2011-11-01', end: '2011-12-01', name: 'last month (November 2011)' },
      compare: 'previous',
      top: 10,
      periodDefaulted: false,
      now: NOW,
    });
    expect(payload('orders by=country vs=last_year top=5 Q4 2011')).toMatchObject({ metric: { name: 'orders' }, by: 'country', compare: 'last_year', top: 5, period: { start: '2011-10-01' } });
    expect(payload('customers')).toMatchObject({ metric: { name: 'customers' }, period: { kind: 'days', count: 30 }, periodDefaulted: true });
    expect(payload('revenue by=month').period).toMatchObject({ unit: 'month', count: 12, start: '2010-12-01', end: '2011-12-01' });
    expect(payload('revenue by=week').period).toMatchObject({ unit: 'week', count: 13 });
  });

  it('understands metric names in words and aliases, and a period alone as revenue', () => {
    expect(payload('new customers in november').metric).toEqual({ source: 'orders', name: 'new_customers' });
    expect(payload('average order value last quarter').metric).toEqual({ source: 'orders', name: 'aov' });
    expect(payload('sales yesterday').metric).toEqual({ source: 'orders', name: 'revenue' });
    expect(payload('repeat customers this year').metric).toEqual({ source: 'orders', name: 'returning_customers' });
    expect(payload('quantity last week').metric).toEqual({ source: 'orders', name: 'units' });
    expect(payload('refunds last month').metric).toEqual({ source: 'orders', name: 'returns' });
    expect(payload('ad spend last month by=channel').metric).toEqual({ source: 'spend', name: 'spend' });
    expect(payload('roas last quarter').metric).toEqual({ source: 'roas', name: 'roas' });
    expect(payload('conversions last month').metric).toEqual({ source: 'kpi', name: 'conversions' });
    // The order metric wins a name it shares with a KPI; kpi: reaches the KPI.
    expect(payload('revenue last month').metric).toEqual({ source: 'orders', name: 'revenue' });
    expect(payload('kpi:revenue last month').metric).toEqual({ source: 'kpi', name: 'revenue' });
    expect(payload('last month')).toMatchObject({ metric: { name: 'revenue' }, metricWord: 'revenue' });
  });

  it('takes "by", "top", "vs" and "in <country>" as words too', () => {
    expect(payload('revenue by country top 5 last month vs last year')).toMatchObject({ by: 'country', top: 5, compare: 'last_year', period: { start: '2011-11-01' } });
    expect(payload('orders in Channel Islands this year compared to the same period last year')).toMatchObject({ country: 'Channel Islands', compare: 'last_year', period: { unit: 'year' } });
    expect(payload('orders in november vs previous')).toMatchObject({ compare: 'previous', period: { start: '2011-11-01' } });
    expect(payload('revenue by countries last month').by).toBe('country');
    expect(payload('revenue monthly this year')).toMatchObject({ by: 'month', period: { unit: 'year' } });
    expect(payload('orders per week last quarter')).toMatchObject({ by: 'week', period: { unit: 'quarter' } });
    expect(payload('revenue last week').by).toBeUndefined();
    expect(payload('revenue by=weekly this quarter').by).toBe('week');
    expect(payload('customers last month vs=none').compare).toBe('none');
  });

  it('resolves country names, quoted or not, and counts "today" in DEFAULT_TIMEZONE', () => {
    expect(payload('revenue last month country=united kingdom').country).toBe('United Kingdom');
    expect(payload('revenue last month country=Channel Islands').country).toBe('Channel Islands');
    expect(payload('revenue last month country=uk').country).toBe('United Kingdom');
    // 12:00 UTC on 10 December is already the 11th in Auckland.
    expect(payload('revenue today', SUMMARY, 'Pacific/Auckland').period.start).toBe('2011-12-11');
    expect(payload('revenue today', SUMMARY, 'America/Los_Angeles').period.start).toBe('2011-12-10');
  });

  it('maps comparison words', () => {
    expect(['last year', 'yoy', 'ly', 'same period last year', 'a year ago'].map(parseCompare)).toEqual(Array(5).fill('last_year'));
    expect(['previous', 'prev', 'the previous period', 'last month', 'before'].map(parseCompare)).toEqual(Array(5).fill('previous'));
    expect(['none', 'no'].map(parseCompare)).toEqual(['none', 'none']);
    expect(parseCompare('tomorrow')).toBeUndefined();
  });

  it('keeps readMetricWords pure: no data, no clock', () => {
    expect(readMetricWords(['new', 'customers', 'by', 'country', 'top', '3', 'q4', '2011'], [], [], NOW)).toMatchObject({ metric: { name: 'new_customers' }, by: 'country', top: '3', periodText: 'q4 2011' });
    const unknown = readMetricWords(['profit', 'last', 'month'], [], [], NOW);
    expect(unknown.metric).toBeUndefined();
    expect(unknown.metricWord).toBe('profit');
  });
});

describe('metric command: bad input is refused with what is valid, before anything is queued', () => {
  it.each([
    ['profit last month', /I don't know the metric "profit"\. Metrics: revenue, orders, customers, new_customers, returning_customers, aov, units, returns, spend, roas, conversions, kpi:revenue\./],
    ['revenue by=colour', /I can't break figures down by "colour"\. by= takes country, customer, segment, product, channel, day, week, month\./],
    ['revenue whenever', /I don't understand the period "whenever"\. Periods: today, yesterday, this week, last month/],
    ['revenue next month', /I don't understand the period "next month"/],
    ['revenue 2012-01', /January 2012 has not started yet \(today is 2011-12-10\)/],
    ['revenue 2011-02-30', /2011-02-30 is not a date/],
    ['revenue vs=tomorrow', /I can't compare with "tomorrow"\. vs= takes previous .*, last_year or none\./],
    ['orders by=channel', /Orders carry no marketing channel, so orders cannot be split by channel\. `metric spend by=channel` gives spend per channel/],
    ['roas by=channel', /revenue is not attributed to channels/i],
    ['spend by=country', /^Spend is imported as weekly figures per channel, not per country; use by=channel, week or month\.$/],
    ['roas by=segment', /^ROAS uses spend, imported as weekly figures, not per segment; use by=week or month\.$/],
    ['conversions by=channel', /^Conversions is an imported KPI with no channels/],
    ['customers by=customer', /^Customers by=customer is not possible: each customer counts once for itself/],
    ['conversions by=day', /^Conversions is an imported KPI: weekly figures, so by=day .* use by=week or by=month/],
    ['spend country=Germany', /Spend has no countries/],
    ['revenue top=5', /top= picks the largest rows of a breakdown: add by=country\|customer\|segment/],
    ['revenue top=500 by=country', /top must be a whole number from 1 to 100/],
    ['revenue by=week top=3', /top= picks the largest rows of a breakdown/],
    ['revenue country=Atlantis', /Atlantis/],
    ['revenue colour=red', /unknown option "colour" \(known: by, vs, top, country\)/],
    ['revenue 2010-01-01..2011-12-09 by=day', /would be 708 points; at most 400/],
    ['revenue by country by=customer', /Two breakdowns given/],
  ])('%s', (text, message) => {
    expect(() => payload(text)).toThrow(UsageError);
    let caught: unknown;
    try {
      payload(text);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).toMatch(message);
  });

  it('says what data is missing', () => {
    expect(problem('spend last month', NO_SPEND)).toMatch(/Spend needs spend data: import a spend file first/);
    expect(problem('roas last month', NO_SPEND)).toMatch(/ROAS needs spend data/);
    expect(problem('revenue last month', { ...NO_SPEND, orders: null })).toMatch(/There are no orders yet/);
    expect(problem('spend last month', NO_SPEND)).not.toContain('roas');
    expect(problem('profit', NO_SPEND)).toMatch(/Metrics: revenue, orders, customers, new_customers, returning_customers, aov, units, returns\.$/);
  });
});
