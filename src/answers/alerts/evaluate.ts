import { changeLag, type AlertCondition, type AlertGrain } from './condition.ts';

/** The forecast's range for the checked period (anomaly alerts), from the history before it. */
export interface Band {
  point: number;
  lower: number;
  upper: number;
  level: 80 | 95;
}

/** What a check found for one period: the value, what it was held against, and whether it breaches. */
export type Evaluation =
  | { status: 'breach' | 'normal'; period: string; value: number; reference: Reference }
  | { status: 'unknown'; period: string; reason: string };

export type Reference =
  | { kind: 'threshold'; threshold: number }
  | { kind: 'change'; base: number; basePeriod: string; change: number }
  | { kind: 'anomaly'; band: Band };

/**
 * Holds the last value of `values` (the period `periods[last]`) against the condition. `band` is
 * the forecast range for that period (anomaly alerts only). Pure: the caller loads and forecasts.
 */
export function evaluate(condition: AlertCondition, grain: AlertGrain, periods: string[], values: Array<number | null>, band?: Band): Evaluation {
  const last = periods.length - 1;
  const period = periods[last];
  const value = values[last];
  if (value === null || value === undefined) return { status: 'unknown', period, reason: 'the metric is undefined for that period (no orders)' };
  switch (condition.kind) {
    case 'threshold': {
      const breached = condition.direction === 'below' ? value < condition.value : value > condition.value;
      return { status: breached ? 'breach' : 'normal', period, value, reference: { kind: 'threshold', threshold: condition.value } };
    }
    case 'change': {
      const lag = changeLag(condition.versus, grain);
      const base = values[last - lag];
      if (last - lag < 0 || base === null || base === undefined) return { status: 'unknown', period, reason: `there is no value ${lag} ${grain}${lag === 1 ? '' : 's'} earlier to compare with` };
      if (base === 0) return { status: 'unknown', period, reason: 'the value compared with is 0, so a change in % is undefined' };
      const change = ((value - base) / Math.abs(base)) * 100;
      const breached = condition.direction === 'drops' ? change < -condition.percent : change > condition.percent;
      return { status: breached ? 'breach' : 'normal', period, value, reference: { kind: 'change', base, basePeriod: periods[last - lag], change } };
    }
    case 'anomaly': {
      if (!band) return { status: 'unknown', period, reason: 'there is too little history before it to forecast from' };
      const breached = value < band.lower || value > band.upper;
      return { status: breached ? 'breach' : 'normal', period, value, reference: { kind: 'anomaly', band } };
    }
  }
}
