import { describe, expect, it } from 'vitest';
import { alertSubject } from '../../src/answers/alerts/replies.ts';
import { inSentence } from '../../src/answers/wording.ts';

describe('labels placed mid-sentence', () => {
  it('lower-cases a first word, but not an acronym or the rest', () => {
    expect(inSentence('Revenue')).toBe('revenue');
    expect(inSentence('At 09:00, only on Monday')).toBe('at 09:00, only on Monday');
    expect(inSentence('ROAS')).toBe('ROAS');
    expect(inSentence('AOV (average order value)')).toBe('AOV (average order value)');
  });

  it('keeps the country of an alert as the data names it', () => {
    expect(inSentence(alertSubject({ metric: 'revenue', grain: 'day', country: 'United Kingdom' }))).toBe('daily revenue in United Kingdom');
  });
});
