import { describe, expect, it } from 'vitest';
import { extractSlots } from '../../src/nlu/slots/index.ts';

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
    ['next month', 1, 'm', '1m'],
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
    ['email and print', ['print', 'newsletter']],
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
});
