import type { Table } from '../../core/reply.ts';
import type { Allocation, AllocationUncertainty, IndistinctChannel, Range } from '../../ml/mmm/index.ts';
import { compactNumber } from './wording.ts';

/** How sure the advice is, in words (pure): the lift's 80 % range, and the channels the data cannot tell apart. */

export const NO_CLEAR_GAIN = 'no clear gain from moving money';

function ratio(value: number): string {
  return value >= 20 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function rangeText(range: Range): string {
  return `${ratio(range.low)}–${ratio(range.high)}`;
}

function signed(value: number, decimals = 1): string {
  const text = Math.abs(value).toFixed(decimals);
  return `${value < 0 && Number(text) !== 0 ? '−' : '+'}${text}`;
}

/** "80 % range of the gain: +1.2k to +3.4k revenue per month (+2.1 % to +5.9 %)", or no clear gain. */
export function liftSentence(uncertainty: AllocationUncertainty, outcome: string, period: string): string {
  const { lift } = uncertainty;
  const amount = (v: number) => `${v < 0 ? '−' : '+'}${compactNumber(Math.abs(v))}`;
  const span = `${amount(lift.low)} to ${amount(lift.high)} ${outcome} per ${period} (${signed(lift.lowPct)} % to ${signed(lift.highPct)} %)`;
  const how = `80 % range over ${uncertainty.replicates} refits on resampled ${uncertainty.blockWeeks}-week blocks, widened ${uncertainty.widening}× as calibrated on simulated markets`;
  if (uncertainty.clearGain) return `How sure: the gain lies between ${span} (${how}).`;
  return `How sure: *${NO_CLEAR_GAIN}*: the gain lies between ${span} (${how}), so the data cannot tell this split from today's.`;
}

/** When the recommendation stops short of the best split on average over the fit's posterior draws (src/ml/mmm/caution.ts), how far it goes and why. */
export function cautionSentence(allocation: Allocation): string | undefined {
  if (allocation.step >= 1) return undefined;
  const today = allocation.channels.reduce((sum, c) => sum + c.current, 0);
  const scaled = Math.abs(today - allocation.budget) > 0.005 * allocation.budget ? ' (scaled to the budget)' : '';
  if (allocation.step <= 0) {
    return `The split keeps today's mix${scaled}: on a quarter or more of the curves the data allow, any move towards the best split on average loses.`;
  }
  return `The split goes ${Math.round(100 * allocation.step)} % of the way from today's mix${scaled} to the best split on average over the curves the data allow: that is where the gain on the worst quarter of them is largest; the rest of the way they disagree.`;
}

/** Which channels were held near today's spend and why. */
export function indistinctSentence(channels: IndistinctChannel[]): string | undefined {
  if (channels.length === 0) return undefined;
  const parts = channels.map((c) =>
    c.reason === 'collinear' ? `${c.name} (its spend moves with ${c.with.join(', ')})` : `${c.name} (its spend hardly changes from week to week)`,
  );
  return `:warning: The data cannot tell these channels' effects apart: ${parts.join('; ')}. They are kept within 10 % of today's spend instead of moving money on noise; vary their spend separately for a few weeks to learn more.`;
}

export function uncertaintyTable(uncertainty: AllocationUncertainty): Table {
  return {
    title: 'Return at today\'s spend, with 80 % ranges',
    columns: ['Channel', 'ROAS', 'Marginal ROAS'],
    rows: uncertainty.channels.map((c) => [c.name, rangeText(c.roas), rangeText(c.marginalRoas)]),
    align: ['left', 'right', 'right'],
  };
}
