import { AllocationInputError } from './errors.ts';
import type { ChannelResponse } from './response.ts';
import { DEFAULT_GRID_STEPS } from './solver.ts';

export interface AllocationChannel {
  name: string;
  response: ChannelResponse;
  /** Current weekly spend (the fitted model uses the mean of the last 13 weeks). */
  currentWeeklySpend: number;
}

/** Every amount is money per period of `periodWeeks` weeks. */
export interface AllocationOptions {
  /** Budget per period; default: the current total. */
  budget?: number;
  /** Weeks per period: 1 for a week, 4.345 for a month. Default 1. */
  periodWeeks?: number;
  /** Per-channel limits; a missing side defaults to DEFAULT_BOUNDS × current, scaled to the budget (see `channelBounds`). */
  bounds?: Record<string, { min?: number; max?: number }>;
  /** Channels kept at their current spend. */
  locks?: string[];
  /**
   * Channels the data cannot tell apart (identifiability.ts): kept within HOLD_BAND of their current spend
   * (inside their bounds) when the budget allows, instead of moving money on noise. Their reported bounds stay.
   */
  hold?: string[];
  /** Current spend per period by channel; default: the model's recent weekly spend × periodWeeks. */
  current?: Record<string, number>;
  scenarioFactors?: number[];
  gridSteps?: number;
}

/** Robyn's default allocator constraints: each channel may move between half and double its current spend. */
export const DEFAULT_BOUNDS = { min: 0.5, max: 2 };

/** A held channel may move this share of its current spend either way. */
export const HOLD_BAND = 0.1;

export interface ResolvedRequest {
  budget: number;
  periodWeeks: number;
  current: number[];
  bounds: { min: number; max: number }[];
  locked: boolean[];
  held: boolean[];
  gridSteps: number;
}

/** Applies the defaults and rejects requests that cannot be solved, saying how to fix them. */
export function resolveRequest(channels: AllocationChannel[], options: AllocationOptions): ResolvedRequest {
  const periodWeeks = options.periodWeeks ?? 1;
  const current = channels.map((c) => options.current?.[c.name] ?? c.currentWeeklySpend * periodWeeks);
  const held = channels.map((c) => options.hold?.includes(c.name) ?? false);
  return { ...resolveBounds(channels.map((c) => c.name), current, options), held, gridSteps: options.gridSteps ?? DEFAULT_GRID_STEPS };
}

/**
 * The bounds the solver works in for a budget: held channels narrowed to HOLD_BAND around current spend
 * (within their bounds); the plain bounds when that would make the budget impossible to split.
 */
export function solverBounds(request: ResolvedRequest, budget: number): { min: number; max: number }[] {
  if (!request.held.some(Boolean)) return request.bounds;
  const narrowed = request.bounds.map((b, i) => {
    if (!request.held[i]) return b;
    const min = Math.min(b.max, Math.max(b.min, (1 - HOLD_BAND) * request.current[i]));
    const max = Math.max(min, Math.min(b.max, (1 + HOLD_BAND) * request.current[i]));
    return { min, max };
  });
  const minTotal = narrowed.reduce((s, b) => s + b.min, 0);
  const maxTotal = narrowed.reduce((s, b) => s + b.max, 0);
  return minTotal <= budget && budget <= maxTotal ? narrowed : request.bounds;
}

/**
 * The checks and defaults that do not need response curves: names, budget and bounds, from each
 * channel's current spend per period. The allocate command runs it on the data summary before it
 * queues anything, the allocator on the fitted data: one set of rules.
 */
export function resolveBounds(names: string[], current: number[], options: AllocationOptions): Omit<ResolvedRequest, 'gridSteps' | 'held'> {
  checkNames(names, options);
  const periodWeeks = options.periodWeeks ?? 1;
  requirePositiveNumber(periodWeeks, 'periodWeeks', 'E_BAD_NUMBER');

  current.forEach((value, i) => requireNonNegativeNumber(value, `current spend of "${names[i]}"`));
  const currentTotal = current.reduce((s, v) => s + v, 0);
  if (names.length === 0 || !(currentTotal > 0)) {
    throw new AllocationInputError(
      'E_NO_SPEND_DATA',
      names.length === 0
        ? 'The model has no channels: fit it on data with at least one spend column.'
        : 'No channel has spent anything recently, so there is no current split to start from: pass `current` spend per channel.',
    );
  }

  const budget = options.budget ?? currentTotal;
  requirePositiveNumber(budget, 'budget', 'E_BUDGET_NOT_POSITIVE');
  const locked = names.map((name) => options.locks?.includes(name) ?? false);
  const scale = budget / currentTotal;
  const bounds = names.map((name, i) => channelBounds(name, current[i], locked[i], scale, options));
  checkBoundsMeetBudget(bounds, budget);
  return { budget, periodWeeks, current, bounds, locked };
}

