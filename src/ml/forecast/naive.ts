import type { ModelSpec } from './types.ts';

/** Naive: every future value equals the last observed one. */
export const naive: ModelSpec = {
  name: 'Naive (last value)',
  fit: () => ({
    forecastFrom(values, end, horizon) {
      return new Float64Array(horizon).fill(values[end - 1]);
    },
  }),
};

/** Seasonal naive: each future value repeats the value one season earlier. */
export function seasonalNaive(period: number): ModelSpec {
  return {
    name: 'Seasonal naive',
    fit: () => ({
      forecastFrom(values, end, horizon) {
        const out = new Float64Array(horizon);
        for (let h = 0; h < horizon; h++) out[h] = values[end - period + (h % period)];
        return out;
      },
    }),
  };
}

/**
 * Random walk with drift: the last value plus h times the average change over the last `window`
 * points, (y_end − y_{end−window}) / window.
 */
export function drift(window: number): ModelSpec {
  return {
    name: 'Naive with drift',
    fit: () => ({
      forecastFrom(values, end, horizon) {
        const from = Math.max(0, end - 1 - window);
        const slope = end - 1 > from ? (values[end - 1] - values[from]) / (end - 1 - from) : 0;
        return Float64Array.from({ length: horizon }, (_, h) => values[end - 1] + slope * (h + 1));
      },
    }),
  };
}
