import { createRandom, normal } from '../../src/ml/random.ts';
import type { AllocationChartInput, ForecastChartInput, SegmentChartInput } from '../../src/charts/index.ts';
import { rfmGridCells } from '../../src/charts/segments.ts';
import { RFM_SEGMENT_NAMES, rfmSegment } from '../../src/ml/rfm-scores.ts';

/** Small, plausible inputs for each chart type (seeded, so every run draws the same pictures). */

const SEGMENT_PROFILES = [
  { name: 'Champions', count: 220, recency: 12, spend: 3200 },
  { name: 'Loyal', count: 380, recency: 35, spend: 1400 },
  { name: 'Promising', count: 300, recency: 28, spend: 320 },
  { name: 'At risk', count: 260, recency: 140, spend: 900 },
  { name: 'Hibernating', count: 440, recency: 250, spend: 180 },
];

export function segmentInput(): SegmentChartInput {
  const random = createRandom(7);
  const points = SEGMENT_PROFILES.flatMap((profile) =>
    Array.from({ length: profile.count }, () => ({
      segment: profile.name,
      recencyDays: Math.max(0, Math.round(profile.recency * Math.exp(normal(random, 0, 0.45)))),
      monetary: Math.round(profile.spend * Math.exp(normal(random, 0, 0.6))),
    })),
  );
  const totalCustomers = points.length;
  const totalRevenue = points.reduce((sum, point) => sum + point.monetary, 0);
  const shares = SEGMENT_PROFILES.map((profile) => {
    const members = points.filter((point) => point.segment === profile.name);
    return {
      name: profile.name,
      customerShare: members.length / totalCustomers,
      revenueShare: members.reduce((sum, point) => sum + point.monetary, 0) / totalRevenue,
    };
  });
  const grid = [1, 2, 3, 4, 5].flatMap((recencyScore) =>
    [1, 2, 3, 4, 5].map((frequencyScore) => ({
      recencyScore,
      frequencyScore,
      segment: SEGMENT_PROFILES[Math.min(4, Math.floor(((5 - recencyScore) * 5 + (5 - frequencyScore)) / 5))].name,
      customers: 20 + ((recencyScore * 37 + frequencyScore * 11) % 90),
    })),
  );
  return { points, shares, grid, currency: 'GBP' };
}

/**
 * `customers` customers over the whole RFM grid (all eleven names, the long ones included): recency and
 * spend follow each customer's scores with noise, as a real shop's do, so the scatter is as busy as a
 * real one (the worst case for the PNG's size).
 */
export function rfmGridInput(customers: number): SegmentChartInput {
  const random = createRandom(13);
  const scored = Array.from({ length: customers }, () => {
    const recencyScore = 1 + Math.floor(random() * 5);
    const frequencyScore = 1 + Math.floor(random() * 5);
    return {
      recencyScore,
      frequencyScore,
      segment: rfmSegment(recencyScore, frequencyScore) as string,
      recencyDays: Math.max(0, Math.round((6 - recencyScore) * 120 * random())),
      monetary: Math.round(40 * frequencyScore ** 2 * Math.exp(normal(random, 0, 1.1))) + 1,
    };
  });
  const totalRevenue = scored.reduce((sum, c) => sum + c.monetary, 0);
  const shares = RFM_SEGMENT_NAMES.map((name) => {
    const members = scored.filter((c) => c.segment === name);
    return { name: name as string, customerShare: members.length / customers, revenueShare: members.reduce((sum, c) => sum + c.monetary, 0) / totalRevenue };
  });
  const segments = shares.map((share) => share.name);
  return { points: scored, shares, grid: rfmGridCells(scored, segments), currency: 'GBP' };
}

const DAY_MS = 86_400_000;

function isoDay(start: Date, offsetDays: number): string {
  return new Date(start.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** Daily revenue with a weekly cycle and a slow trend; the forecast widens with the horizon. */
export function forecastInput(): ForecastChartInput {
  const random = createRandom(11);
  const start = new Date(Date.UTC(2011, 8, 1));
  const level = (day: number) => 18_000 + 40 * day + 4_000 * Math.sin((2 * Math.PI * day) / 7);
  const historyDays = 90;
  const history = Array.from({ length: historyDays }, (_, day) => ({
    date: isoDay(start, day),
    value: Math.round(level(day) + normal(random, 0, 1_500)),
  }));
  const forecast = Array.from({ length: 28 }, (_, step) => {
    const day = historyDays + step;
    const sd = 1_500 * Math.sqrt(1 + step / 4);
    const value = level(day);
    return {
      date: isoDay(start, day),
      value,
      lower80: value - 1.2816 * sd,
      upper80: value + 1.2816 * sd,
      lower95: value - 1.96 * sd,
      upper95: value + 1.96 * sd,
    };
  });
  return { metric: 'Revenue', unit: 'currency', currency: 'GBP', history, forecast };
}

/** Hill-type saturation curves: outcome = top · s^k / (s^k + half^k). */
export function allocationInput(): AllocationChartInput {
  const channels = [
    { name: 'Search', top: 420_000, half: 60_000, current: 50_000, recommended: 72_000 },
    { name: 'Social', top: 260_000, half: 45_000, current: 60_000, recommended: 38_000 },
    { name: 'Display', top: 120_000, half: 30_000, current: 30_000, recommended: 22_000 },
    { name: 'Email', top: 90_000, half: 8_000, current: 6_000, recommended: 14_000 },
  ];
  const outcome = (top: number, half: number, spend: number) => (top * spend ** 1.4) / (spend ** 1.4 + half ** 1.4);
  const curves = channels.map((channel) => {
    const maxSpend = 2 * Math.max(channel.current, channel.recommended);
    const points = Array.from({ length: 41 }, (_, i) => {
      const spend = (maxSpend * i) / 40;
      return { spend, outcome: outcome(channel.top, channel.half, spend) };
    });
    const at = (spend: number) => ({ spend, outcome: outcome(channel.top, channel.half, spend) });
    return { name: channel.name, points, current: at(channel.current), recommended: at(channel.recommended) };
  });
  return {
    currency: 'USD',
    outcomeLabel: 'Revenue (USD)',
    channels: channels.map(({ name, current, recommended }) => ({ name, current, recommended })),
    curves,
  };
}