/**
 * A locked channel stays at its current spend. A side of the bounds the person did not set defaults
 * to DEFAULT_BOUNDS × current spend scaled to the budget (current × budget / current total), moved if
 * needed so it does not contradict the side they set: at today's total these are Robyn's defaults, and
 * a budget well above or below today's can still be split (plain 0.5×–2× would refuse any budget under
 * half of today's total).
 */
function channelBounds(name: string, current: number, locked: boolean, scale: number, options: AllocationOptions): { min: number; max: number } {
  if (locked) return { min: current, max: current };
  const given = options.bounds?.[name] ?? {};
  const min = given.min ?? Math.min(DEFAULT_BOUNDS.min * current * scale, given.max ?? Infinity);
  const max = given.max ?? Math.max(DEFAULT_BOUNDS.max * current * scale, given.min ?? 0);
  requireNonNegativeNumber(min, `minimum for "${name}"`);
  requireNonNegativeNumber(max, `maximum for "${name}"`);
  if (min > max) {
    throw new AllocationInputError(
      'E_BOUNDS_MIN_ABOVE_MAX',
      `The minimum for "${name}" (${whole(min, Math.ceil)}) is above its maximum (${whole(max, Math.floor)}): lower the minimum or raise the maximum` +
        ` (an unset side defaults to ${DEFAULT_BOUNDS.min}× or ${DEFAULT_BOUNDS.max}× the current ${whole(current, Math.round)}).`,
    );
  }
  return { min, max };
}

/** An amount as a manager reads it in a message: whole units with thousands separators, rounded the safe way ("at least" up, "at most" down). */
function whole(amount: number, round: (x: number) => number): string {
  return round(amount).toLocaleString('en-GB');
}

function checkBoundsMeetBudget(bounds: { min: number; max: number }[], budget: number): void {
  const minTotal = bounds.reduce((s, b) => s + b.min, 0);
  const maxTotal = bounds.reduce((s, b) => s + b.max, 0);
  if (minTotal > budget * (1 + 1e-12)) {
    throw new AllocationInputError(
      'E_BOUNDS_CANNOT_MEET_BUDGET',
      `The channel minimums add up to ${whole(minTotal, Math.ceil)}, more than the budget of ${whole(budget, Math.round)}: raise the budget to at least ${whole(minTotal, Math.ceil)} or lower some minimums (or unlock channels).`,
    );
  }
  if (maxTotal < budget * (1 - 1e-12)) {
    throw new AllocationInputError(
      'E_BOUNDS_CANNOT_MEET_BUDGET',
      `The channel maximums add up to ${whole(maxTotal, Math.floor)}, less than the budget of ${whole(budget, Math.round)}: lower the budget to at most ${whole(maxTotal, Math.floor)} or raise some maximums (or unlock channels).`,
    );
  }
}

function checkNames(known: string[], options: AllocationOptions): void {
  const mentioned = [
    ...Object.keys(options.bounds ?? {}).map((name) => ({ name, where: 'bounds' })),
    ...(options.locks ?? []).map((name) => ({ name, where: 'locks' })),
    ...(options.hold ?? []).map((name) => ({ name, where: 'hold' })),
    ...Object.keys(options.current ?? {}).map((name) => ({ name, where: 'current' })),
  ];
  const unknown = mentioned.filter(({ name }) => !known.includes(name));
  if (unknown.length > 0) {
    const list = unknown.map(({ name, where }) => `"${name}" (in ${where})`).join(', ');
    throw new AllocationInputError('E_UNKNOWN_CHANNEL', `Unknown channel ${list}. Known channels: ${known.join(', ')}.`);
  }
}

function requirePositiveNumber(value: number, label: string, code: 'E_BAD_NUMBER' | 'E_BUDGET_NOT_POSITIVE'): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new AllocationInputError(code, `The ${label} must be a number above 0; got ${value}.`);
  }
}

function requireNonNegativeNumber(value: number, label: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new AllocationInputError('E_BAD_NUMBER', `The ${label} must be a number ≥ 0; got ${value}.`);
  }
}
