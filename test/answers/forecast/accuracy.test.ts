import { describe, expect, it } from 'vitest';
import { chanceRange, groupRuns, nextScoreable, scorePoint, scoreRuns, summarize } from '../../../src/answers/forecast/accuracy.ts';
import { previousForecastLine } from '../../../src/answers/forecast/accuracy-reply.ts';
import type { ForecastRun, StoredForecastPoint } from '../../../src/repos/forecast-runs.ts';

const point = (periodStart: string, value: number): StoredForecastPoint => ({ periodStart, value, lower80: value - 10, upper80: value + 10, lower95: value - 20, upper95: value + 20 });

function run(id: number, dataEnd: number, points: StoredForecastPoint[], extra: Partial<ForecastRun> = {}): ForecastRun {
  return { id, jobRunId: `j${id}`, channelId: 'C1', scheduleId: null, metric: 'revenue', grain: 'week', country: null, dataEnd, points, createdAt: Date.parse('2024-07-29T09:00:00Z') + id, ...extra };
}

const series = { periods: ['2024-07-22', '2024-07-29', '2024-08-05'], values: [100, 105, null] };

describe('scoring stored forecasts', () => {
  it('places an actual against the 80 % and 95 % ranges, bounds included', () => {
    const p = point('2024-07-29', 100);
    expect(scorePoint(p, 110)).toMatchObject({ error: 10, inside80: true, inside95: true, position: 'inside 80', absPercentError: (10 / 110) * 100 });
    expect(scorePoint(p, 115)).toMatchObject({ inside80: false, inside95: true, position: 'above 80' });
    expect(scorePoint(p, 80)).toMatchObject({ inside80: false, inside95: true, position: 'below 80' });
    expect(scorePoint(p, 121)).toMatchObject({ inside95: false, position: 'above 95' });
    expect(scorePoint(p, 79)).toMatchObject({ inside95: false, position: 'below 95' });
    // A zero actual has no percentage error.
    expect(scorePoint(p, 0).absPercentError).toBeUndefined();
  });

  it('scores only periods the series covers with a value, and each period of one data vintage once (the newest forecast)', () => {
    const older = run(1, 1, [point('2024-07-22', 90), point('2024-07-29', 90)]);
    const sameData = [run(2, 2, [point('2024-07-29', 100), point('2024-08-05', 100)]), run(3, 2, [point('2024-07-29', 104), point('2024-08-05', 104)])];
    const { scored, repeats } = scoreRuns([older, ...sameData], series);
    expect(repeats).toBe(1);
    expect(scored.map((s) => [s.runId, s.periodStart, s.step, s.actual])).toEqual([
      [1, '2024-07-22', 1, 100],
      [1, '2024-07-29', 2, 105],
      [3, '2024-07-29', 1, 105],
    ]);
    const summary = summarize(scored);
    // 100 against 90 ± 10 sits on the 80 % bound (inside); 105 against 90 is above it, inside 90 ± 20; 105 against 104 is inside.
    expect(summary).toMatchObject({ periods: 3, forecasts: 2, inside80: 2, inside95: 3, above80: 1, below80: 0 });
    // |100−90|/100, |105−90|/105, |105−104|/105 → the middle one.
    expect(summary.medianAbsPercentError).toBeCloseTo(1000 / 100, 10);
  });

  it('names the earliest stored period beyond the data as the next to score', () => {
    const runs = [run(1, 1, [point('2024-08-12', 1)]), run(2, 1, [point('2024-07-29', 1), point('2024-08-05', 1)])];
    const next = nextScoreable(runs, 'week', series);
    expect(next).toMatchObject({ periodStart: '2024-08-12', periodEndMs: Date.parse('2024-08-19T00:00:00Z') });
    expect(next!.run.id).toBe(1);
    expect(nextScoreable([run(3, 1, [point('2024-07-29', 1)])], 'week', series)).toBeUndefined();
  });

  it('groups runs per metric, grain and country, the whole business first', () => {
    const groups = groupRuns([run(1, 1, [], { country: 'Germany' }), run(2, 1, [], { grain: 'day' }), run(3, 1, []), run(4, 1, [], { metric: 'orders' })]);
    expect(groups.map((g) => [g.metric, g.grain, g.country, g.runs.map((r) => r.id)])).toEqual([
      ['orders', 'week', null, [4]],
      ['revenue', 'day', null, [2]],
      ['revenue', 'week', null, [3]],
      ['revenue', 'week', 'Germany', [1]],
    ]);
  });

  it('gives the counts a well-judged range lands between by chance, against the binomial distribution summed directly', () => {
    const cdf = (n: number, p: number, k: number) => {
      let total = 0;
      for (let i = 0; i <= k; i++) {
        let choose = 1;
        for (let j = 0; j < i; j++) choose = (choose * (n - j)) / (j + 1);
        total += choose * p ** i * (1 - p) ** (n - i);
      }
      return total;
    };
    for (const [n, p] of [[10, 0.8], [30, 0.95], [45, 0.8], [3, 0.8]] as const) {
      const { low, high } = chanceRange(n, p);
      // low: the largest count with at most 5 % below it; high: the smallest with at most 5 % above it.
      expect(low === 0 || cdf(n, p, low - 1) <= 0.05).toBe(true);
      expect(cdf(n, p, low) > 0.05).toBe(true);
      expect(high === n || 1 - cdf(n, p, high) <= 0.05 + 1e-12).toBe(true);
      expect(1 - cdf(n, p, high - 1) > 0.05).toBe(true);
    }
  });

  it('words the previous forecast inside, between and outside its ranges', () => {
    const p: StoredForecastPoint = { periodStart: '2024-07-29', value: 118_000, lower80: 108_000, upper80: 129_000, lower95: 102_000, upper95: 135_000 };
    const line = (actual: number) => previousForecastLine({ runId: 1, madeAt: Date.parse('2024-07-29T09:00:00Z'), dataEnd: 0, periodStart: '2024-07-29', step: 1, forecast: p, ...scorePoint(p, actual) }, 'week', 'currency', 'GBP', 'Europe/Berlin');
    expect(line(121_000)).toBe(
      '_How the last forecast here did:_ the forecast posted Monday 29 Jul 2024 said *£118,000* (80 % range £108,000 – £129,000) for the week of 29 Jul 2024; it was *£121,000* (2.5 % above the forecast), inside the 80 % range.',
    );
    expect(line(105_000)).toContain('(12 % below the forecast), below the 80 % range but inside the 95 % range (£102,000 – £135,000).');
    expect(line(140_000)).toContain(':warning: above even the 95 % range');
  });
});
