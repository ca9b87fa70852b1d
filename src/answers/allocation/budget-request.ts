import { z } from 'zod';
import { argSchemas, rawArgs } from '../../core/command.ts';
import {
  allocateBudget, AllocationInputError, indistinctChannels, MixInputError, RECENT_WEEKS, type Allocation, type AllocationOptions, type MixInput, type MixModel, type MixPosterior,
} from '../../ml/mmm/index.ts';
import { resolveBounds } from '../../ml/mmm/constraints.ts';
import { validateMixInput } from '../../ml/mmm/validate-input.ts';
import { parseAmount, parseAmountWords } from './amount.ts';

/** The fit's search is seeded so the same data always gives the same curves and advice. */
export const ALLOCATION_FIT_SEED = 42;

/** Weeks per budget period: a month is 52/12 weeks. */
export const PERIOD_WEEKS = { week: 1, month: 52 / 12 } as const;
export type Period = keyof typeof PERIOD_WEEKS;

/** What the allocate job receives: money per period, channel names as in the data. */
export const allocateRequestSchema = z.object({
  budget: z.number().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  period: z.enum(['week', 'month']),
  bounds: z.record(z.object({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })),
  locks: z.array(z.string()),
  /** Split the budget across these channels only; the others keep spending as now, outside the budget. */
  channels: z.array(z.string()).optional(),
});
export type AllocateRequest = z.infer<typeof allocateRequestSchema>;

/** `allocate <budget> [period=week|month] [min.<channel>=X] [max.<channel>=Y] [lock=<channel>[,…]] [channels=<channel>,…]` */
export const allocateArgs = rawArgs.superRefine(argSchemas.knownNames(['period', 'lock', 'channels'], ['min', 'max'])).transform((raw, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    return z.NEVER;
  };
  const budget = parseAmountWords(raw.positional);
  if (!budget) return fail(raw.positional.length ? `"${raw.positional.join(' ')}" is not an amount (try 50000, 50k, $1.2m or 75k EUR)` : 'give the budget, e.g. `allocate 50k`');
  if (budget.wordsUsed < raw.positional.length) return fail(`unexpected "${raw.positional.slice(budget.wordsUsed).join(' ')}" after the budget`);
  if (!(budget.value.amount > 0)) return fail(`the budget must be above 0, got ${budget.value.amount}`);
  const period = raw.named.period?.toLowerCase() ?? 'month';
  if (period !== 'week' && period !== 'month') return fail(`period must be week or month, got "${raw.named.period}"`);

  const bounds: AllocateRequest['bounds'] = {};
  for (const [key, text] of Object.entries(raw.named)) {
    const [side, channel] = splitBoundKey(key);
    if (!side) continue;
    const value = parseAmount(text);
    if (!value || value.amount < 0) return fail(`${key} must be an amount of 0 or more, got "${text}"`);
    bounds[channel] = { ...bounds[channel], [side]: value.amount };
  }
  const locks = nameList(raw.named.lock);
  const channels = raw.named.channels === undefined ? undefined : nameList(raw.named.channels);
  return { budget: budget.value.amount, currency: budget.value.currency, period: period as Period, bounds, locks, channels };
});

function nameList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function splitBoundKey(key: string): ['min' | 'max', string] | [undefined, string] {
  const match = /^(min|max)\.(.+)$/.exec(key);
  return match ? [match[1] as 'min' | 'max', match[2]] : [undefined, key];
}

/** The per-period current spend of each channel: its mean over the last RECENT_WEEKS weeks, as the fit uses. */
export function currentSpendPerPeriod(input: MixInput, periodWeeks: number): Record<string, number> {
  return Object.fromEntries(
    input.channels.map((c) => {
      const recent = c.spend.slice(-RECENT_WEEKS);
      return [c.name, cents((recent.reduce((s, v) => s + v, 0) / recent.length) * periodWeeks)];
    }),
  );
}

