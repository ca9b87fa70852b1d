import { describe, expect, it } from 'vitest';
import { commandLineFor } from '../../src/nlu/command-line.ts';
import { extractSlots } from '../../src/nlu/slots/index.ts';
import { extractAlertCondition } from '../../src/nlu/slots/alert.ts';

const line = (text: string) => commandLineFor('alert', extractSlots(text, { countries: ['Germany', 'United Kingdom'] }), text);

describe('alert sentences → the alert command', () => {
  it.each([
    ['tell me when daily revenue drops below 5k', 'alert create revenue by=day below 5000'],
    ['let me know if weekly orders fall under 200', 'alert create orders by=week below 200'],
    ['alert me when revenue drops more than 20% vs the previous week', 'alert create revenue drops more than 20 % vs last week'],
    ['notify me if sales go above 50k in a week', 'alert create revenue by=week above 50000'],
    ['heads up if new customers rise by more than 30 percent year over year', 'alert create new_customers rises more than 30 % vs last year'],
    ['ping me if daily orders look unusual', 'alert create orders by=day anomaly'],
    ['let me know whenever revenue is outside the forecast range', 'alert create revenue anomaly'],
    ['alert the team if revenue in germany drops below 2k a day', 'alert create revenue by=day below 2000 country=Germany'],
    ['i want a notification when aov dips under £25.50', 'alert create aov below 25.5'],
    ['what alerts do we have', 'alert list'],
    ['pause alert 3', 'alert pause 3'],
    ['snooze alert #2', 'alert pause 2'],
    ['delete alert 4', 'alert delete 4'],
    ['turn the revenue alert back on', 'alert resume'],
    ['set up a revenue alert', 'alert create revenue'],
    ['tell me if bitcoin goes above 100k', 'alert create above 100000'],
    ['stop alert 9', 'alert pause 9'],
    ['cancel the spend anomaly alert', 'alert delete'],
    ['how many alerts are set up', 'alert list'],
    ['warn us when orders break out of the forecast range', 'alert create orders anomaly'],
  ])('%s → %s', (text, expected) => {
    expect(line(text)).toBe(expected);
  });

  it('reads no condition where there is none, and a change before a threshold', () => {
    expect(extractAlertCondition('what was revenue last week')).toBeUndefined();
    expect(extractAlertCondition('revenue drops more than 20 %')).toBe('drops more than 20 %');
    expect(extractAlertCondition('revenue is over 1.2m')).toBe('above 1200000');
  });
});
