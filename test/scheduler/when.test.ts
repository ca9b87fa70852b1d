import { describe, expect, it } from 'vitest';
import { parseArgs, tokenize } from '../../src/core/args.ts';
import { UsageError } from '../../src/errors.ts';
import { joinTokens, parseCreateText as parseWith } from '../../src/scheduler/create-args.ts';
import { formatRunTime, minuteStamp, nextRunAfter } from '../../src/scheduler/timing.ts';
import { parseWhen } from '../../src/scheduler/when.ts';

describe('parseWhen', () => {
  it('takes a 5-field cron as written and describes it', async () => {
    expect(parseWhen('0 9 * * 1')).toEqual({ cron: '0 9 * * 1', description: 'At 09:00, only on Monday' });
  });

  it('reads phrases through the slot extractor, with a timezone named in the phrase', async () => {
    expect(parseWhen('every monday at 9').cron).toBe('0 9 * * 1');
    expect(parseWhen('weekdays 7:30').cron).toBe('30 7 * * 1-5');
    expect(parseWhen('every friday at 5pm Berlin time')).toMatchObject({ cron: '0 17 * * 5', timezone: 'Europe/Berlin' });
  });

  it('rejects bad crons and unreadable phrases with a message naming the problem', async () => {
    expect(() => parseWhen('61 9 * * *')).toThrow(/not a valid cron \(minute: 61/);
    expect(() => parseWhen('0 9 * *')).toThrow(/5 fields.*has 4/);
    expect(() => parseWhen('0 0 9 * * 1')).toThrow(/5 fields.*has 6/);
    expect(() => parseWhen('tomorrow')).toThrow(UsageError);
    expect(() => parseWhen('tomorrow')).toThrow(/can't read "tomorrow"/);
  });

  it('reads dotted times and steps of hours, days and months', async () => {
    expect(parseWhen('every thursday at 3.30pm').cron).toBe('30 15 * * 4');
    expect(parseWhen('every day at 7.45').cron).toBe('45 7 * * *');
    expect(parseWhen('every 2 hours').cron).toBe('0 */2 * * *');
    expect(parseWhen('every other day at 7').cron).toBe('0 7 */2 * *');
    expect(parseWhen('every 3 months').cron).toBe('0 9 1 */3 *');
  });

  it('refuses what it cannot keep instead of running at another time', async () => {
    // Cron has no week step: "every 2 weeks on monday" would run every monday.
    expect(() => parseWhen('every 2 weeks on monday at 9')).toThrow(/can't repeat something "every 2 weeks"/);
    expect(() => parseWhen('fortnightly on fridays')).toThrow(/"fortnightly".*every monday at 9/);
    // A time that is no time of day is not read as the default 9 o'clock.
    expect(() => parseWhen('every day at 25')).toThrow(/can't read "every day at 25"/);
  });
});

describe('schedule create text', () => {
  const parseCreateText = (text: string) => parseWith(text, (word) => ['segment', 'forecast', 'help'].includes(word));

  it('splits time, schedule options and the command, keeping quoted values intact', async () => {
    const request = parseCreateText('create "weekdays 7:30" segment country="United Kingdom" tz=Europe/Berlin');
    expect(request).toEqual({ when: 'weekdays 7:30', commandText: 'segment country="United Kingdom"', timezone: 'Europe/Berlin', channel: undefined });
    expect(parseArgs(request.commandText.slice('segment '.length)).named).toEqual({ country: 'United Kingdom' });
  });

  it('accepts an unquoted five-field cron', async () => {
    expect(parseCreateText('create 0 9 * * 1 forecast revenue 8w')).toMatchObject({ when: '0 9 * * 1', commandText: 'forecast revenue 8w' });
  });

  it('reads an unquoted phrase up to the first command name', async () => {
    expect(parseCreateText('create every monday at 9 forecast revenue 8w')).toMatchObject({ when: 'every monday at 9', commandText: 'forecast revenue 8w' });
  });

  it('asks for the command when only a time is given', async () => {
    expect(() => parseCreateText('create "every monday at 9"')).toThrow(/which command to run/);
  });

  it('joinTokens is the inverse of tokenize', async () => {
    const tokens = ['forecast', 'revenue', 'country=Hong Kong', 'a b', ''];
    expect(tokenize(joinTokens(tokens))).toEqual(tokens);
  });
});

describe('run times', () => {
  it('computes the next run in the schedule timezone', async () => {
    const next = nextRunAfter('0 9 * * 1', 'Europe/Berlin', new Date('2026-11-23T11:00:00Z'));
    expect(next.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(formatRunTime(next, 'Europe/Berlin')).toBe('Mon 30 Nov 2026, 09:00 Europe/Berlin');
    expect(minuteStamp(new Date('2026-11-30T08:00:42.123Z'))).toBe('202611300800');
  });
});
