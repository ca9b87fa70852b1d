import { describe, expect, it } from 'vitest';
import { clvCommand } from '../../commands/clv.ts';
import { metricCommand } from '../../commands/metric.ts';
import { segmentCommand } from '../../commands/segment.ts';
import { readMetricWords, resolvePeriod } from '../../src/answers/metric/request.ts';
import { parseArgs, splitCommandWord } from '../../src/core/args.ts';
import { validateArgs } from '../../src/core/command.ts';
import { loadLabelled } from '../../src/nlu/corpus.ts';

/**
 * The command lines the held-out questions should become are lines the commands accept: the real
 * argument schemas, and for `metric` the metric word and the period as the command reads them
 * (the data itself, e.g. whether by=product exists yet, is the command's to check).
 */
const lines = [...new Set(loadLabelled('data/intents/heldout-v2.jsonl').flatMap((e) => (e.expected ? [e.expected] : [])))];
const NOW = Date.UTC(2011, 11, 9, 12);
const BREAKDOWNS = ['country', 'product', 'customer', 'segment', 'channel', 'day', 'week', 'month'];

describe('expected command lines of data/intents/heldout-v2.jsonl', () => {
  it.each(lines.filter((line) => line.startsWith('metric ')))('%s is a metric request the command reads', (line) => {
    const args = validateArgs(metricCommand, parseArgs(splitCommandWord(line).rest));
    const words = readMetricWords(args.positional, [], [], NOW);
    expect(words.metric, 'metric word').toBeDefined();
    expect(resolvePeriod(words.periodText, args.by, NOW), `period "${words.periodText}"`).toMatchObject({ ok: true });
    if (args.by !== undefined) expect(BREAKDOWNS).toContain(args.by);
  });

  it.each(lines.filter((line) => line.startsWith('segment')))('%s is a segment request the command reads', (line) =>
    expect(() => validateArgs(segmentCommand, parseArgs(splitCommandWord(line).rest))).not.toThrow(),
  );

  it.each(lines.filter((line) => line.startsWith('clv')))('%s is a clv request the command reads', (line) =>
    expect(() => validateArgs(clvCommand, parseArgs(splitCommandWord(line).rest))).not.toThrow(),
  );
});
