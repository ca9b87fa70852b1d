import { describe, expect, it } from 'vitest';
import { commandLineFor } from '../../src/nlu/command-line.ts';
import type { Intent } from '../../src/nlu/intents.ts';
import { extractSlots } from '../../src/nlu/slots/index.ts';

const context = { channels: ['search', 'social', 'display', 'email', 'tv'], countries: ['United Kingdom', 'Germany'] };
const lineOf = (intent: Intent, text: string) => commandLineFor(intent, extractSlots(text, context), text);

describe('options said in words become the command options', () => {
  it.each([
    ['allocate', 'we have 10k a week to spend, how should we split it', 'allocate 10000 period=week'],
    ['allocate', 'split 60k for the month', 'allocate 60000'],
    ['allocate', 'split 60k but keep email spend where it is', 'allocate 60000 lock=email'],
    ["allocate", "split 80k across search, social and tv but don't touch tv", 'allocate 80000 channels=search,social lock=tv'],
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
    ['forecast', 'predict next months aov', 'forecast aov 1m'],
    ['metric', 'break down last months revenue by country pls', 'metric revenue last month by=country'],
    ['metric', 'revenue for Q4 2011 compared with Q4 2010', 'metric revenue Q4 2011 vs=last_year'],
    ['metric', 'revenue for Q4 2011 compared with Q4 2009', 'metric revenue Q4 2011'],
    ['alert', 'can you warn me when daily orders do something weird', 'alert create orders by=day anomaly'],
    ['schedule.create', "on the 1st of every month at 8am send last month's aov", 'schedule create "0 8 1 * *" metric aov last month'],
    ['schedule.create', 'every tuesday at 11 post the roi per channel', 'schedule create "0 11 * * 2" allocate roi'],
  ] as Array<[Intent, string, string]>)('%s: %j → %s', (intent, text, expected) => {
    expect(lineOf(intent, text)).toBe(expected);
  });
});
