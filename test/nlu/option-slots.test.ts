import { describe, expect, it } from 'vitest';
import { commandLineFor } from '../../src/nlu/command-line.ts';
import type { Intent } from '../../src/nlu/intents.ts';
import { extractSlots } from '../../src/nlu/slots/index.ts';

const context = { channels: ['search', 'social', 'display', 'email', 'tv'], countries: ['United Kingdom', 'Germany', 'France'] };
const lineOf = (intent: Intent, text: string) => commandLineFor(intent, extractSlots(text, context), text);

describe('options said in words become the command options', () => {
  it.each([
    ['allocate', 'we have 10k a week to spend, how should we split it', 'allocate 10000 period=week'],
    ['allocate', 'split 60k for the month', 'allocate 60000'],
    ['allocate', 'split 60k but keep email spend where it is', 'allocate 60000 lock=email'],
    ["allocate", "split 80k across search, social and tv but don't touch tv", 'allocate 80000 lock=tv channels=search,social'],
    ['allocate', 'how would you allocate 35k across display and social', 'allocate 35000 channels=display,social'],
    ['allocate', 'which channel would give us the most for the next extra pound we spend?', 'allocate roi'],
    ['retrain', 'retrain intents even if it scores worse', 'retrain intents force'],
    ['retrain', 'retrain the language model please', 'retrain intents'],
    ['retrain', 'roll back to the previous intent model', 'retrain rollback intents'],
    ['clv', 'lifetime value over the next year with a 1% monthly discount rate', 'clv horizon=12m discount=1%'],
    ['segment', 'segment only the customers who bought since 2011-01-01', 'segment since=2011-01-01'],
    ['segment', "I'd like to see 15 names from the champions segment", 'segment show champions top=15'],
    ['schedule.delete', 'unschedule 6', 'schedule delete 6'],
    ['schedule.delete', 'remove the digest numbered 18', 'schedule delete 18'],
    ['schedule.delete', 'stop the automatic post 30', 'schedule delete 30'],
    ['schedule.delete', 'delete the monday digest', 'schedule delete'],
    ['forecast', 'how good were the revenue forecasts for germany', 'forecast accuracy revenue country=Germany'],
    ['forecast', 'how did your previous forecasts do against what actually happened', 'forecast accuracy'],
    ['forecast', 'predict next months aov', 'forecast aov next month'],
    ['metric', 'break down last months revenue by country pls', 'metric revenue last month by=country'],
    ['metric', 'revenue for Q4 2011 compared with Q4 2010', 'metric revenue Q4 2011 vs=last_year'],
    ['metric', 'revenue for Q4 2011 compared with Q4 2009', 'metric revenue Q4 2011'],
    ['alert', 'can you warn me when daily orders do something weird', 'alert create orders by=day anomaly'],
    ['schedule.create', "on the 1st of every month at 8am send last month's aov", 'schedule create "0 8 1 * *" metric aov last month'],
    ['schedule.create', 'every tuesday at 11 post the roi per channel', 'schedule create "0 11 * * 2" allocate roi'],
    ['schedule.create', 'every friday at 5 pm post revenue for the week so far', 'schedule create "0 17 * * 5" metric revenue this week'],
    ['metric', 'for the monthly review: orders per day for November 2026', 'metric orders november 2026 by=day'],
    ['metric', 'what was aov in september, compared with september last year', 'metric aov september vs=last_year'],
    ['metric', 'Q3 2026 revenue next to the same quarter a year earlier', 'metric revenue Q3 2026 vs=last_year'],
    ['forecast', 'forecast orders per day for the next 6 weeks', 'forecast orders 6w by=day'],
    ['forecast', 'forecast orders for the next 6 weeks, weekly', 'forecast orders 6w'],
    ['forecast', "what's revenue going to be over the next 90 days? monthly buckets please", 'forecast revenue 90d by=month'],
    ['segment', 'cluster customers with kmeans', 'segment method=kmeans'],
    ['segment', 'Show the segments as they stood on 30 June 2026', 'segment as_of=2026-06-30'],
    ['segment', 'segment customers who bought since the start of 2026', 'segment since=2026-01-01'],
    ['clv', 'who are the high-value customers that have probably stopped buying? give me 30', 'clv top=30'],
    ['clv', 'Estimate customer lifetime value as of June 30, 2026', 'clv as_of=2026-06-30'],
    ['allocate', 'allocate 90k but keep tv at no more than 20k', 'allocate 90000 max.tv=20000'],
    ['allocate', 'best split of 70k with at least 10k on display', 'allocate 70000 min.display=10000'],
    ['allocate', "how should a 65k spend be split if social can't go above 15k", 'allocate 65000 max.social=15000'],
    ['alert', 'alert if daily revenue drops more than 25% compared with the same day last week', 'alert create revenue by=day drops more than 25 % vs last week'],
    ['retrain', 'switch back to the intent model we had before', 'retrain rollback intents'],
    ['clv', 'customer lifetime value over two years', 'clv horizon=24m'],
    ['clv', 'CLV over 24 months, discount 2% a month', 'clv horizon=24m discount=2%'],
    ['allocate', 'we have 80k to spend next month; cap search at 25k', 'allocate 80000 max.search=25000'],
    ['segment', 'kmeans with 3 clusters', 'segment method=kmeans k=3'],
    ['segment', 'segment into 5 groups', 'segment k=5'],
    ['alert', 'remove the alert with id 33', 'alert delete 33'],
    ['alert', 'reactivate alert 9', 'alert resume 9'],
    ['clv', 'clv for france, 3 month horizon', 'clv horizon=3m country=France'],
    ['clv', 'lifetime value of customers who first bought over a year ago', 'clv'],
    ['forecast', "did the revenue forecasts you've been posting actually hold up?", 'forecast accuracy revenue'],
    ['alert', 'flag any day where orders fall outside the forecast range', 'alert create orders by=day anomaly'],
  ] as Array<[Intent, string, string]>)('%s: %j → %s', (intent, text, expected) => {
    expect(lineOf(intent, text)).toBe(expected);
  });

  it.each([
    ['tell me when daily revenue drops below 5k', 'alert create revenue by=day below 5000'],
    ['create an alert for daily orders below 40, berlin time', 'alert create orders by=day below 40 tz=Europe/Berlin'],
  ])('an alert names a time zone only when the sentence does (the team default is UTC): %j → %s', (text, expected) => {
    expect(commandLineFor('alert', extractSlots(text, { ...context, timezone: 'UTC' }), text)).toBe(expected);
  });
});
