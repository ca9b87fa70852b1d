/**
 * Derivative-free minimisation by the Nelder–Mead simplex method (Nelder & Mead 1965), shared by
 * every model in src/ml: smoothing parameters (forecast), adstock/saturation hyper-parameters (mmm)
 * and the customer-lifetime models (clv, which minimise over log-parameters).
 *
 * Pure and deterministic: no randomness; the result depends only on the objective, the start and
 * the options.
 *
 * Algorithm, with the textbook coefficients (reflection 1, expansion 2, contraction ½, shrink ½):
 * each iteration sorts the n + 1 vertices by value, stops when the spread of values is below
 * `tolerance` (relative, see below), and otherwise replaces the worst vertex x_w by a point on the
 * line through it and the centroid c of the others, x(t) = c + t·(x_w − c):
 * reflection t = −1; if that is the best point yet, expansion t = −2 (the better of the two is kept);
 * if the reflection is no better than the second-worst vertex, a contraction (see `contraction`); if
 * the contraction fails too, every vertex is moved halfway towards the best one (shrink).
 *
 * Bounds: every trial point is projected onto the box [lower, upper] (clamped). That keeps the
 * simplex feasible and reaches optima that lie on a bound exactly (e.g. a smoothing weight of 1).
 *
 * Objective values that are not finite (NaN, ±∞) are treated as Number.MAX_VALUE: worse than any
 * finite value, so the simplex walks away from them.
 *
 * Callers: the forecast engine's smoothing fits use contraction 'inside-only' with an iteration
 * budget; the MMM block search uses the standard contraction on its unit box with an evaluation
 * budget. Both give the same figures as the private copies this module replaced (the M4 bench
 * forecasts are bit-identical).
 */
export interface Bounds {
  lower: readonly number[];
  upper: readonly number[];
}

export interface NelderMeadOptions {
  /** Box bounds (may be ±Infinity per coordinate). Default: unbounded. */
  bounds?: Bounds;
  /**
   * Initial simplex: the start plus one vertex per coordinate, `initialStep` away along that axis
   * (towards the lower side when the upper bound is too close). For a coordinate with both bounds
   * finite the step is a fraction of its range (upper − lower); otherwise it is in the coordinate's
   * own units. One number for every coordinate or one per coordinate. Default 0.1.
   */
  initialStep?: number | readonly number[];
  /** Default 200 × the number of parameters. */
  maxIterations?: number;
  /** Budget of objective evaluations (the initial simplex included). Default: unlimited. */
  maxEvaluations?: number;
  /**
   * Stop when |f(worst) − f(best)| ≤ tolerance · (|f(best)| + tolerance): a relative spread, and an
   * absolute one near zero. Default 1e-8.
   */
  tolerance?: number;
  /**
   * Also require every vertex to be within this distance of the best one, per coordinate
   * (scipy's xatol), before stopping. Default: not checked.
   */
  pointTolerance?: number;
  /**
   * 'standard' (default; Lagarias et al. 1998): outside contraction t = −½ when the reflected
   * point beat the worst vertex (accepted if it beats the reflected point), otherwise inside
   * contraction t = ½ (accepted if it beats the worst vertex).
   * 'inside-only': always the inside contraction t = ½, accepted if it beats the worst vertex
   * (the forecast engine's smoothing fits were tuned with this variant).
   */
  contraction?: 'standard' | 'inside-only';
  /**
   * Restart from the best point with a fresh simplex up to this many times, stopping as soon as
   * a restart improves the value by less than the tolerance. Guards against the simplex collapsing
   * before the minimum (a known weakness in 3+ dimensions). Default 0. The iteration and
   * evaluation budgets are shared by all runs.
   */
  restarts?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  /** Iterations over all runs. */
  iterations: number;
  /** Objective evaluations over all runs. */
  evaluations: number;
  /** The last run stopped on the tolerance (not on a budget). */
  converged: boolean;
}

export function clampToBounds(point: readonly number[], bounds: Bounds | undefined): number[] {
  if (!bounds) return point.slice();
  return point.map((x, i) => Math.min(bounds.upper[i], Math.max(bounds.lower[i], x)));
}

function stepFor(d: number, initialStep: number | readonly number[], bounds: Bounds | undefined): number {
  const step = typeof initialStep === 'number' ? initialStep : initialStep[d];
  if (!bounds) return step;
  const range = bounds.upper[d] - bounds.lower[d];
  return Number.isFinite(range) ? step * range : step;
}

function initialSimplex(start: number[], bounds: Bounds | undefined, initialStep: number | readonly number[]): number[][] {
  const simplex = [start];
  for (let d = 0; d < start.length; d++) {
    const step = stepFor(d, initialStep, bounds);
    const vertex = start.slice();
    // Step away from the nearer bound so that the vertex stays distinct after clamping.
    const up = !bounds || start[d] + step <= bounds.upper[d];
    vertex[d] = start[d] + (up ? step : -step);
    simplex.push(clampToBounds(vertex, bounds));
  }
  return simplex;
}

