/**
 * Chat shorthand written out before anything reads a message: "fcst rev 16w", "new custs last mth",
 * "hw many units last yr", "todays orders". Typo correction cannot reach these (they are more than
 * one edit from the word), and each would otherwise be an unknown word to the classifier and no
 * slot to the readers. Only forms with one meaning in a marketing chat are listed.
 */
const WORDS: Readonly<Record<string, string>> = {
  fcst: 'forecast', fcast: 'forecast', frcst: 'forecast', forcst: 'forecast', fcsts: 'forecasts', fcasts: 'forecasts',
  rev: 'revenue', revs: 'revenue',
  cust: 'customer', custs: 'customers', custos: 'customers', cstmrs: 'customers',
  yr: 'year', yrs: 'years', mth: 'month', mnth: 'month', mths: 'months', mnths: 'months',
  wk: 'week', wks: 'weeks', qtr: 'quarter', qtrs: 'quarters',
  dly: 'daily', wkly: 'weekly', mthly: 'monthly', mnthly: 'monthly',
  avg: 'average', prev: 'previous', nxt: 'next',
  tmrw: 'tomorrow', tmrow: 'tomorrow', tmr: 'tomorrow', yday: 'yesterday', ystd: 'yesterday', ystrdy: 'yesterday',
  todays: "today's", yesterdays: "yesterday's", tomorrows: "tomorrow's",
  sched: 'schedule', scheds: 'schedules', alloc: 'allocate', segs: 'segments',
  dl: 'download', qty: 'quantity', amt: 'amount', ppl: 'people', ur: 'your', b4: 'before',
};

const WORD = new RegExp(`\\b(?:${Object.keys(WORDS).join('|')})\\b(?!\\.\\w)`, 'giu');
/** "hw" only where it opens a question ("hw many", "hw did"). */
const HOW = /\bhw(?=\s+(?:many|much|did|does|do|is|are|was|were|has|have|about)\b)/giu;
const WITH = /(?<!\w)w\/(o)?(?!\w)/giu;
/** "helo", "hellloo" as the first word. */
const HELLO = /^(\W*)hel+o+\b/iu;

/** `text` with the chat shorthand above written out; everything else as it was. */
export function expandShorthand(text: string): string {
  return text
    .replace(WORD, (word) => WORDS[word.toLowerCase()] ?? word)
    .replace(HOW, 'how')
    .replace(WITH, (_, without: string | undefined) => (without ? 'without' : 'with'))
    .replace(HELLO, '$1hello');
}