/**
 * Checks a request against the channels and their current spend per period, with the allocator's own
 * rules (src/ml/mmm/constraints.ts `resolveBounds`), and returns it with channel names spelled as
 * in the data. The command runs it on the data summary before queueing, the job on the loaded weeks.
 * Throws AllocationInputError with a message that says how to fix the request.
 */
export function checkRequest(request: AllocateRequest, current: Record<string, number>): AllocateRequest {
  const names = Object.keys(current);
  const canonical = (name: string) => names.find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
  const normalised: AllocateRequest = {
    ...request,
    bounds: Object.fromEntries(Object.entries(request.bounds).map(([name, b]) => [canonical(name), b])),
    locks: request.locks.map(canonical),
    channels: request.channels?.map(canonical),
  };
  const unknown = (normalised.channels ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0 || normalised.channels?.length === 0) {
    const which = unknown.length > 0 ? `Unknown channel ${unknown.map((n) => `"${n}"`).join(', ')} (in channels)` : 'channels= names no channel';
    throw new AllocationInputError('E_UNKNOWN_CHANNEL', `${which}. Known channels: ${names.join(', ')}.`);
  }
  const allocated = allocatedChannels(normalised, names);
  const options = allocationOptions(normalised, pick(current, allocated), names);
  resolveBounds(allocated, allocated.map((name) => current[name]), options);
  return normalised;
}

/** The job's check: the data must be fit to model, then the same request rules on its current spend. */
export function checkRequestAgainstData(request: AllocateRequest, input: MixInput): AllocateRequest {
  validateMixInput(input);
  return checkRequest(request, currentSpendPerPeriod(input, PERIOD_WEEKS[request.period]));
}

/** The channels the budget is split across: those named by `channels=`, else all. */
export function allocatedChannels(request: AllocateRequest, names: string[]): string[] {
  return request.channels ? names.filter((name) => request.channels!.includes(name)) : names;
}

export function pick<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}

/**
 * The allocator's options for a request: the bounds as given (the allocator applies the defaults) for the
 * allocated channels and for names not in the data (so the allocator reports them), the current spend per period.
 */
export function allocationOptions(request: AllocateRequest, current: Record<string, number>, names: string[]): AllocationOptions {
  const bounds = Object.fromEntries(Object.entries(request.bounds).filter(([name]) => name in current || !names.includes(name)));
  return { budget: request.budget, periodWeeks: PERIOD_WEEKS[request.period], bounds, locks: request.locks, current };
}

/**
 * The allocator's answer for a request on a fitted model: only the allocated channels, current spend as in
 * the data, and the channels the data cannot tell apart (src/ml/mmm/identifiability.ts) held near today's spend.
 * With draws from the fit's posterior (src/ml/mmm/posterior.ts), the split is the one best on average over them,
 * moved from today's mix only as far as they support (src/ml/mmm/caution.ts).
 */
export function recommendSplit(model: MixModel, input: MixInput, request: AllocateRequest, posterior?: MixPosterior): Allocation {
  const allocated = allocatedChannels(request, input.channels.map((c) => c.name));
  const current = pick(currentSpendPerPeriod(input, PERIOD_WEEKS[request.period]), allocated);
  const modelOfAllocated = { ...model, channels: model.channels.filter((c) => allocated.includes(c.name)) };
  const hold = indistinctChannels(input).map((c) => c.name).filter((name) => allocated.includes(name) && !request.locks.includes(name));
  const index = modelOfAllocated.channels.map((c) => posterior?.names.indexOf(c.name) ?? -1);
  const draws = posterior && index.every((i) => i >= 0) ? posterior.draws.map((curves) => index.map((i) => curves[i])) : undefined;
  return allocateBudget(modelOfAllocated, { ...allocationOptions(request, current, input.channels.map((c) => c.name)), hold }, draws);
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

export function isAllocationDataError(err: unknown): err is AllocationInputError | MixInputError {
  return err instanceof AllocationInputError || err instanceof MixInputError;
}
