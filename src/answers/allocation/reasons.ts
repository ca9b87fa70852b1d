import { DEFAULT_BOUNDS, marginalSteadyStateEffect, steadyStateEffect, type Allocation, type ChannelAllocation, type ChannelResponse } from '../../ml/mmm/index.ts';
import type { AllocateRequest } from './budget-request.ts';

/**
 * Why the advice is what it is (pure): which bound holds each channel, where extra spend stops
 * paying for itself, and what the curves were fitted on.
 */

/** What holds a channel where it is. */
export type Limit = 'locked' | 'max' | 'min' | 'none';

export interface ChannelLimit {
  name: string;
  limit: Limit;
  /** Who set the bound that holds it: the request (min./max./lock=) or the default rule (DEFAULT_BOUNDS × current, scaled to the budget). */
  setBy: 'request' | 'default';
  bounds: { min: number; max: number };
  current: number;
  recommended: number;
  marginalRoas: number;
}

/** The allocator lands on a bound up to its grid's rounding. */
function atBound(value: number, bound: number): boolean {
  return Math.abs(value - bound) <= Math.max(0.005, 1e-4 * Math.abs(bound));
}

/** Which bound, if any, each channel of the allocation stopped at. */
export function channelLimits(allocation: Allocation, request: Pick<AllocateRequest, 'bounds'>): ChannelLimit[] {
  return allocation.channels.map((c) => {
    const given = request.bounds[c.name] ?? {};
    const base = { name: c.name, bounds: c.bounds, current: c.current, recommended: c.recommended, marginalRoas: c.marginalRoas };
    if (c.locked) return { ...base, limit: 'locked', setBy: 'request' };
    const degenerate = atBound(c.bounds.min, c.bounds.max);
    if (!degenerate && atBound(c.recommended, c.bounds.max)) return { ...base, limit: 'max', setBy: given.max === undefined ? 'default' : 'request' };
    if (!degenerate && atBound(c.recommended, c.bounds.min)) return { ...base, limit: 'min', setBy: given.min === undefined ? 'default' : 'request' };
    if (degenerate) return { ...base, limit: 'max', setBy: given.max === undefined && given.min === undefined ? 'default' : 'request' };
    return { ...base, limit: 'none', setBy: 'default' };
  });
}

/** Budget ÷ today's total of the allocated channels: the factor the default bounds are scaled by. */
export function budgetScale(allocation: Allocation): number {
  const today = allocation.channels.reduce((s, c) => s + c.current, 0);
  return today > 0 ? allocation.budget / today : 1;
}

/** 'its 2× cap (twice today's spend)', 'its cap of 2× today's spend scaled to the budget (×5.6)', 'your max.facebook'. */
export function boundWords(limit: ChannelLimit, scale: number): string {
  if (limit.limit === 'locked') return 'locked';
  const side = limit.limit === 'max' ? 'max' : 'min';
  if (limit.setBy === 'request') return `your ${side}.${limit.name}`;
  const factor = limit.limit === 'max' ? DEFAULT_BOUNDS.max : DEFAULT_BOUNDS.min;
  const plain = limit.limit === 'max' ? `its ${factor}× cap` : `its ${factor}× floor`;
  const today = factor === 2 ? 'twice today\'s spend' : factor === 0.5 ? 'half today\'s spend' : `${factor}× today's spend`;
  if (Math.abs(scale - 1) < 0.01) return `${plain} (${today})`;
  return `${plain} (${today}, scaled ×${scale.toFixed(scale < 10 ? 2 : 1)} with the budget)`;
}

/** Short form for a table cell: '2× cap', '½× floor', 'your max', 'your min', 'locked', '–'. */
export function limitCell(limit: ChannelLimit): string {
  if (limit.limit === 'none') return '–';
  if (limit.limit === 'locked') return 'locked';
  if (limit.setBy === 'request') return `your ${limit.limit}`;
  return limit.limit === 'max' ? `${DEFAULT_BOUNDS.max}× cap` : `${DEFAULT_BOUNDS.min === 0.5 ? '½' : DEFAULT_BOUNDS.min}× floor`;
}

/** Outcomes measured in money: their marginal ROAS is money back per unit of money spent, so below 1 is a loss. */
export function isMoneyOutcome(outcome: string): boolean {
  return /revenue|sales|turnover|gmv|value|profit|income/i.test(outcome);
}

/**
 * The spend per period above which an extra unit of spend brings back less than one unit of
 * outcome (marginal ROAS < 1); 0 when even the first unit does not, Infinity when it never falls
 * that low. Hill curves are concave (or S-shaped, rising then falling marginal), so this is the
 * largest spend with marginal ROAS ≥ 1.
 */
export function breakEvenSpend(response: ChannelResponse, periodWeeks: number): number {
  const marginal = (perPeriod: number) => marginalSteadyStateEffect(perPeriod / periodWeeks, response);
  const scale = Math.max(response.halfSat * (1 - response.decay) * periodWeeks, 1e-9);
  // Walk out in factors of 2 until the marginal return falls below 1 after having reached it.
  let low = 0;
  let high = scale / 1024;
  let seen = marginal(high) >= 1;
  for (let i = 0; i < 80; i++) {
    if (seen && marginal(high) < 1) break;
    if (marginal(high) >= 1) {
      seen = true;
      low = high;
    }
    high *= 2;
  }
  if (!seen) return 0;
  if (marginal(high) >= 1) return Number.POSITIVE_INFINITY;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (marginal(mid) >= 1) low = mid;
    else high = mid;
  }
  return low;
}

/** Return on ad spend at a steady spend per period: outcome it drives ÷ spend. */
export function averageRoas(response: ChannelResponse, spendPerPeriod: number, periodWeeks: number): number {
  if (!(spendPerPeriod > 0)) return 0;
  return (periodWeeks * steadyStateEffect(spendPerPeriod / periodWeeks, response)) / spendPerPeriod;
}

/** Channels whose recommended extra spend returns less than it costs at the recommended level. */
export function unprofitableIncreases(channels: ChannelAllocation[]): ChannelAllocation[] {
  return channels.filter((c) => !c.locked && c.change > 0 && c.marginalRoas < 1);
}

/** Time spans of the spend weeks and of the orders, and whether they overlap. */
export interface DataOverlap {
  spend: { first: string; last: string };
  orders?: { first: number; last: number };
  overlaps: boolean;
}

const WEEK_MS = 7 * 86_400_000;

/** The spend weeks (ISO Mondays) against the orders' first and last order time, when there are orders. */
export function dataOverlap(weeks: readonly string[], orders: { firstOrderAt: number; lastOrderAt: number } | null | undefined): DataOverlap {
  const spend = { first: weeks[0], last: weeks[weeks.length - 1] };
  if (!orders) return { spend, overlaps: false };
  const spendStart = Date.parse(`${spend.first}T00:00:00Z`);
  const spendEnd = Date.parse(`${spend.last}T00:00:00Z`) + WEEK_MS;
  return { spend, orders: { first: orders.firstOrderAt, last: orders.lastOrderAt }, overlaps: orders.firstOrderAt < spendEnd && orders.lastOrderAt >= spendStart };
}
