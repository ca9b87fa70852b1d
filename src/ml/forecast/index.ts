export { forecast, type ForecastOptions } from './forecast.ts';
export type { ForecastResult, ModelScore, ModelWeight } from './result.ts';
export { classifySeries, fillGaps, MIN_MODEL_LENGTH, type SeriesProblem, type SeriesProblemCode, type ProblemSeverity, type RawValue } from './series-problems.ts';
export { hasSignificantSeasonality } from './seasonality.ts';
