import { forecastFromOrigins, type FittedModel, type ModelSpec } from './types.ts';

/** Sample autocorrelation at `lag`: Σ (y_t − ȳ)(y_{t+lag} − ȳ) / Σ (y_t − ȳ)². */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t] / n;
  let denominator = 0;
  for (let t = 0; t < n; t++) denominator += (values[t] - mean) ** 2;
  if (denominator === 0 || lag >= n) return 0;
  let numerator = 0;
  for (let t = 0; t + lag < n; t++) numerator += (values[t] - mean) * (values[t + lag] - mean);
  return numerator / denominator;
}

/**
 * The seasonality test of the M4 benchmarks (90 % one-sided), applied to the first differences:
 * seasonal when there are at least two full seasons and |acf_m| > 1.645·sqrt((1 + 2·Σ_{i<m} acf_i²) / n'),
 * the bound being Bartlett's standard error of acf_m under the hypothesis that autocorrelations beyond
 * lag m−1 are zero. On the levels of a wandering or trending series every low-lag acf is near 1, which
 * inflates that bound until only the strongest seasons pass; differencing removes the persistence first.
 */
export function hasSignificantSeasonality(values: ArrayLike<number>, period: number): boolean {
  const n = values.length;
  if (period < 2 || n < 2 * period) return false;
  const changes = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) changes[t - 1] = values[t] - values[t - 1];
  let sumSquares = 0;
  for (let lag = 1; lag < period; lag++) sumSquares += autocorrelation(changes, lag) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sumSquares) / changes.length);
  return Math.abs(autocorrelation(changes, period)) > limit;
}

/**
 * Classical decomposition seasonal indices over values[0..end): a centred moving average of order
 * m (2×m when m is even) estimates the trend-cycle; the ratios y/trend (multiplicative) or
 * differences y − trend (additive) are averaged per season slot t mod m and normalised to mean 1
 * (or 0). Index i applies to every t with t mod m = i.
 */
export function seasonalIndices(values: ArrayLike<number>, end: number, period: number, kind: 'multiplicative' | 'additive'): Float64Array {
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = half; t < end - half; t++) {
    let trend = 0;
    for (let j = -half; j <= half; j++) {
      const weight = even && Math.abs(j) === half ? 0.5 : 1;
      trend += weight * values[t + j];
    }
    trend /= period;
    sums[t % period] += kind === 'multiplicative' ? values[t] / trend : values[t] - trend;
    counts[t % period] += 1;
  }
  const indices = new Float64Array(period);
  let total = 0;
  for (let i = 0; i < period; i++) {
    indices[i] = counts[i] > 0 ? sums[i] / counts[i] : kind === 'multiplicative' ? 1 : 0;
    total += indices[i];
  }
  const centre = total / period;
  for (let i = 0; i < period; i++) indices[i] = kind === 'multiplicative' ? indices[i] / centre : indices[i] - centre;
  return indices;
}

/**
 * Runs `inner` on the seasonally adjusted series and puts the season back on its forecasts, as the
 * M4 benchmarks do. Indices are estimated on the training prefix only, so backtests do not peek.
 */
export function deseasonalised(inner: ModelSpec, period: number, kind: 'multiplicative' | 'additive'): ModelSpec {
  const adjust = (values: Float64Array, end: number, indices: Float64Array): Float64Array => {
    const out = new Float64Array(end);
    for (let t = 0; t < end; t++) {
      out[t] = kind === 'multiplicative' ? values[t] / indices[t % period] : values[t] - indices[t % period];
    }
    return out;
  };
  return {
    name: `${inner.name}, seasonally adjusted`,
    fit(train): FittedModel {
      const indices = seasonalIndices(train, train.length, period, kind);
      const fitted = inner.fit(adjust(train, train.length, indices));
      const reseason = (forecast: Float64Array, end: number): Float64Array => {
        for (let h = 0; h < forecast.length; h++) {
          const index = indices[(end + h) % period];
          forecast[h] = kind === 'multiplicative' ? forecast[h] * index : forecast[h] + index;
        }
        return forecast;
      };
      return {
        forecastFrom(values, end, horizon) {
          return reseason(fitted.forecastFrom(adjust(values, end, indices), end, horizon), end);
        },
        forecastFromEach(values, origins, horizon) {
          const adjusted = adjust(values, origins[origins.length - 1], indices);
          return forecastFromOrigins(fitted, adjusted, origins, horizon).map((forecast, k) => reseason(forecast, origins[k]));
        },
      };
    },
  };
}
