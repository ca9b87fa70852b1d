import { describe, expect, it } from 'vitest';
import { parseAmount, parseAmountWords } from '../../../src/answers/allocation/amount.ts';

describe('parseAmount', () => {
  it.each([
    ['50000', { amount: 50_000 }],
    ['50k', { amount: 50_000 }],
    ['50K', { amount: 50_000 }],
    ['$1.2m', { amount: 1_200_000, currency: 'USD' }],
    ['75k EUR', { amount: 75_000, currency: 'EUR' }],
    ['100,000', { amount: 100_000 }],
    ['€20k', { amount: 20_000, currency: 'EUR' }],
    ['£2,500.50', { amount: 2_500.5, currency: 'GBP' }],
    ['20 eur', { amount: 20, currency: 'EUR' }],
    ['1.5 million', { amount: 1_500_000 }],
    ['.5m', { amount: 500_000 }],
    ['-5k', { amount: -5_000 }],
  ])('reads %s', (text, expected) => {
    expect(parseAmount(text)).toEqual(expected);
  });

  it.each(['abc', '12k5', '$5k EUR', '1,00', '', 'k'])('rejects %s', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('parseAmountWords', () => {
  it('joins an amount and a currency code given as two words', () => {
    expect(parseAmountWords(['75k', 'EUR'])).toEqual({ value: { amount: 75_000, currency: 'EUR' }, wordsUsed: 2 });
    expect(parseAmountWords(['$', '50k'])).toEqual({ value: { amount: 50_000, currency: 'USD' }, wordsUsed: 2 });
  });

  it('uses one word when the next is not a currency', () => {
    expect(parseAmountWords(['50k', 'tv'])).toEqual({ value: { amount: 50_000 }, wordsUsed: 1 });
    expect(parseAmountWords([])).toBeUndefined();
  });
});
