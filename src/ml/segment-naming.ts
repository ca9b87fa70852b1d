/**
 * Names RFM segments with the standard RFM vocabulary and suggests one action for each.
 *
 * Scoring rule: a segment's profile is its centre in the scaled RFM space, i.e. z-scores of
 * log1p(recency days), log1p(frequency), log1p(monetary) relative to the whole population
 * (0 = a typical customer, ±1 = one standard deviation). Note that a HIGH recency z means the last
 * purchase was LONG AGO. Every name has a prototype profile in that space; the fit of a
 * (segment, name) pair is minus the squared Euclidean distance between profile and prototype.
 * Names are unique within a run: the assignment maximising the total fit over all segments is
 * found exactly by dynamic programming over subsets of names (11 names: 2,048 subsets).
 */
export interface SegmentProfile {
  cluster: number;
  /** z-score of log1p(recency days): negative = bought recently. */
  recency: number;
  /** z-score of log1p(distinct invoices). */
  frequency: number;
  /** z-score of log1p(total spent). */
  monetary: number;
}

export interface SegmentName {
  name: string;
  description: string;
  /** [recency, frequency, monetary] z-scores of a typical member. */
  prototype: readonly [number, number, number];
  action: string;
}

export const RFM_SEGMENTS: readonly SegmentName[] = [
  { name: 'Champions', description: 'bought recently, buy often and spend the most', prototype: [-1.0, 1.3, 1.3],
    action: 'Reward them with early access to new products and a referral programme; no discount needed.' },
  { name: 'Loyal', description: 'buy regularly and spend well', prototype: [-0.4, 0.9, 0.8],
    action: 'Upsell higher-value products and invite them to a loyalty tier.' },
  { name: 'Potential loyalists', description: 'recent customers with average frequency and spend', prototype: [-0.8, 0.2, 0.2],
    action: 'Offer membership of the loyalty programme and recommendations based on their last order.' },
  { name: 'New customers', description: 'bought very recently, for the first time or so', prototype: [-1.3, -0.9, -0.6],
    action: 'Send a welcome series within their first week, with help to get the most from their purchase.' },
  { name: 'Promising', description: 'fairly recent shoppers who have not spent much yet', prototype: [-0.6, -0.6, -0.5],
    action: 'Offer free shipping on their next order to build the habit.' },
  { name: 'Need attention', description: 'average recency, frequency and spend', prototype: [0.1, 0.1, 0.1],
    action: 'Send a limited-time offer based on their past purchases before they drift away.' },
  { name: 'About to sleep', description: 'below-average recency and frequency, drifting away', prototype: [0.3, -0.4, -0.4],
    action: 'Recommend popular products with a small, time-limited incentive to bring them back.' },
  { name: 'At risk', description: 'bought often and spent well, but not for a while', prototype: [0.8, 0.5, 0.5],
    action: 'Send a personalised win-back offer within 2 weeks.' },
  { name: "Can't lose them", description: 'used to buy most often and spend the most, but have not come back for long', prototype: [1.2, 1.3, 1.3],
    action: 'Contact them personally (call or account manager) with an exclusive offer this week.' },
  { name: 'Hibernating', description: 'last bought long ago, rarely and for little', prototype: [0.6, -0.6, -0.6],
    action: 'Include them in a low-cost reactivation email featuring current bestsellers.' },
  { name: 'Lost', description: 'longest since the last purchase, lowest frequency and spend', prototype: [1.3, -1.0, -1.0],
    action: 'Send one last win-back email, then stop paid spend on them.' },
];

export interface NamedSegment {
  cluster: number;
  name: string;
  action: string;
}

export function nameFit(profile: SegmentProfile, segment: SegmentName): number {
  const [r, f, m] = segment.prototype;
  return -((profile.recency - r) ** 2 + (profile.frequency - f) ** 2 + (profile.monetary - m) ** 2);
}

export function nameSegments(profiles: readonly SegmentProfile[]): NamedSegment[] {
  const names = RFM_SEGMENTS.length;
  if (profiles.length > names) throw new Error(`nameSegments: ${profiles.length} segments but only ${names} distinct names.`);
  const fit = profiles.map((profile) => RFM_SEGMENTS.map((segment) => nameFit(profile, segment)));
  const choice = bestUniqueAssignment(fit, names);
  return profiles.map((profile, i) => ({ cluster: profile.cluster, name: RFM_SEGMENTS[choice[i]].name, action: RFM_SEGMENTS[choice[i]].action }));
}

/**
 * Maximises Σ_i fit[i][choice[i]] over injective choices. best[i][used] is the best total for
 * rows i.. given the set `used` (a bitmask) of names already taken by rows ..i−1.
 */
function bestUniqueAssignment(fit: number[][], names: number): number[] {
  const rows = fit.length;
  const best = Array.from({ length: rows + 1 }, () => new Float64Array(1 << names));
  for (let i = rows - 1; i >= 0; i--) {
    for (let used = 0; used < 1 << names; used++) {
      let top = -Infinity;
      for (let n = 0; n < names; n++) if (!(used & (1 << n))) top = Math.max(top, fit[i][n] + best[i + 1][used | (1 << n)]);
      best[i][used] = top;
    }
  }
  const choice: number[] = [];
  let used = 0;
  for (let i = 0; i < rows; i++) {
    let pick = -1;
    for (let n = 0; n < names && pick < 0; n++) {
      if (!(used & (1 << n)) && fit[i][n] + best[i + 1][used | (1 << n)] === best[i][used]) pick = n;
    }
    choice.push(pick);
    used |= 1 << pick;
  }
  return choice;
}