/** Mean of every vertex but the last (the worst), summed as Σ x_v / n: keep that order, the forecast figures depend on it to the last bit. */
function centroidExcludingLast(simplex: number[][]): number[] {
  const dims = simplex[0].length;
  const count = simplex.length - 1;
  const sum = new Array<number>(dims).fill(0);
  for (let v = 0; v < count; v++) {
    for (let d = 0; d < dims; d++) sum[d] += simplex[v][d] / count;
  }
  return sum;
}

interface Budget {
  iterations: number;
  evaluations: number;
}

/** One Nelder–Mead run; `used` accumulates the iterations and evaluations spent. */
function run(
  evaluate: (p: number[]) => number,
  start: number[],
  options: NelderMeadOptions,
  limits: Budget,
  used: Budget,
): { point: number[]; value: number; converged: boolean } {
  const { bounds } = options;
  const tolerance = options.tolerance ?? 1e-8;
  const insideOnly = options.contraction === 'inside-only';
  const simplex = initialSimplex(clampToBounds(start, bounds), bounds, options.initialStep ?? 0.1);
  const values = simplex.map(evaluate);
  const sortSimplex = (): void => {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const points = order.map((i) => simplex[i]);
    const sorted = order.map((i) => values[i]);
    points.forEach((p, i) => {
      simplex[i] = p;
      values[i] = sorted[i];
    });
  };
  const pointsClose = (): boolean => {
    if (options.pointTolerance === undefined) return true;
    for (let v = 1; v < simplex.length; v++) {
      for (let d = 0; d < simplex[0].length; d++) {
        if (Math.abs(simplex[v][d] - simplex[0][d]) > options.pointTolerance) return false;
      }
    }
    return true;
  };

  let converged = false;
  while (used.iterations < limits.iterations && used.evaluations < limits.evaluations) {
    sortSimplex();
    const worst = simplex.length - 1;
    if (Math.abs(values[worst] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance) && pointsClose()) {
      converged = true;
      break;
    }
    const centre = centroidExcludingLast(simplex);
    const along = (t: number): number[] => clampToBounds(centre.map((c, k) => c + t * (simplex[worst][k] - c)), bounds);
    const reflected = along(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]) {
      const expanded = along(-2);
      const expandedValue = evaluate(expanded);
      const takeExpanded = expandedValue < reflectedValue;
      simplex[worst] = takeExpanded ? expanded : reflected;
      values[worst] = takeExpanded ? expandedValue : reflectedValue;
    } else if (reflectedValue < values[worst - 1]) {
      simplex[worst] = reflected;
      values[worst] = reflectedValue;
    } else {
      const outside = !insideOnly && reflectedValue < values[worst];
      const contracted = along(outside ? -0.5 : 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < (outside ? reflectedValue : values[worst])) {
        simplex[worst] = contracted;
        values[worst] = contractedValue;
      } else {
        for (let v = 1; v < simplex.length; v++) {
          simplex[v] = clampToBounds(simplex[v].map((x, k) => simplex[0][k] + 0.5 * (x - simplex[0][k])), bounds);
          values[v] = evaluate(simplex[v]);
        }
      }
    }
    used.iterations++;
  }
  sortSimplex();
  return { point: simplex[0], value: values[0], converged };
}

/**
 * Minimises `objective` from `start`. Returns the best vertex found, its value, the work done and
 * whether the stopping rule (rather than a budget) ended the last run.
 */
export function nelderMead(objective: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  if (start.length === 0) throw new RangeError('nelderMead needs at least one parameter.');
  const used: Budget = { iterations: 0, evaluations: 0 };
  const limits: Budget = {
    iterations: options.maxIterations ?? 200 * start.length,
    evaluations: options.maxEvaluations ?? Infinity,
  };
  const evaluate = (p: number[]): number => {
    used.evaluations++;
    const v = objective(p);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const tolerance = options.tolerance ?? 1e-8;
  let best = run(evaluate, start.slice(), options, limits, used);
  for (let restart = 0; restart < (options.restarts ?? 0); restart++) {
    if (used.iterations >= limits.iterations || used.evaluations >= limits.evaluations) break;
    const next = run(evaluate, best.point, options, limits, used);
    const improved = best.value - next.value > tolerance * (Math.abs(best.value) + tolerance);
    if (next.value <= best.value) best = next;
    else best = { ...best, converged: next.converged };
    if (!improved) break;
  }
  return { point: best.point, value: best.value, iterations: used.iterations, evaluations: used.evaluations, converged: best.converged };
}
