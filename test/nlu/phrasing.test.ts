import { describe, expect, it } from 'vitest';
import { commandLineFor } from '../../src/nlu/command-line.ts';
import { loadCorpus } from '../../src/nlu/corpus.ts';
import { decidedIntent, sameCommandLine } from '../../src/nlu/evaluate.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';
import { expandShorthand } from '../../src/nlu/shorthand.ts';

const model = trainIntentModel(loadCorpus('data/intents/corpus.jsonl'));
const context = { channels: ['search', 'social', 'display', 'email', 'tv'], countries: ['United Kingdom', 'Germany', 'France', 'Netherlands'] };

/** What the bot would run for `text`: the command line, or 'clarify' / 'out_of_scope'. */
function lineFor(text: string): string {
  const classification = model.classify(text, context);
  const decided = decidedIntent(classification);
  return decided === 'clarify' || decided === 'out_of_scope' ? decided : commandLineFor(decided, classification.slots, classification.slotText);
}

describe('chat shorthand is written out before a message is read', () => {
  it.each([
    ['fcst custs 12w', 'forecast customers 12w'],
    ['hw much rev did we make last qtr', 'how much revenue did we make last quarter'],
    ['avg order value prev mth vs this mth', 'average order value previous month vs this month'],
    ['sales w/o returns', 'sales without returns'],
    ['helo pulse', 'hello pulse'],
  ])('%s → %s', (text, expanded) => expect(expandShorthand(text)).toBe(expanded));

  it('leaves words that only look like shorthand alone', () => {
    for (const text of ['forecast revenue 16wk', 'the review is due', 'show me the how-to', 'hwy 1 traffic']) expect(expandShorthand(text)).toBe(text);
  });
});

describe('what managers write becomes the command they mean', () => {
  it.each([
    // shorthand and typos in the words that name the command
    ['fcst orders nxt 8 wks', 'forecast orders 8w'],
    ['hw many new custs did we get last wk', 'metric new_customers last week'],
    ['alocate 20k a week across channels', 'allocate 20000 period=week'],
    // a day, or a range of days, in words
    ['orders between 3 and 9 march 2026', 'metric orders 2026-03-03..2026-03-09'],
    ['revenue from 28 february 2026 to 6 march 2026', 'metric revenue 2026-02-28..2026-03-06'],
    ['how many orders on 14 february 2026', 'metric orders 2026-02-14'],
    // options said in words
    ['show me the champions, only the first 12', 'segment show champions top=12'],
    ['what would the segments have been on 2026-03-31', 'segment as_of=2026-03-31'],
    ["split 50k and do not spend more than 10k on tv", 'allocate 50000 max.tv=10000'],
    ['plan 30k, social stays as it is', 'allocate 30000 lock=social'],
    ['30k weekly, how should we split it', 'allocate 30000 period=week'],
    ['projected clv for 90 days', 'clv horizon=90d'],
    ['which dutch accounts are about to churn', 'clv country=Netherlands'],
    ['retrain intents without the comparison, just use it', 'retrain intents force'],
    ['let me know if weekly orders come in 15% lower than last week', 'alert create orders by=week drops more than 15 % vs last week'],
    // schedules whose report is a segment or an export, and schedules asked for by name
    ['schedule the hibernating list every friday', 'schedule create "0 9 * * 5" segment show hibernating'],
    ['every monday at 8 export the champions', 'schedule create "0 8 * * 1" segment export champions'],
    ['add a schedule: orders by country last week, first day of the month', 'schedule create "0 9 1 * *" metric orders last week by=country'],
    ['quarterly (on the 1st of jan, apr, jul and oct) post orders last quarter', 'schedule create "0 9 1 1,4,7,10 *" metric orders last quarter'],
    ['weekly on friday: revenue this week', 'schedule create "0 9 * * 5" metric revenue this week'],
    ['schedule 14 can go now', 'schedule delete 14'],
    // schedules written in a hurry, and questions about the ones that exist
    ['every tues 9:15 post orders from yesterday', 'schedule create "15 9 * * 2" metric orders yesterday'],
    ['evry fri at 4pm send the at risk list', 'schedule create "0 16 * * 5" segment show at risk'],
    ['each month on the 3rd, export the hibernating segment', 'schedule create "0 9 3 * *" segment export hibernating'],
    ['at the start of every quarter post revenue last quarter', 'schedule create "0 9 1 1,4,7,10 *" metric revenue last quarter'],
    ['a weekly orders by segment report fri 2pm for last week', 'schedule create "0 14 * * 5" metric orders last week by=segment'],
    ['do we already have a friday orders post set up?', 'schedule list'],
    ['what time does the daily revenue report go out?', 'schedule list'],
    ['remove schedule twelve', 'schedule delete 12'],
    // days without a year, numeric dates, KPIs, calendar months ahead, currencies, help about one command
    ['orders on 24 Nov', 'metric orders 24 nov'],
    ['revenue for the 2nd to the 9th of november', 'metric revenue 2-9 november'],
    ['units in q3 last year', 'metric units Q3 last year'],
    ['revenue on 15/06/2026', 'metric revenue 2026-06-15'],
    ['forecast the imported revenue kpi for 6 weeks', 'forecast kpi:revenue 6w'],
    ['predict orders for next month', 'forecast orders next month'],
    ['how should I split €40k', 'allocate 40000 EUR'],
    ['alert me if daily orders < 200', 'alert create orders by=day below 200'],
    ['how do I ask about churn?', 'help clv'],
    ['how do forecasts work', 'help forecast'],
    // a report word ("every") that asks for no schedule is the report itself, and runs
    ['could I have a csv of every segment', 'segment export'],
    // amounts spelt out, counts said as "N of our …", alerts day over day or outside the forecast band
    ['split sixty-five thousand across the channels', 'allocate 65000'],
    ['what mix for half a million?', 'allocate 500000'],
    ['show me 8 of our champions', 'segment show champions top=8'],
    ['tell me when orders rise more than 15% day over day', 'alert create orders by=day rises more than 15 %'],
    ['warn me if revenue falls outside the 80% forecast band', 'alert create revenue outside the forecast 80 % range'],
    // asking whether an alert exists lists the alerts, not the schedules
    ['do we already have an alert set up for weekly revenue?', 'alert list'],
    ['is there an alert running on orders?', 'alert list'],
    // small talk
    ['could you explain how to set up an alert?', 'help alert'],
    ['hellooo, you there?', 'help'],
  ])('%s → %s', (text, expected) => {
    const got = lineFor(text);
    expect(sameCommandLine(got, expected), `got \`${got}\``).toBe(true);
  });

  it('an analysis\'s model is the analysis; retraining one is still a retrain', () => {
    expect(lineFor('run the churn model for the uk')).toMatch(/^clv\b/);
    expect(lineFor('retrain the intent model')).toBe('retrain intents');
  });

  it('reads "ytd", "year to date" and "this year" as the same metric line, as the command does', () => {
    expect(sameCommandLine('metric revenue ytd', 'metric revenue this year')).toBe(true);
    expect(sameCommandLine('metric orders quarter to date by=week', 'metric orders qtd by=week')).toBe(true);
    expect(sameCommandLine('metric revenue ytd', 'metric revenue last year')).toBe(false);
  });

  it('measures Pulse does not have stay out of scope', () => {
    for (const text of ['how did csat move last quarter', 'who will win the champions league']) expect(lineFor(text)).toBe('out_of_scope');
  });
});
