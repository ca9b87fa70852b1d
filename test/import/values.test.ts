import { describe, expect, it } from 'vitest';
import { normaliseCustomerId, parseIsoDay, parseTimestamp, roundToCents } from '../../src/import/values.ts';

describe('parseTimestamp', () => {
  it.each([
    ['2010-12-01 08:26:00', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01T08:26:00Z', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01T10:26:00+02:00', Date.UTC(2010, 11, 1, 8, 26)],
    ['2010-12-01', Date.UTC(2010, 11, 1)],
    ['12/1/2010 8:26', Date.UTC(2010, 11, 1, 8, 26)],
  ])('reads %s', (text, expected) => expect(parseTimestamp(text)).toBe(expected));

  it.each(['', 'yesterday', '2010-02-30', '2010-13-01', '31/12/2010', '2010-12-01 25:00'])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('gives the ISO day of a date cell', () => expect(parseIsoDay('11/23/2015')).toBe('2015-11-23'));
});

describe('cell normalisation', () => {
  it('drops a decimal part of zeros from customer ids only', () => {
    expect(['17850.0', '17850', '17850.00', 'AB-1', '12.5'].map(normaliseCustomerId)).toEqual(['17850', '17850', '17850', 'AB-1', '12.5']);
  });
  it('rounds money to cents symmetrically', () => {
    expect([6 * 2.55, -6 * 2.55, 0.125, -0.125].map(roundToCents)).toEqual([15.3, -15.3, 0.13, -0.13]);
  });
});
