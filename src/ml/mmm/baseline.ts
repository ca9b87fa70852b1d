/**
 * Baseline design: intercept, linear trend, yearly Fourier terms, then the controls.
 *
 *   trend_t = t / (n − 1)
 *   season  = sin(2π k t / P), cos(2π k t / P) for k = 1..HARMONICS, P = 52.18 weeks (365.25 / 7)
 *
 * Controls are standardised (z-scores) so their coefficients are comparable; a control that never
 * changes carries no information beyond the intercept and is left out.
 */
export const WEEKS_PER_YEAR = 52.18;
export const HARMONICS = 2;

export interface BaselineDesign {
  terms: string[];
  columns: Float64Array[];
}

export function baselineDesign(weekCount: number, controls: { name: string; values: number[] }[] = []): BaselineDesign {
  const terms: string[] = ['intercept', 'trend'];
  const columns: Float64Array[] = [
    new Float64Array(weekCount).fill(1),
    Float64Array.from({ length: weekCount }, (_, t) => t / Math.max(1, weekCount - 1)),
  ];
  for (let k = 1; k <= HARMONICS; k++) {
    const angle = (t: number) => (2 * Math.PI * k * t) / WEEKS_PER_YEAR;
    terms.push(`sin_${k}`, `cos_${k}`);
    columns.push(Float64Array.from({ length: weekCount }, (_, t) => Math.sin(angle(t))));
    columns.push(Float64Array.from({ length: weekCount }, (_, t) => Math.cos(angle(t))));
  }
  for (const control of controls) {
    const standardised = standardise(control.values);
    if (!standardised) continue;
    terms.push(control.name);
    columns.push(standardised);
  }
  return { terms, columns };
}

function standardise(values: number[]): Float64Array | undefined {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return undefined;
  return Float64Array.from(values, (v) => (v - mean) / sd);
}
