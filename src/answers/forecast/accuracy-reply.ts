import type { ForecastAccuracyChartInput } from '../../charts/forecast-accuracy.ts';
import type { Reply, Table } from '../../core/reply.ts';
import { addBuckets, parseIsoDay, type Granularity } from '../../time/calendar.ts';
import { chanceRange, summarize, type AccuracySummary, type NextScoreable, type ScoredPeriod } from './accuracy.ts';
import { bucketText, dayText } from './dates.ts';
import { formatValue } from './summary.ts';

/** One series of stored forecasts (a metric, grain and country) and how its periods scored. */
export interface AccuracyGroupView {
  label: string;
  unit: 'currency' | 'count';
  granularity: Granularity;
  country?: string;
  /** Stored forecasts of this series. */
  runs: number;
  scored: ScoredPeriod[];
  /** Periods left out because a newer forecast on the same data scored them. */
  repeats: number;
  summary: AccuracySummary;
  /** The next stored period the data does not cover yet. */
  next?: NextScoreable;
  /** ISO start of the last period the data covers whole; undefined without data. */
  lastCovered?: string;
}

export interface AccuracyView {
  groups: AccuracyGroupView[];
  currency?: string;
  timeZone: string;
  /** 'revenue forecasts', 'forecasts in Germany' … for the messages. */
  what: string;
}

/** At most this many scored periods are listed in the table (newest first); `--json` has them all. */
export const MAX_TABLE_ROWS = 40;
/** Below this many periods, the reply says how far coverage may stray by chance. */
const SMALL_SAMPLE = 50;

const PERIOD_WORD: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' };

