import { describe, expect, it } from 'vitest';
import { applyFollowUp } from '../../src/core/follow-ups.ts';
import { parseFollowUp } from '../../src/nlu/follow-up.ts';

const context = { countries: ['United Kingdom', 'Germany', 'France'] };

describe('parseFollowUp', () => {
  it.each([
    ['and by country?', { by: 'country' }, true],
    ['what about last year?', { period: 'last year' }, true],
    ['same for orders', { metric: 'orders' }, true],
    ['now for Germany', { country: 'Germany' }, true],
    ['and top 5?', { top: 5 }, true],
    ['by product', { by: 'product' }, true],
    ['last month', { period: 'last month' }, false],
  ])('%s', (text, change, marked) => {
    const followUp = parseFollowUp(text, context)!;
    expect(followUp.marked).toBe(marked);
    expect(followUp.change).toMatchObject(change);
  });

  it.each([
    'what was revenue last week by country and how does it compare to last year', // a question of its own, too long
    'and forecast orders', // names a command
    'and what is the weather like', // names nothing a command takes
    'thanks',
  ])('%s is not a follow-up', (text) => {
    expect(parseFollowUp(text, context)).toBeUndefined();
  });
});

describe('applyFollowUp', () => {
  it('keeps a breakdown typed in words when the period changes', () => {
    expect(applyFollowUp('metric revenue last month by country', { period: 'Q3 2011' })).toBe('metric revenue Q3 2011 by country');
  });

  it('changes nothing it cannot apply', () => {
    expect(applyFollowUp('forecast revenue 8w', { by: 'country' })).toBeUndefined();
    expect(applyFollowUp('allocate roi', { budget: 5000 })).toBeUndefined();
    expect(applyFollowUp('metric revenue last month by=country', { by: 'country' })).toBeUndefined();
  });

  it('changes the metric of `forecast accuracy`', () => {
    expect(applyFollowUp('forecast accuracy revenue', { metric: 'orders' })).toBe('forecast accuracy orders');
  });
});
