/**
 * Derivative-free minimisation by the Nelder–Mead simplex method, with box bounds enforced by
 * projecting every trial point onto the box (clamping). Clamping keeps the simplex inside the
 * feasible region, which is all the smoothing-parameter fits need: their objectives are smooth and
 * their optima are often on a bound (alpha = 1), which clamping reaches exactly.
 *
 * Coefficients are the standard ones: reflection 1, expansion 2, contraction 0.5, shrink 0.5.
 */
export interface Bounds {
  lower: readonly number[];
  upper: readonly number[];
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the spread of objective values across the simplex falls below this. */
  tolerance?: number;
  /** Size of the initial simplex, as a fraction of each parameter's range. */
  initialStep?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  iterations: number;
}

export function clampToBounds(point: number[], bounds: Bounds): number[] {
  return point.map((x, i) => Math.min(bounds.upper[i], Math.max(bounds.lower[i], x)));
}

function moveTowards(from: number[], to: number[], factor: number, bounds: Bounds): number[] {
  return clampToBounds(from.map((x, i) => x + factor * (to[i] - x)), bounds);
}

function centroidExcludingLast(simplex: number[][]): number[] {
  const dims = simplex[0].length;
  const centre = new Array<number>(dims).fill(0);
  for (let v = 0; v < simplex.length - 1; v++) {
    for (let d = 0; d < dims; d++) centre[d] += simplex[v][d] / (simplex.length - 1);
  }
  return centre;
}

function initialSimplex(start: number[], bounds: Bounds, step: number): number[][] {
  const simplex = [start];
  for (let d = 0; d < start.length; d++) {
    const range = bounds.upper[d] - bounds.lower[d];
    const vertex = start.slice();
    // Step away from the nearer bound so that the vertex stays distinct after clamping.
    const up = start[d] + step * range <= bounds.upper[d];
    vertex[d] = start[d] + (up ? 1 : -1) * step * range;
    simplex.push(clampToBounds(vertex, bounds));
  }
  return simplex;
}

export function nelderMead(
  objective: (point: number[]) => number,
  start: number[],
  bounds: Bounds,
  options: NelderMeadOptions = {},
): Minimum {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-8;
  const evaluate = (p: number[]): number => {
    const v = objective(p);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const simplex = initialSimplex(clampToBounds(start, bounds), bounds, options.initialStep ?? 0.1);
  const values = simplex.map(evaluate);
  const sortSimplex = (): void => {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const points = order.map((i) => simplex[i]);
    const sorted = order.map((i) => values[i]);
    points.forEach((p, i) => { simplex[i] = p; values[i] = sorted[i]; });
  };

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    sortSimplex();
    const worst = simplex.length - 1;
    if (Math.abs(values[worst] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centre = centroidExcludingLast(simplex);
    const reflected = moveTowards(centre, simplex[worst], -1, bounds);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]) {
      const expanded = moveTowards(centre, simplex[worst], -2, bounds);
      const expandedValue = evaluate(expanded);
      const takeExpanded = expandedValue < reflectedValue;
      simplex[worst] = takeExpanded ? expanded : reflected;
      values[worst] = takeExpanded ? expandedValue : reflectedValue;
    } else if (reflectedValue < values[worst - 1]) {
      simplex[worst] = reflected;
      values[worst] = reflectedValue;
    } else {
      const contracted = moveTowards(centre, simplex[worst], 0.5, bounds);
      const contractedValue = evaluate(contracted);
      if (contractedValue < values[worst]) {
        simplex[worst] = contracted;
        values[worst] = contractedValue;
      } else {
        for (let v = 1; v < simplex.length; v++) {
          simplex[v] = moveTowards(simplex[0], simplex[v], 0.5, bounds);
          values[v] = evaluate(simplex[v]);
        }
      }
    }
  }
  sortSimplex();
  return { point: simplex[0], value: values[0], iterations };
}
