import { describe, expect, it } from 'vitest';
import { forecastCommand } from '../../../commands/forecast.ts';
import { parseArgs } from '../../../src/core/args.ts';
import { validateArgs } from '../../../src/core/command.ts';
import { UsageError } from '../../../src/errors.ts';

const args = (line: string) => validateArgs(forecastCommand, parseArgs(line));

describe('forecast command arguments', () => {
  it('defaults to 8 weeks, weekly, and revenue when the metric is left out', () => {
    expect(args('')).toMatchObject({ metricWord: undefined, horizon: { kind: 'duration', unit: 'week', count: 8 }, granularity: 'week', granularityGiven: false });
    expect(args('8w')).toMatchObject({ metricWord: undefined, horizon: { count: 8 } });
    expect(args('next quarter')).toMatchObject({ metricWord: undefined, horizon: { kind: 'quarters', count: 1 } });
    // What the plain-language slot parser writes for "next quarter" means the same.
    expect(args('revenue 1q')).toMatchObject({ metricWord: 'revenue', horizon: { kind: 'quarters', count: 1 } });
    expect(args('Q1')).toMatchObject({ metricWord: undefined, horizon: { kind: 'quarter', quarter: 1 } });
  });

  it('reads the metric, a horizon of several words, by= and country=', () => {
    expect(args('orders 13 weeks country=France')).toMatchObject({ metricWord: 'orders', horizon: { unit: 'week', count: 13 }, country: 'France' });
    expect(args('revenue 14d')).toMatchObject({ granularity: 'day', granularityGiven: false });
    expect(args('revenue 14d by=Week')).toMatchObject({ granularity: 'week', granularityGiven: true });
    // A KPI named like a unit ('y' in PyMC-Marketing files) is still a metric in first position.
    expect(args('y 8w')).toMatchObject({ metricWord: 'y' });
  });

  it('rejects bad horizons, granularities, options and over-long horizons with the usage', () => {
    expect(() => args('revenue soon')).toThrow(UsageError);
    expect(() => args('revenue soon')).toThrow(/horizon "soon".*8w, 90d, 3m, 13 weeks, fortnight, next month, next quarter, Q1/);
    expect(() => args('revenue by=hour')).toThrow(/by must be day, week or month/);
    expect(() => args('revenue 3y')).toThrow(/too long/);
    expect(() => args('revenue 800 by=day')).toThrow(/too long/);
    expect(() => args('revenue colour=red')).toThrow(/unknown option "colour"/);
  });
});
