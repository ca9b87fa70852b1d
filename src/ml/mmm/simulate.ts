import { createRandom, normal, randomInt, type Random } from '../random.ts';
import { WEEKS_PER_YEAR } from './baseline.ts';
import { geometricAdstock, hillSaturation, steadyStateEffect, type ChannelResponse } from './response.ts';
import type { MixInput } from './types.ts';

/**
 * Seeded weekly markets with known response curves, for the class of markets Pulse is meant to handle
 * (product issue #23). One market per seed:
 *
 * - 3–6 channels, 104–156 weeks.
 * - Per channel: usual weekly spend L (log-uniform 1k–30k, the level in weeks it is on); geometric
 *   adstock decay 0.1–0.7; Hill shape 0.9–2.5; half-saturation 0.4×–2× (log-uniform) of the usual
 *   adstocked spend L / (1 − decay); beta set so the steady-state ROAS at L is 0.8–4.
 * - Spend_t = L · (1 + A sin(2π t / 52.18 + φ)) · exp(N(0, 0.35)), A 0.1–0.4, φ near the outcome's
 *   season (budgets follow demand); about a third of the channels are flighted: on six weeks, off six.
 * - Outcome_t = baseline (media 15–40 % of the outcome) · (1 + trend + yearly season) + media_t + noise,
 *   trend −10 %…+20 % over the span, season amplitude 5–15 %, noise sd 4 % of the mean outcome.
 */
export const MARKET_CLASS = {
  channels: { min: 3, max: 6 },
  weeks: { min: 104, max: 156 },
  usualSpend: { min: 1_000, max: 30_000 },
  decay: { min: 0.1, max: 0.7 },
  shape: { min: 0.9, max: 2.5 },
  halfSatRatio: { min: 0.4, max: 2 },
  roas: { min: 0.8, max: 4 },
  spendNoise: 0.35,
  flightedShare: 1 / 3,
  flightWeeks: 6,
  mediaShare: { min: 0.15, max: 0.4 },
  outcomeNoise: 0.04,
} as const;

export interface SimulatedChannel {
  name: string;
  truth: ChannelResponse;
  /** The weekly spend in weeks the channel is on (before season and noise). */
  usualWeeklySpend: number;
  /** Steady-state ROAS at the usual spend, as drawn. */
  roasAtUsual: number;
  flighted: boolean;
}

export interface SimulatedMarket {
  seed: number;
  input: MixInput;
  channels: SimulatedChannel[];
}

export function simulateMarket(seed: number): SimulatedMarket {
  const random = createRandom(seed);
  const c = MARKET_CLASS;
  const channelCount = c.channels.min + randomInt(random, c.channels.max - c.channels.min + 1);
  const weekCount = c.weeks.min + randomInt(random, c.weeks.max - c.weeks.min + 1);
  const seasonPhase = 2 * Math.PI * random();

  const channels: SimulatedChannel[] = Array.from({ length: channelCount }, (_, i) => {
    const usualWeeklySpend = logUniform(random, c.usualSpend.min, c.usualSpend.max);
    const decay = uniform(random, c.decay.min, c.decay.max);
    const shape = uniform(random, c.shape.min, c.shape.max);
    const halfSat = (logUniform(random, c.halfSatRatio.min, c.halfSatRatio.max) * usualWeeklySpend) / (1 - decay);
    const roasAtUsual = uniform(random, c.roas.min, c.roas.max);
    const unitCurve: ChannelResponse = { decay, halfSat, shape, beta: 1 };
    const beta = (roasAtUsual * usualWeeklySpend) / steadyStateEffect(usualWeeklySpend, unitCurve);
    return { name: `channel${i + 1}`, truth: { ...unitCurve, beta }, usualWeeklySpend, roasAtUsual, flighted: random() < c.flightedShare };
  });

  const spends = channels.map((channel) => weeklySpend(random, channel, weekCount, seasonPhase));
  const media = new Float64Array(weekCount);
  channels.forEach(({ truth }, i) => {
    geometricAdstock(spends[i], truth.decay).forEach((a, t) => (media[t] += truth.beta * hillSaturation(a, truth.halfSat, truth.shape)));
  });
  const meanMedia = media.reduce((s, v) => s + v, 0) / weekCount;
  const mediaShare = uniform(random, c.mediaShare.min, c.mediaShare.max);
  const baseline = (meanMedia * (1 - mediaShare)) / mediaShare;
  const trend = uniform(random, -0.1, 0.2);
  const seasonAmplitude = uniform(random, 0.05, 0.15);
  const expected = Array.from({ length: weekCount }, (_, t) => {
    const season = seasonAmplitude * Math.sin((2 * Math.PI * t) / WEEKS_PER_YEAR + seasonPhase);
    return baseline * (1 + (trend * t) / (weekCount - 1) + season) + media[t];
  });
  const noiseSd = (c.outcomeNoise * expected.reduce((s, v) => s + v, 0)) / weekCount;
  const outcome = expected.map((v) => v + normal(random, 0, noiseSd));

  const weeks = Array.from({ length: weekCount }, (_, t) => new Date(Date.UTC(2021, 0, 4 + 7 * t)).toISOString().slice(0, 10));
  return { seed, input: { weeks, outcome, channels: channels.map((ch, i) => ({ name: ch.name, spend: spends[i] })) }, channels };
}

function weeklySpend(random: Random, channel: SimulatedChannel, weekCount: number, seasonPhase: number): number[] {
  const amplitude = uniform(random, 0.1, 0.4);
  const phase = seasonPhase + normal(random, 0, 0.3);
  const flightOffset = randomInt(random, 2 * MARKET_CLASS.flightWeeks);
  return Array.from({ length: weekCount }, (_, t) => {
    const noise = Math.exp(normal(random, 0, MARKET_CLASS.spendNoise));
    const off = channel.flighted && Math.floor((t + flightOffset) / MARKET_CLASS.flightWeeks) % 2 === 1;
    if (off) return 0;
    return channel.usualWeeklySpend * (1 + amplitude * Math.sin((2 * Math.PI * t) / WEEKS_PER_YEAR + phase)) * noise;
  });
}

function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

function logUniform(random: Random, min: number, max: number): number {
  return Math.exp(uniform(random, Math.log(min), Math.log(max)));
}
