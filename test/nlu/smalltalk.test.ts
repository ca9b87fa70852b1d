import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/nlu/corpus.ts';
import { trainIntentModel } from '../../src/nlu/model.ts';
import { isAboutPulse, isChatter, isGreeting, withoutGreeting } from '../../src/nlu/smalltalk.ts';

describe('small talk', () => {
  it.each(['hi', 'Hi!', 'hey pulse', 'hello there', 'good morning!', 'thanks', 'thank you so much', 'cheers mate', 'how are you today?', 'nice, thank you', 'hey 👋', '??'])(
    '%j is a greeting',
    (text) => expect(isGreeting(text)).toBe(true),
  );

  it.each(['hi! what do you do', 'history of sales', 'they', 'thanks, that is helpful', 'morning revenue report every day', 'bye'])('%j is not only a greeting', (text) =>
    expect(isGreeting(text)).toBe(false),
  );

  it.each([
    ['hey pulse, how many orders did we get last week?', 'how many orders did we get last week?'],
    ['hi what was revenue', 'what was revenue'],
    ['morning revenue report every day', 'morning revenue report every day'],
    ['hi', 'hi'],
  ])('without the greeting, %j is %j', (text, rest) => expect(withoutGreeting(text)).toBe(rest));

  it.each(['who are you', 'what can you do?', 'hi! what do you do', 'are you a robot?', 'what is pulse', 'introduce yourself', 'who built you'])('%j is about Pulse', (text) =>
    expect(isAboutPulse(text)).toBe(true),
  );

  it.each(['what is this revenue number', 'who are you sending the report to', 'what do you do with the segments'])('%j is not about Pulse', (text) =>
    expect(isAboutPulse(text)).toBe(false),
  );

  it.each([
    'how do i turn off an alert',
    'how can we share a forecast with the board',
    'what is the best way to word a question about returns',
    'how should i ask you for a segment export',
    'so what are you really able to do for us',
    'how are we meant to work with this bot',
    'hi pulse, who built you and what are you good at',
  ])('%j asks how to use Pulse (help)', (text) => expect(isAboutPulse(text)).toBe(true));

  it.each([
    'how do i export my contacts from outlook',
    'how should i split 40k across our channels',
    'how do i cancel schedule 4',
    'how can we grow revenue next quarter',
    'how do i renew my parking permit',
  ])('%j is not a how-to about Pulse', (text) => expect(isAboutPulse(text)).toBe(false));

  it.each(['bye', 'see you tomorrow', 'great job', 'lol', 'never mind', "you're awesome"])('%j is chatter', (text) => expect(isChatter(text)).toBe(true));
  it.each(['ok forecast revenue', 'fine, allocate 50k', 'great, what was revenue last week'])('%j is not chatter', (text) => expect(isChatter(text)).toBe(false));

  describe('in the model', () => {
    const model = trainIntentModel(loadCorpus('data/intents/corpus.jsonl'));
    it.each([
      ['hi', 'help'],
      ['thanks!', 'help'],
      ['thank you, that was useful', 'help'],
      ['hi! can you book me a flight', 'help'],
      ['bye', 'out_of_scope'],
      ['hey, what was revenue last week', 'metric'],
    ])('%j → %s', (text, intent) => expect(model.classify(text).intent).toBe(intent));

    it('can be turned off', () => {
      const plain = trainIntentModel(loadCorpus('data/intents/corpus.jsonl'), { smallTalk: false });
      expect(plain.classify('yo').confidence).toBeLessThan(1);
    });
  });
});
