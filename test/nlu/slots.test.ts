import { describe, expect, it } from 'vitest';
import { extractSlots } from '../../src/nlu/slots/index.ts';
import { correctSlotWords } from '../../src/nlu/slots/typos.ts';

const context = {
  channels: ['tv', 'ooh', 'print', 'facebook', 'search', 'newsletter'],
  countries: ['United Kingdom', 'Germany', 'EIRE', 'USA'],
  timezone: 'Europe/London',
};
const slotsOf = (text: string) => extractSlots(text, context);

describe('extractSlots', () => {
  it.each([
    ['forecast revenue 8w', 'revenue'],
    ['what will turnover be', 'revenue'],
    ['predict orders next month', 'orders'],
    ['new customers next quarter', 'new_customers'],
    ['how many customers will we have', 'customers'],
    ['average order value for 4 weeks', 'aov'],
    ['AOV trend', 'aov'],
  ])('metric in %j is %s', (text, metric) => expect(slotsOf(text).metric).toBe(metric));

  it.each([
    ['for the next 8 weeks', 8, 'w', '8w'],
    ['forecast 8w by=week', 8, 'w', '8w'],
    ['next month', 1, 'm', 'next month'],
    ['over 90 days', 90, 'd', '90d'],
    ['the coming fortnight', 2, 'w', '2w'],
    ['next quarter', 1, 'q', '1q'],
    ['project revenue 3m out', 3, 'm', '3m'],
    ['next six months', 6, 'm', '6m'],
  ])('horizon in %j', (text, amount, unit, label) => expect(slotsOf(text).horizon).toMatchObject({ amount, unit, label }));

  it('reads a named quarter', () => expect(slotsOf('revenue in Q1').horizon).toMatchObject({ unit: 'q', quarter: 1 }));

  it.each([
    ['segment into 5 groups', 5],
    ['segment k=5 country=UK', 5],
    ['split customers into four segments', 4],
    ['seven customer clusters please', 7],
  ])('k in %j is %i', (text, k) => expect(slotsOf(text).k).toBe(k));

  it.each([
    ['how to split $50k', 50_000, 'USD'],
    ['we have 75k euros to spend', 75_000, 'EUR'],
    ['allocate 100,000', 100_000, undefined],
    ['a 1.2m budget', 1_200_000, undefined],
    ['€20k for social', 20_000, 'EUR'],
    ['50 000 EUR', 50_000, 'EUR'],
    ['£60k media plan', 60_000, 'GBP'],
    ['allocate 50000 min.search=5000 lock=tv', 50_000, undefined],
  ])('budget in %j', (text, amount, currency) => expect(slotsOf(text).budget).toEqual(currency ? { amount, currency } : { amount }));

  it('does not read small counts or times as a budget', async () => {
    expect(slotsOf('every monday at 9').budget).toBeUndefined();
    expect(slotsOf('segment into 5 groups').budget).toBeUndefined();
  });

  it.each([
    ['split 10k between fb and paid search', ['facebook', 'search']],
    ['more on TV and billboards', ['tv', 'ooh']],
    ['email and print', ['newsletter', 'print']], // in the order they are named
  ])('channels in %j', (text, channels) => expect(slotsOf(text).channels).toEqual(channels));

  it.each([
    ['customers in the UK', 'United Kingdom'],
    ['segment k=5 country=uk', 'United Kingdom'],
    ['sales in Ireland', 'EIRE'],
    ['orders in the US', 'USA'],
  ])('country in %j', (text, country) => expect(slotsOf(text).country).toBe(country));

  it('does not take the pronoun "us" for a country', () => expect(slotsOf('give us a forecast').country).toBeUndefined());

  it.each([
    ['every monday at 9', '0 9 * * 1'],
    ['weekdays 7:30', '30 7 * * 1-5'],
    ['first of the month', '0 9 1 * *'],
    ['daily at 6pm', '0 18 * * *'],
    ['cron 0 9 * * 1 forecast', '0 9 * * 1'],
    ['every friday at 5pm', '0 17 * * 5'],
    ['each morning at 8am', '0 8 * * *'],
    ['every hour', '0 * * * *'],
    ['quarterly', '0 9 1 1,4,7,10 *'],
  ])('schedule %j → %s', (text, cron) => expect(slotsOf(text).schedule?.cron).toBe(cron));

  it('describes the cron in words', () => expect(slotsOf('every monday at 9').schedule?.description).toMatch(/Monday/));
  it('finds no schedule without a recurrence', () => expect(slotsOf('forecast revenue at 9').schedule).toBeUndefined());

  it.each([
    ['every monday at 9 Berlin time', 'Europe/Berlin'],
    ['daily at 8 America/New_York', 'America/New_York'],
    ['weekly at 10 in Tokyo time', 'Asia/Tokyo'],
    ['daily at 9', 'Europe/London'],
  ])('timezone in %j', (text, zone) => expect(slotsOf(text).timezone).toBe(zone));

  it('reads Slack channel references', async () => {
    expect(slotsOf('post it in #marketing').slackChannel).toEqual({ name: 'marketing' });
    expect(slotsOf('send to <#C024BE91L|growth>').slackChannel).toEqual({ id: 'C024BE91L', name: 'growth' });
  });

  it.each([
    ['schedule delete 3', 3],
    ['remove scheduled job #12', 12],
    ['unschedule number 4', 4],
    ['cancel #6', 6],
    ['erase schedule no. 3', 3],
  ])('schedule id in %j', (text, id) => expect(slotsOf(text).scheduleId).toBe(id));

  it('does not read a channel name as a schedule id', () => expect(slotsOf('stop posting in #sales').scheduleId).toBeUndefined());

  describe('metric command slots', () => {
    it.each([
      ['what was revenue last week?', { metricName: 'revenue', period: 'last week' }],
      ['orders by country this month vs last month', { metricName: 'orders', period: 'this month', by: 'country', compare: 'previous' }],
      ['top 10 products this quarter', { period: 'this quarter', by: 'product', top: 10 }],
      ['how many new customers did we get in November?', { metricName: 'new_customers', period: 'november' }],
      ['which products sell best?', { metricName: 'revenue', by: 'product' }],
      ['revenue last week by country vs last year top 5', { metricName: 'revenue', period: 'last week', by: 'country', compare: 'last_year', top: 5 }],
      ['how much did we spend on ads last month by channel', { metricName: 'spend', period: 'last month', by: 'channel' }],
      ['which customers spent the most in Q4 2011', { metricName: 'revenue', period: 'Q4 2011', by: 'customer' }],
      ['sales from 2011-11-01 to 2011-11-30', { metricName: 'revenue', period: '2011-11-01..2011-11-30' }],
      ["aov in nov '11 compared to the same period last year", { metricName: 'aov', period: 'nov 2011', compare: 'last_year' }],
      ['how many customers did we acquire in the past two weeks', { metricName: 'new_customers', period: 'last 2 weeks' }],
      ['how many customers came back in october', { metricName: 'returning_customers', period: 'october' }],
      ['weekly revenue this year', { metricName: 'revenue', period: 'this year', by: 'week' }],
      ['units sold per day in the last 30 days', { metricName: 'units', period: 'last 30 days', by: 'day' }],
      ['refunds year to date', { metricName: 'returns', period: 'this year' }],
      ['roas by month in 2011', { metricName: 'roas', period: '2011', by: 'month' }],
      ['compare orders this week with last week', { metricName: 'orders', period: 'this week', compare: 'previous' }],
      ['revenue yoy for the fourth quarter of 2011', { metricName: 'revenue', period: 'Q4 2011', compare: 'last_year' }],
      ['sales last month without comparison', { metricName: 'revenue', period: 'last month', compare: 'none' }],
    ])('%j', (text, expected) => {
      const { metricName, period, by, compare, top } = slotsOf(text);
      expect(Object.fromEntries(Object.entries({ metricName, period, by, compare, top }).filter(([, v]) => v !== undefined))).toEqual(expected);
    });

    it('reads "in may" as the month but not the verb', () => {
      expect(slotsOf('revenue in may').period).toBe('may');
      expect(slotsOf('may I see revenue').period).toBeUndefined();
    });

    it('leaves "the next 8 weeks" to the forecast horizon', () => {
      expect(slotsOf('revenue for the next 8 weeks').period).toBeUndefined();
      expect(slotsOf('revenue for the next 8 weeks').horizon).toMatchObject({ label: '8w' });
    });

    it('keeps the forecast metric reader as it was ("spend" is no forecast metric)', () => {
      expect(slotsOf('how much did we spend last month').metric).toBeUndefined();
      expect(slotsOf('how much did we spend last month').metricName).toBe('spend');
    });
  });

  it.each([
    ['who are our at-risk customers?', 'At risk'],
    ['who are our best customers?', 'Champions'],
    ['show me the lost customers', 'Lost'],
    ["who's in can't lose them", "Can't lose them"],
    ['customers we cannot lose', "Can't lose them"],
    ['show our potential loyalists', 'Potential loyalists'],
    ['who is about to sleep', 'About to sleep'],
    ['which customers need attention', 'Need attention'],
    ['list the hibernating customers', 'Hibernating'],
  ])('segment name in %j is %s', (text, name) => expect(slotsOf(text).segmentName).toBe(name));

  it.each(['which customers are at risk of churning', 'segment the base, I need loyal vs lapsed', 'champions and lost customers side by side', 'segment our customers'])(
    'no single segment name in %j',
    (text) => expect(slotsOf(text).segmentName).toBeUndefined(),
  );

  it.each([
    ['clv over the next 6 months', '6m'],
    ['churn risk for the coming year', '12m'],
    ['customer value 90 days ahead', '90d'],
    ['lifetime value within 12 weeks', '12w'],
    ['clv horizon=2y', '2y'],
  ])('look-ahead in %j is %s', (text, lookahead) => expect(slotsOf(text).lookahead).toBe(lookahead));

  it('reads no look-ahead from a past period', () => expect(slotsOf('who churned in the last 90 days').lookahead).toBeUndefined());

  it.each([
    ['which channel has the best ROI?', true],
    ["what's the marginal roas of each channel", true],
    ['where do we get the most bang for our buck', true],
    ['maximise roi on 45k across our channels', undefined],
    ['split 50k across channels', undefined],
  ])('return on spend asked in %j: %s', (text, roi) => expect(slotsOf(text).roi).toBe(roi));

  it('does not read a year as a budget', () => {
    expect(slotsOf('spend per channel for q4 2011').budget).toBeUndefined();
    expect(slotsOf('orders in nov 2011').budget).toBeUndefined();
    expect(slotsOf('allocate 2000 across channels').budget).toEqual({ amount: 2000 });
  });

  it('reads a country from its adjective', () => expect(slotsOf("what's the churn risk among german customers").country).toBe('Germany'));

  it.each([
    ['list the 15 products that sold most in june', { top: 15, by: 'product' }],
    ['give me the 8 countries with the most orders', { top: 8, by: 'country' }],
  ])('a count in front of a ranked breakdown in %j is top N', (text, slots) => expect(slotsOf(text)).toMatchObject(slots));

  it('a count in front of days or weeks is not top N', () => expect(slotsOf('orders over the 6 weeks before christmas').top).toBeUndefined());

  it.each([
    ['expected orders for the next half year', '6m'],
    ['revenue outlook half a year out', '6m'],
  ])('half a year in %j is %s', (text, label) => expect(slotsOf(text).horizon?.label).toBe(label));

  it.each([
    ['can we reach 2m in sales by next quarter', 2_000_000, '1q'],
    ['will we beat 1.5m by december', 1_500_000, undefined],
  ])('a target amount in %j is money, not months', (text, amount, horizon) => {
    expect(slotsOf(text).budget).toEqual({ amount });
    expect(slotsOf(text).horizon?.label).toBe(horizon);
  });

  it.each([
    ['which channel brings the most sales per dollar spent', true],
    ['what does the next euro buy us in each channel', true],
    ['are our channels worth the money', true],
  ])('return on spend asked in other words in %j', (text, roi) => expect(slotsOf(text).roi).toBe(roi));

  it.each(['revenue for each channel last month', 'orders for every customer in may'])('"each"/"every" before a thing is no recurrence: %j', (text) =>
    expect(slotsOf(text).schedule).toBeUndefined(),
  );

  it.each([
    ['every saturday evening at 7 post orders', '0 19 * * 6'],
    ['each night at 11 run the segmentation', '0 23 * * *'],
    ['every night at 2 run the segmentation', '0 2 * * *'],
    ['every tuesday afternoon at 3 send revenue', '0 15 * * 2'],
  ])('the part of the day sets the half of a bare hour in %j', (text, cron) => expect(slotsOf(text).schedule?.cron).toBe(cron));
});

describe('slot words with typos', () => {
  const known = new Set(['what', 'were', 'sales', 'last', 'the', 'pays', 'eight', 'into', 'groups', 'cluster']);
  const fix = (text: string) => correctSlotWords(text, (word) => known.has(word));

  it.each([
    ['what were sales last wek', 'what were sales last week'],
    ['revnue yesterdy', 'revenue yesterday'],
    ['the qaurter', 'the quarter'],
  ])('%j reads as %j', (text, fixed) => expect(fix(text)).toBe(fixed));

  it.each(['cluster into eight groups', 'the channel that pays', 'the bay area', 'the least efficient', 'can we reach it'])('%j is left as it is (known words, numbers, short words swapped for others)', (text) =>
    expect(fix(text)).toBe(text),
  );
});