/** 'Wednesday 2 Dec 2026' (or '2 Dec 2026' without the weekday) in the given time zone. */
export function postedText(ms: number, timeZone: string, withWeekday = true): string {
  const parts = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'short', year: 'numeric', timeZone }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${withWeekday ? `${part('weekday')} ` : ''}${part('day')} ${part('month')} ${part('year')}`;
}

export function seriesName(group: Pick<AccuracyGroupView, 'label' | 'granularity' | 'country'>): string {
  return `${group.label} by ${PERIOD_WORD[group.granularity]}${group.country ? `, ${group.country}` : ''}`;
}

const share = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
const percentText = (p: number) => (p < 10 ? `${(Math.round(p * 10) / 10).toFixed(1)} %` : `${Math.round(p)} %`);

function where(position: ScoredPeriod['position']): string {
  switch (position) {
    case 'inside 80':
      return 'inside 80 %';
    case 'above 80':
      return 'above 80 %, inside 95 %';
    case 'below 80':
      return 'below 80 %, inside 95 %';
    case 'above 95':
      return 'above 95 %';
    case 'below 95':
      return 'below 95 %';
  }
}

/** '2.5 % above' / '4.0 % below' / 'exactly'. */
function errorWords(scored: Pick<ScoredPeriod, 'error' | 'absPercentError'>): string {
  if (scored.error === 0) return 'exactly as forecast';
  const side = scored.error > 0 ? 'above' : 'below';
  return scored.absPercentError === undefined ? side : `${percentText(scored.absPercentError)} ${side}`;
}

/**
 * The opening line of a forecast that has a predecessor in the same channel: "The forecast posted
 * here on Monday 30 Nov 2026 said 118,000 (80 % range 108,000 – 129,000) for the week of 23 Nov
 * 2026; it was 121,000 (2.5 % above the forecast), inside the 80 % range."
 */
export function previousForecastLine(scored: ScoredPeriod, granularity: Granularity, unit: 'currency' | 'count', currency: string | undefined, timeZone: string): string {
  const f = (x: number) => formatValue(x, unit, currency);
  const p = scored.forecast;
  const verdict =
    scored.position === 'inside 80'
      ? 'inside the 80 % range'
      : scored.inside95
        ? `${scored.error > 0 ? 'above' : 'below'} the 80 % range but inside the 95 % range (${f(p.lower95)} – ${f(p.upper95)})`
        : `:warning: ${scored.error > 0 ? 'above' : 'below'} even the 95 % range (${f(p.lower95)} – ${f(p.upper95)})`;
  return (
    `_How the last forecast here did:_ the forecast posted ${postedText(scored.madeAt, timeZone)} said *${f(p.value)}* (80 % range ${f(p.lower80)} – ${f(p.upper80)}) ` +
    `for ${bucketText(parseIsoDay(scored.periodStart), granularity)}; it was *${f(scored.actual)}* (${errorWords(scored)}${scored.error === 0 ? '' : ' the forecast'}), ${verdict}.`
  );
}

function coverageLine(summary: AccuracySummary): string {
  const n = summary.periods;
  const line =
    `Inside the 80 % range: *${summary.inside80} of ${n}* (${share(summary.inside80, n)}; about 80 % is right). ` +
    `Inside the 95 % range: *${summary.inside95} of ${n}* (${share(summary.inside95, n)}; about 95 % is right).`;
  if (n >= SMALL_SAMPLE) return line;
  const at80 = chanceRange(n, 0.8);
  const at95 = chanceRange(n, 0.95);
  return `${line} With ${n} period${n === 1 ? '' : 's'} these shares are rough: well-judged ranges hold ${at80.low}–${at80.high} (80 %) and ${at95.low}–${at95.high} (95 %) of ${n} in nine samples out of ten.`;
}

function errorLine(summary: AccuracySummary, unit: 'currency' | 'count', currency: string | undefined): string {
  const typical = summary.medianAbsPercentError === undefined ? `median absolute error ${formatValue(summary.medianAbsError, unit, currency)}` : `*${percentText(summary.medianAbsPercentError)}* (median absolute % error; median absolute error ${formatValue(summary.medianAbsError, unit, currency)})`;
  const outside = summary.periods - summary.inside80;
  const sides = outside === 0 ? '' : ` Outside the 80 % range: ${summary.above80} above, ${summary.below80} below.`;
  return `Typical error: ${typical}.${sides}`;
}

function nextLine(group: AccuracyGroupView, timeZone: string): string | undefined {
  const { next } = group;
  if (!next) return undefined;
  return (
    `Next to score: ${bucketText(parseIsoDay(next.periodStart), group.granularity)}, forecast on ${postedText(next.run.createdAt, timeZone)}; ` +
    `it can be scored once the data runs through ${dayText(next.periodEndMs - 86_400_000)}.`
  );
}

/** The whole-period data end in words: 'the data covers whole weeks up to the week of 5 Dec 2011'. */
function coveredText(group: AccuracyGroupView): string {
  if (!group.lastCovered) return 'there is no data for it';
  const start = parseIsoDay(group.lastCovered);
  return `the data covers whole ${PERIOD_WORD[group.granularity]}s up to ${dayText(addBuckets(start, 1, group.granularity) - 86_400_000)}`;
}

/** What to say when nothing can be scored yet: why, and when the first period can be. */
export function nothingScoredText(view: AccuracyView): string {
  const stored = view.groups.reduce((s, g) => s + g.runs, 0);
  if (stored === 0) {
    return (
      `No ${view.what} have been stored yet. Pulse keeps every forecast it posts from now on (\`forecast revenue\`, or a scheduled one: ` +
      '`schedule create "every monday at 9" forecast revenue 8w`), and each can be scored here once the data covers its first period.'
    );
  }
  const next = view.groups
    .filter((g): g is AccuracyGroupView & { next: NextScoreable } => g.next !== undefined)
    .sort((a, b) => a.next.periodEndMs - b.next.periodEndMs)[0];
  const head =
    stored === 1
      ? `The only stored ${view.what.replace('forecasts', 'forecast')} cannot be scored yet: no period it forecast is covered whole by the data.`
      : `None of the ${stored} stored ${view.what} can be scored yet: no period they forecast is covered whole by the data.`;
  if (!next) return head;
  return (
    `${head} The first will be ${bucketText(parseIsoDay(next.next.periodStart), next.granularity)} (${seriesName(next).toLowerCase()}, forecast on ${postedText(next.next.run.createdAt, view.timeZone)}): ` +
    `${coveredText(next)}, so it can be scored once the data runs through ${dayText(next.next.periodEndMs - 86_400_000)}.`
  );
}

export function accuracyText(view: AccuracyView): string {
  const scoredGroups = view.groups.filter((g) => g.scored.length > 0);
  const all = scoredGroups.flatMap((g) => g.scored);
  const summary = summarize(all);
  const one = scoredGroups.length === 1 ? scoredGroups[0] : undefined;
  const repeats = scoredGroups.reduce((s, g) => s + g.repeats, 0);
  const heading = one
    ? `*Forecast accuracy, ${seriesName(one).toLowerCase()}*: ${summary.periods} forecast period${summary.periods === 1 ? '' : 's'} from ${summary.forecasts} stored forecast${summary.forecasts === 1 ? '' : 's'} now have data.`
    : `*Forecast accuracy*: ${summary.periods} forecast periods from ${summary.forecasts} stored forecasts of ${scoredGroups.length} series now have data.`;
  const lines = [
    heading,
    coverageLine(summary),
    // Errors in % compare across series; units only within one.
    one ? errorLine(summary, one.unit, view.currency) : summary.medianAbsPercentError === undefined ? undefined : `Typical error: *${percentText(summary.medianAbsPercentError)}* (median absolute % error).`,
    repeats > 0 ? `A forecast asked again on the same data is the same forecast: its ${repeats} repeated period${repeats === 1 ? ' was' : 's were'} counted once.` : undefined,
    ...(one ? [nextLine(one, view.timeZone)] : []),
  ];
  return lines.filter((l): l is string => l !== undefined).join('\n');
}

