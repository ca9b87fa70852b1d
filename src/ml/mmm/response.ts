/**
 * The media response model shared by the demo-data generator (ground truth) and the
 * marketing-mix fit. For one channel with weekly spend x_t:
 *
 *   adstock      a_t = x_t + decay · a_{t-1}                      (geometric carry-over, 0 ≤ decay < 1)
 *   saturation   s(a) = a^shape / (a^shape + halfSat^shape)       (Hill; shape > 1 gives an S curve)
 *   effect       y_t = beta · s(a_t)                               (beta = the most one week can add)
 *
 * In steady state, spending x every week gives a = x / (1 − decay).
 */
export interface ChannelResponse {
  decay: number;
  halfSat: number;
  shape: number;
  beta: number;
}

export function geometricAdstock(spend: ArrayLike<number>, decay: number): Float64Array {
  const out = new Float64Array(spend.length);
  let carry = 0;
  for (let t = 0; t < spend.length; t++) {
    carry = spend[t] + decay * carry;
    out[t] = carry;
  }
  return out;
}

export function hillSaturation(adstocked: number, halfSat: number, shape: number): number {
  if (adstocked <= 0) return 0;
  const a = Math.pow(adstocked, shape);
  return a / (a + Math.pow(halfSat, shape));
}

/** Weekly effect of spending `weeklySpend` every week, once the adstock has settled. */
export function steadyStateEffect(weeklySpend: number, response: ChannelResponse): number {
  const adstock = weeklySpend / (1 - response.decay);
  return response.beta * hillSaturation(adstock, response.halfSat, response.shape);
}
