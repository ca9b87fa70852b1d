/**
 * Nelder–Mead simplex minimisation on the unit box [0, 1]^d (points are clamped into the box), with the
 * textbook coefficients: reflection 1, expansion 2, contraction ½, shrink ½.
 * Deterministic: the initial simplex is the start plus `step` along each axis (minus where that leaves the box).
 */
export interface NelderMeadOptions {
  step: number;
  maxEvaluations: number;
  /** Stop when the spread of the simplex's values falls below this. */
  tolerance?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(f: (point: number[]) => number, start: number[], options: NelderMeadOptions): Minimum {
  const dimension = start.length;
  const tolerance = options.tolerance ?? 1e-10;
  let evaluations = 0;
  const evaluate = (point: number[]) => {
    evaluations++;
    return f(point);
  };

  let simplex = [clampToBox(start)];
  for (let i = 0; i < dimension; i++) {
    const vertex = simplex[0].slice();
    vertex[i] += vertex[i] + options.step <= 1 ? options.step : -options.step;
    simplex.push(clampToBox(vertex));
  }
  let values = simplex.map(evaluate);

  while (evaluations < options.maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const worst = dimension;
    if (Math.abs(values[worst] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;

    const centroid = centroidOf(simplex.slice(0, worst));
    const along = (t: number) => clampToBox(centroid.map((c, k) => c + t * (simplex[worst][k] - c)));

    const reflected = along(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]) {
      const expanded = along(-2);
      const expandedValue = evaluate(expanded);
      [simplex[worst], values[worst]] =
        expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < values[worst - 1]) {
      [simplex[worst], values[worst]] = [reflected, reflectedValue];
    } else {
      const contracted = reflectedValue < values[worst] ? along(-0.5) : along(0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(reflectedValue, values[worst])) {
        [simplex[worst], values[worst]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= dimension; i++) {
          simplex[i] = clampToBox(simplex[i].map((v, k) => simplex[0][k] + 0.5 * (v - simplex[0][k])));
          values[i] = evaluate(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { point: simplex[best], value: values[best], evaluations };
}

function centroidOf(points: number[][]): number[] {
  const sum = new Array<number>(points[0].length).fill(0);
  for (const p of points) p.forEach((v, k) => (sum[k] += v));
  return sum.map((s) => s / points.length);
}

function clampToBox(point: number[]): number[] {
  return point.map((v) => Math.min(1, Math.max(0, v)));
}
