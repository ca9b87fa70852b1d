/**
 * What is wrong with a series before forecasting it, in words a user can act on. Missing values
 * are null, undefined, NaN or ±Infinity. `forecast` uses the same checks to pick a fallback.
 */
export type SeriesProblemCode =
  | 'empty'
  | 'all-missing'
  | 'too-short'
  | 'all-zero'
  | 'constant'
  | 'missing-values'
  | 'negative-values'
  | 'season-too-short';

/** error: no forecast is possible; fallback: a simple model is used; warning: forecast goes on. */
export type ProblemSeverity = 'error' | 'fallback' | 'warning';

export interface SeriesProblem {
  code: SeriesProblemCode;
  severity: ProblemSeverity;
  message: string;
}

export type RawValue = number | null | undefined;

/** Fewer observed points than this and only a naive forecast is made. */
export const MIN_MODEL_LENGTH = 8;

export function isMissing(value: RawValue): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

export function classifySeries(values: readonly RawValue[], options: { period?: number; nonNegative?: boolean } = {}): SeriesProblem[] {
  if (values.length === 0) return [{ code: 'empty', severity: 'error', message: 'The series is empty: there is nothing to forecast from.' }];
  const observed = values.filter((v): v is number => !isMissing(v));
  if (observed.length === 0) return [{ code: 'all-missing', severity: 'error', message: 'Every value of the series is missing.' }];
  const problems: SeriesProblem[] = [];
  const missing = values.length - observed.length;
  if (missing > 0) {
    problems.push({ code: 'missing-values', severity: 'warning', message: `${missing} of ${values.length} values are missing; gaps are filled by straight lines between their neighbours.` });
  }
  if (observed.length < MIN_MODEL_LENGTH) {
    problems.push({ code: 'too-short', severity: 'fallback', message: `Only ${observed.length} observed values: at least ${MIN_MODEL_LENGTH} are needed to fit a model, so the last value is carried forward.` });
  }
  if (observed.every((v) => v === 0)) {
    problems.push({ code: 'all-zero', severity: 'fallback', message: 'Every observed value is zero, so the forecast is zero.' });
  } else if (observed.length > 1 && observed.every((v) => v === observed[0])) {
    problems.push({ code: 'constant', severity: 'fallback', message: `Every observed value is ${observed[0]}, so the forecast repeats it.` });
  }
  if (observed.some((v) => v < 0)) {
    const note = options.nonNegative ? ' although the data was declared non-negative; forecasts are clamped at 0' : '';
    problems.push({ code: 'negative-values', severity: 'warning', message: `Some values are negative${note}; multiplicative models are not used.` });
  }
  const period = options.period ?? 1;
  if (period > 1 && observed.length < 2 * period) {
    problems.push({ code: 'season-too-short', severity: 'warning', message: `Fewer than two full seasons (${2 * period} points) of history: seasonality is not modelled.` });
  }
  return problems;
}

/**
 * The series made gap-free: leading missing values dropped, interior gaps interpolated linearly,
 * trailing missing values filled with the last observation (so that the forecast still starts
 * right after the last position of the input).
 */
export function fillGaps(values: readonly RawValue[]): Float64Array {
  const first = values.findIndex((v) => !isMissing(v));
  if (first < 0) return new Float64Array(0);
  const out = new Float64Array(values.length - first);
  let previous = first;
  out[0] = values[first] as number;
  for (let t = first + 1; t < values.length; t++) {
    const value = values[t];
    if (isMissing(value)) continue;
    const gap = t - previous;
    for (let k = 1; k < gap; k++) out[previous - first + k] = out[previous - first] + ((value - out[previous - first]) * k) / gap;
    out[t - first] = value;
    previous = t;
  }
  for (let t = previous + 1; t < values.length; t++) out[t - first] = out[previous - first];
  return out;
}
