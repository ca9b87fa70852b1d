import { commandRegistry } from '../../commands/index.ts';
import { buildMetricPayload } from '../../commands/metric.ts';
import { parseArgs, splitCommandWord } from '../core/args.ts';
import { validateArgs } from '../core/command.ts';
import type { DataSummary } from '../repos/data-summary.ts';
import { resolveMetricWord } from '../answers/metric/catalog.ts';
import { parseCreateText } from '../scheduler/create-args.ts';
import { parseWhen } from '../scheduler/when.ts';
import { resolveCountry } from '../vocabulary/countries.ts';
import { EVAL_SLOT_CONTEXT, sameCommandLine } from './evaluate.ts';

/**
 * Whether two command lines make the commands do the same thing, judged by the commands' own
 * parsers rather than by their words: `allocate 50k` and `allocate 50000`, `country=UK` and
 * `country="United Kingdom"`, `forecast revenue next quarter` and `forecast revenue 1q`, `schedule
 * create "every monday at 9" …` and `schedule create "0 9 * * 1" …`, an option given at its default
 * value and the same line without it, `allocate 80000 EUR` and `allocate 80000` (the currency only
 * labels the answer). Held-out files written by different people use different
 * notations for the same request; this is what slot accuracy should count.
 *
 * The data is what the evaluation assumes (EVAL_SLOT_CONTEXT's countries and channels, a `revenue`
 * KPI, spend), and metric periods are resolved on one clock for both lines.
 */
export function equivalentCommandLines(a: string, b: string, now = Date.now()): boolean {
  if (sameCommandLine(a, b)) return true;
  const left = meaning(a, now);
  const right = meaning(b, now);
  return left !== undefined && right !== undefined && JSON.stringify(left) === JSON.stringify(right);
}

const COUNTRIES = EVAL_SLOT_CONTEXT.countries ?? [];
const SUMMARY: DataSummary = {
  orders: { lines: 1, customers: 1, firstOrderAt: 0, lastOrderAt: Date.UTC(2100, 0, 1), countries: COUNTRIES.map((name) => ({ name, lines: 1 })) } as unknown as DataSummary['orders'],
  spend: {} as DataSummary['spend'],
  kpis: ['revenue'],
  refreshedAt: 0,
  version: 'eval',
};
const isCommandWord = (word: string) => commandRegistry.find(word) !== undefined;

/** What a line asks its command to do, as plain data; undefined when the command refuses it. */
function meaning(line: string, now: number): unknown {
  const { word, rest } = splitCommandWord(canonicalText(line));
  const command = commandRegistry.find(word);
  if (!command) return undefined;
  try {
    if (command.name === 'metric') {
      const payload = buildMetricPayload(SUMMARY, validateArgs(command, parseArgs(rest)) as Parameters<typeof buildMetricPayload>[1], now, 'UTC');
      const { metricWord: _word, periodDefaulted: _defaulted, now: _now, ...asked } = payload;
      return { command: 'metric', ...plain(asked) as object, period: { start: payload.period.start, end: payload.period.end, kind: payload.period.kind } };
    }
    if (command.name === 'schedule' && /^create\b/i.test(rest)) {
      const request = parseCreateText(rest, isCommandWord);
      return { command: 'schedule create', cron: parseWhen(request.when).cron, timezone: request.timezone, channel: request.channel, runs: meaning(request.commandText, now) };
    }
    return { command: command.name, args: plain(validateArgs(command, parseArgs(rest))) };
  } catch {
    return undefined;
  }
}

/** The line's own words, made comparable first (`sameCommandLine`'s rules: 1y = 12m, …). */
function canonicalText(line: string): string {
  return line.replace(/(?<![\w.])(\d+)y\b/g, (_, n: string) => `${Number(n) * 12}m`);
}

/** A country or metric word as the command resolves it ("UK" → United Kingdom, "sales" → revenue). */
function resolvedWord(key: string, word: string): string {
  if (key === 'country') return resolveCountry(word, COUNTRIES) ?? word;
  if (key === 'metricWord') {
    const metric = resolveMetricWord(word, SUMMARY.kpis);
    return metric ? JSON.stringify(metric) : word;
  }
  return word;
}

/**
 * Keys that repeat the words rather than change the work: `text` (the words themselves) and an
 * allocation's `currency` (the label its amounts are written with; the split is the same).
 */
const ECHOES = new Set(['text', 'currency']);

/** Parsed arguments without what only echoes the words (`text`, whether an option was typed), countries resolved, keys in order. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key, v]) => v !== undefined && !ECHOES.has(key) && !key.endsWith('Given'))
    .map(([key, v]) => [key, typeof v === 'string' ? resolvedWord(key, v) : plain(v)] as const)
    .sort(([x], [y]) => (x < y ? -1 : 1));
  return Object.fromEntries(entries);
}
