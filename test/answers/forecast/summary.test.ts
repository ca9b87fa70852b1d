import { describe, expect, it } from 'vitest';
import { metricNames, resolveMetric } from '../../../src/answers/forecast/metrics.ts';
import { compareWithHistory } from '../../../src/answers/forecast/context.ts';
import { describeModel, formatChange, formatValue, horizonTotal, percentChange } from '../../../src/answers/forecast/summary.ts';

describe('resolveMetric', () => {
  const kpis = ['conversions', 'revenue'];
  it('prefers order metrics, reaching a KPI of the same name with kpi:', () => {
    expect(resolveMetric('Sales', kpis)).toEqual({ source: 'orders', name: 'revenue' });
    expect(resolveMetric('revenue', kpis)).toEqual({ source: 'orders', name: 'revenue' });
    expect(resolveMetric('kpi:revenue', kpis)).toEqual({ source: 'kpi', name: 'revenue' });
    expect(resolveMetric('CONVERSIONS', kpis)).toEqual({ source: 'kpi', name: 'conversions' });
    expect(resolveMetric('new-customers', kpis)).toEqual({ source: 'orders', name: 'new_customers' });
    expect(resolveMetric('profit', kpis)).toBeUndefined();
    expect(resolveMetric('kpi:orders', kpis)).toBeUndefined();
  });

  it('lists every name a person can type', () => {
    expect(metricNames(['conversions', 'revenue'])).toEqual(['revenue', 'orders', 'customers', 'new_customers', 'aov', 'conversions', 'kpi:revenue']);
  });
});

describe('summary figures', () => {
  const result = { point: [10, 20], lower80: [8, 15], upper80: [12, 25] };

  it('sums additive metrics and averages the others', () => {
    expect(horizonTotal(result, true)).toEqual({ kind: 'sum', total: 30, lower80: 23, upper80: 37 });
    expect(horizonTotal(result, false)).toEqual({ kind: 'mean', total: 15, lower80: 11.5, upper80: 18.5 });
  });

  it('compares with the previous periods and with last year only when the history covers them', () => {
    const history = [1, 2, 3, 4, 5, 6, 7, 8];
    const values = (c: ReturnType<typeof compareWithHistory>) => ({ previous: c.previous?.value, lastYear: c.lastYear?.value });
    expect(values(compareWithHistory(history, 2, 4, true))).toEqual({ previous: 15, lastYear: 11 });
    expect(compareWithHistory(history, 2, 4, true).lastYear).toEqual({ first: 4, steps: 2, value: 11 });
    expect(values(compareWithHistory(history, 2, 8, true))).toEqual({ previous: 15, lastYear: 3 });
    expect(values(compareWithHistory(history, 2, 9, true))).toEqual({ previous: 15, lastYear: undefined });
    expect(compareWithHistory(history, 3, 2, true).lastYear).toBeUndefined();
    expect(compareWithHistory([1, null, 3], 2, 52, true).previous).toBeUndefined();
    expect(values(compareWithHistory(history, 2, 4, false))).toEqual({ previous: 7.5, lastYear: 5.5 });
    // A calendar target two periods after the data: last year's window moves with it, and may not reach into the forecast.
    expect(compareWithHistory(history, 2, 6, true, 2).lastYear).toEqual({ first: 4, steps: 2, value: 11 });
    expect(compareWithHistory(history, 2, 3, true, 2).lastYear).toBeUndefined();
  });

  it('names the leading members of a weighted combination', () => {
    const members = [
      { model: 'Theta', weight: 0.5 },
      { model: 'Seasonal naive', weight: 0.3 },
      { model: 'Holt (damped trend)', weight: 0.15 },
      { model: 'Naive (last value)', weight: 0.05 },
    ];
    expect(describeModel({ model: 'Weighted combination of 4 models', members, backtestMase: 1, backtestMape: 5 })).toMatch(
      /^Model: \*Weighted combination of 4 models\* \(mostly Theta 50 %, Seasonal naive 30 % and Holt \(damped trend\) 15 %\), chosen by backtest;/,
    );
    expect(describeModel({ model: 'Theta', members: [{ model: 'Theta', weight: 1 }], backtestMase: 1 })).toMatch(/^Model: \*Theta\*, chosen/);
  });

  it('writes money with the configured currency and counts without', () => {
    expect(formatValue(967_727.4, 'currency', 'GBP')).toBe('£967,727');
    expect(formatValue(-1_250, 'currency', 'CHF')).toBe('-CHF 1,250');
    expect(formatValue(967_727.4, 'currency')).toBe('967,727');
    expect(formatValue(42.25, 'count', 'GBP')).toBe('42.3');
  });

  it('words changes without dividing by zero', () => {
    expect(formatChange(percentChange(110, 100))).toBe('+10.0 %');
    expect(formatChange(percentChange(90, 100))).toBe('-10.0 %');
    expect(percentChange(5, 0)).toBeUndefined();
  });

  it('describes the model, its backtest error, and a fallback', () => {
    expect(describeModel({ model: 'Theta', backtestMase: 0.8, backtestMape: 6.2 })).toContain('typically within ±6.2 %');
    expect(describeModel({ model: 'Theta', backtestMase: 0.8, backtestMape: 12.4 })).toContain('±12 %');
    expect(describeModel({ model: 'Theta', backtestMase: 0.8 })).toContain('MASE 0.80');
    expect(describeModel({ model: 'Theta', backtestMase: 1.3, naiveBacktestMase: 2 })).toContain('with errors 35 % smaller than repeating the last value');
    expect(describeModel({ model: 'Theta', backtestMase: 2.2, naiveBacktestMase: 2 })).toContain('with errors 10 % larger than repeating the last value');
    expect(describeModel({ model: 'Theta', backtestMase: 1.98, naiveBacktestMase: 2 })).toContain('about as close as repeating the last value');
    expect(describeModel({ model: 'Constant (no variation)', fallback: 'every value is the same' })).toBe(
      'Fallback used: *Constant (no variation)*, because every value is the same; treat it as a rough guide.',
    );
  });
});