/** Per series, when there is more than one. */
function seriesTable(view: AccuracyView): Table {
  const groups = view.groups.filter((g) => g.scored.length > 0);
  return {
    title: 'Per series',
    columns: ['Series', 'Forecasts', 'Periods', 'Inside 80 %', 'Inside 95 %', 'Typical error'],
    rows: groups.map((g) => [
      seriesName(g),
      g.summary.forecasts,
      g.summary.periods,
      share(g.summary.inside80, g.summary.periods),
      share(g.summary.inside95, g.summary.periods),
      g.summary.medianAbsPercentError === undefined ? '–' : percentText(g.summary.medianAbsPercentError),
    ]),
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
  };
}

/** Scored periods, newest forecast first, at most MAX_TABLE_ROWS. */
function periodTable(view: AccuracyView): Table {
  const groups = view.groups.filter((g) => g.scored.length > 0);
  const several = groups.length > 1;
  const rows = groups
    .flatMap((g) => g.scored.map((s) => ({ g, s })))
    .sort((a, b) => b.s.runId - a.s.runId || a.s.step - b.s.step);
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const f = (g: AccuracyGroupView) => (x: number) => formatValue(x, g.unit);
  const unit = !several && groups[0].unit === 'currency' && view.currency ? ` (${view.currency})` : '';
  return {
    title: `Forecast against actual${unit}${rows.length > shown.length ? `: the newest ${shown.length} of ${rows.length} periods` : ''}`,
    columns: [...(several ? ['Series'] : []), 'Forecast on', 'Period starting', 'Ahead', 'Forecast', 'Actual', 'Error', '80 % range', '95 % range', 'Actual was'],
    rows: shown.map(({ g, s }) => [
      ...(several ? [seriesName(g)] : []),
      postedText(s.madeAt, view.timeZone, false),
      s.periodStart,
      s.step,
      f(g)(s.forecast.value),
      f(g)(s.actual),
      s.absPercentError === undefined ? f(g)(s.error) : `${s.error >= 0 ? '+' : '-'}${percentText(s.absPercentError)}`,
      `${f(g)(s.forecast.lower80)} – ${f(g)(s.forecast.upper80)}`,
      `${f(g)(s.forecast.lower95)} – ${f(g)(s.forecast.upper95)}`,
      where(s.position),
    ]),
    align: [...(several ? (['left'] as const) : []), 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  };
}

export function accuracyTables(view: AccuracyView): Table[] {
  const several = view.groups.filter((g) => g.scored.length > 0).length > 1;
  return [...(several ? [seriesTable(view)] : []), periodTable(view)];
}

/** Chart input for one series: the actuals and every stored forecast's point and ranges at its periods. */
export function accuracyChartInput(group: AccuracyGroupView, currency: string | undefined): ForecastAccuracyChartInput {
  const actuals = new Map(group.scored.map((s) => [s.periodStart, s.actual]));
  return {
    title: `${seriesName(group)}: stored forecasts against what happened`,
    metric: group.label,
    unit: group.unit,
    currency,
    granularity: group.granularity,
    actual: [...actuals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, value]) => ({ date, value })),
    forecasts: group.scored.map((s) => ({ date: s.periodStart, ...s.forecast, inside80: s.inside80, inside95: s.inside95 })),
  };
}

export function accuracyReply(view: AccuracyView, chart?: { path: string; group: AccuracyGroupView }): Reply {
  return {
    text: accuracyText(view),
    tables: accuracyTables(view),
    ...(chart
      ? {
          charts: [
            {
              title: `${seriesName(chart.group)}: forecasts against actuals`,
              path: chart.path,
              altText: `Chart of ${chart.group.label.toLowerCase()} per ${PERIOD_WORD[chart.group.granularity]} with each stored forecast's 80 % and 95 % ranges at the periods it forecast: ${chart.group.summary.inside80} of ${chart.group.summary.periods} actuals inside the 80 % range.`,
            },
          ],
        }
      : {}),
  };
}
