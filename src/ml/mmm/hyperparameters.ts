import { geometricAdstock, hillSaturation } from './response.ts';

/**
 * Per-channel hyper-parameters and the box they are searched in. The search works on a unit cube;
 * `decodeChannel` maps it onto these ranges (halfSatRatio on a log scale, since it is a ratio).
 *
 * halfSat is searched relative to the channel's own spend level, so one range fits every channel:
 *   halfSat = halfSatRatio · spendLevel / (1 − decay)
 * where spendLevel is the mean weekly spend over the weeks with any spend and spendLevel / (1 − decay)
 * is the adstock that spending it every week would settle at. Ratio 1 puts the half-saturation point
 * at that typical adstock.
 */
export const SEARCH_RANGES = {
  decay: { min: 0, max: 0.9 },
  halfSatRatio: { min: 0.2, max: 5 },
  shape: { min: 0.5, max: 3.5 },
} as const;

export const PARAMETERS_PER_CHANNEL = 3;

export interface ChannelHyperparameters {
  decay: number;
  halfSatRatio: number;
  shape: number;
}

export function decodeChannel(unit: ArrayLike<number>, channel: number): ChannelHyperparameters {
  const [u0, u1, u2] = [0, 1, 2].map((k) => unit[channel * PARAMETERS_PER_CHANNEL + k]);
  const { decay, halfSatRatio, shape } = SEARCH_RANGES;
  return {
    decay: decay.min + u0 * (decay.max - decay.min),
    halfSatRatio: Math.exp(Math.log(halfSatRatio.min) + u1 * Math.log(halfSatRatio.max / halfSatRatio.min)),
    shape: shape.min + u2 * (shape.max - shape.min),
  };
}

/** The inverse of `decodeChannel`: a channel's hyper-parameters as coordinates of the unit cube (clamped to it). */
export function encodeChannel(hyper: ChannelHyperparameters): number[] {
  const { decay, halfSatRatio, shape } = SEARCH_RANGES;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [
    clamp((hyper.decay - decay.min) / (decay.max - decay.min)),
    clamp(Math.log(hyper.halfSatRatio / halfSatRatio.min) / Math.log(halfSatRatio.max / halfSatRatio.min)),
    clamp((hyper.shape - shape.min) / (shape.max - shape.min)),
  ];
}

/** Mean weekly spend over the weeks with any spend (0 when the channel never spent). */
export function spendLevel(spend: ArrayLike<number>): number {
  let total = 0;
  let active = 0;
  for (let t = 0; t < spend.length; t++) {
    if (spend[t] > 0) {
      total += spend[t];
      active++;
    }
  }
  return active > 0 ? total / active : 0;
}

export function halfSaturation(hyper: ChannelHyperparameters, level: number): number {
  return (hyper.halfSatRatio * level) / (1 - hyper.decay);
}

/**
 * ROAS at the usual spend per unit of beta: s(level / (1 − decay)) / level = 1 / ((1 + halfSatRatio^shape) · level),
 * the scale the pooled-ROAS prior of least-squares.ts works on. 0 for a channel that never spent.
 */
export function unitRoas(hyper: ChannelHyperparameters, level: number): number {
  return level > 0 ? 1 / ((1 + Math.pow(hyper.halfSatRatio, hyper.shape)) * level) : 0;
}

/** The media regressor s(adstock_t): the channel's effect per unit of beta. */
export function saturatedAdstock(spend: ArrayLike<number>, hyper: ChannelHyperparameters, level: number): Float64Array {
  const adstock = geometricAdstock(spend, hyper.decay);
  const halfSat = halfSaturation(hyper, level);
  return adstock.map((a) => hillSaturation(a, halfSat, hyper.shape));
}

/**
 * Weak Gaussian priors on the hyper-parameters, added to the loss as −2·log prior (so the loss reads
 * SSE / σ² + Σ ((θ − centre) / width)²). With ~100 weeks and three curve parameters per channel the
 * least-squares surface is nearly flat along whole ridges (a steeper curve with a lower halfSat fits
 * about as well), and pure least squares drifts to the edges of the box; the priors break those ties
 * towards unremarkable curves: half-saturation near the channel's typical adstock, a mild S, mid carry-over.
 *
 * The centres and widths cover the class of markets issue #23 describes (decay 0.1–0.7, Hill shape 0.9–2.5,
 * half-saturation 0.4×–2× of the usual adstock) about ±1.5 widths, looser than that class (whose own spread
 * would be widths 0.17, 0.46 and 0.46) so curves outside it (a concave shape 0.6, a TV decay 0.85) stay
 * reachable at a cost of 2–3 units of loss. Before these, widths 0.3 / 0.6 / 1 around 0.4 / 0 / 1.5: on
 * 50 simulated markets the mean share of the true optimum went 97.4 % → 97.8 % (README, Budget allocation).
 */
export const PRIORS = {
  decay: { centre: 0.4, width: 0.25 },
  logHalfSatRatio: { centre: -0.1, width: 0.5 },
  shape: { centre: 1.6, width: 0.7 },
} as const;

export function priorPenalty(unit: ArrayLike<number>, channelCount: number): number {
  let penalty = 0;
  for (let c = 0; c < channelCount; c++) {
    const hyper = decodeChannel(unit, c);
    penalty += ((hyper.decay - PRIORS.decay.centre) / PRIORS.decay.width) ** 2;
    penalty += ((Math.log(hyper.halfSatRatio) - PRIORS.logHalfSatRatio.centre) / PRIORS.logHalfSatRatio.width) ** 2;
    penalty += ((hyper.shape - PRIORS.shape.centre) / PRIORS.shape.width) ** 2;
  }
  return penalty;
}
