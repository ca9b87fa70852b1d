import { z } from 'zod';
import type { Table } from '../../core/reply.ts';
import { channelRanges, marginalSteadyStateEffect, type MixBootstrap, type MixModel, type Range } from '../../ml/mmm/index.ts';
import { PERIOD_WEEKS } from './budget-request.ts';
import { averageRoas, breakEvenSpend, isMoneyOutcome } from './reasons.ts';
import { compactNumber, describeMoney } from './wording.ts';

/** What `allocate roi` enqueues: no budget, only how to express money. */
export const roiRequestSchema = z.object({
  period: z.enum(['week', 'month']),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
});
export type RoiRequest = z.infer<typeof roiRequestSchema>;

/** One channel's return at today's spend, from the fitted curve. */
export interface ChannelRoi {
  name: string;
  /** Today's spend per period: the mean weekly spend of the last 13 weeks × weeks per period. */
  spend: number;
  /** Steady-state outcome that spend drives per period. */
  driven: number;
  /** driven ÷ spend: the average return of each unit spent today. */
  roas: number;
  /** What the next unit of spend would bring. */
  marginalRoas: number;
  /** 80 % ranges of both (moving-block bootstrap, src/ml/mmm/uncertainty.ts); null without a bootstrap. */
  roasRange: Range | null;
  marginalRoasRange: Range | null;
  /** Spend per period up to which the next unit still brings back at least one (null: at any spend). */
  breakEvenSpend: number | null;
}

/** ROAS and marginal ROAS per channel at today's spend, with their 80 % ranges when a bootstrap is given, best average return first. */
export function channelRois(model: MixModel, period: RoiRequest['period'], bootstrap?: MixBootstrap): ChannelRoi[] {
  const weeks = PERIOD_WEEKS[period];
  const ranges = bootstrap ? channelRanges(bootstrap, Object.fromEntries(model.channels.map((c) => [c.name, c.recentWeeklySpend * weeks])), weeks) : [];
  return model.channels
    .map((c) => {
      const spend = c.recentWeeklySpend * weeks;
      const range = ranges.find((r) => r.name === c.name);
      const roas = averageRoas(c.response, spend, weeks);
      const breakEven = breakEvenSpend(c.response, weeks);
      return {
        name: c.name,
        spend,
        driven: roas * spend,
        roas,
        marginalRoas: marginalSteadyStateEffect(c.recentWeeklySpend, c.response),
        roasRange: range?.roas ?? null,
        marginalRoasRange: range?.marginalRoas ?? null,
        breakEvenSpend: Number.isFinite(breakEven) ? breakEven : null,
      };
    })
    .sort((a, b) => b.roas - a.roas);
}

function ratio(value: number): string {
  return value >= 20 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function within(range: Range | null): string {
  return range ? `, 80 % range ${ratio(range.low)}–${ratio(range.high)}` : '';
}

function perUnit(value: number, outcome: string, currency?: string): string {
  if (!currency || !isMoneyOutcome(outcome)) return `${ratio(value)} ${outcome}`;
  const one = describeMoney(1, currency);
  const digits = value >= 10 ? value.toFixed(0) : value.toFixed(2);
  return one.endsWith('1') ? `${one.slice(0, -1)}${digits}` : `${digits} ${currency}`;
}

/** The answer in sentences: the best average return, the best place for the next unit, and channels that do not pay back. */
export function roiSentences(rois: ChannelRoi[], outcome: string, currency: string | undefined, period: string): string[] {
  const spending = rois.filter((r) => r.spend > 0);
  if (spending.length === 0) return ['No channel has spent anything in the last 13 weeks, so there is no return at today\'s spend to compare.'];
  const one = currency ? describeMoney(1, currency) : 'unit of spend';
  const best = spending[0];
  const nextBest = [...spending].sort((a, b) => b.marginalRoas - a.marginalRoas)[0];
  const lines = [
    `Best return at today's spend: *${best.name}*: each ${one} spent there brings about ${perUnit(best.roas, outcome, currency)} (ROAS ${ratio(best.roas)}${within(best.roasRange)}, on ${describeMoney(best.spend, currency)} per ${period}).`,
    `Best place for the next ${one}: *${nextBest.name}* (marginal ROAS ${ratio(nextBest.marginalRoas)}${within(nextBest.marginalRoasRange)}: the next ${one} brings about ${perUnit(nextBest.marginalRoas, outcome, currency)}).`,
  ];
  if (isMoneyOutcome(outcome)) {
    const losing = spending.filter((r) => r.marginalRoas < 1);
    if (losing.length > 0) {
      const names = losing.map((r) => `${r.name} (${ratio(r.marginalRoas)}${r.breakEvenSpend !== null ? `; pays back up to about ${describeMoney(r.breakEvenSpend, currency)}` : ''})`);
      lines.push(`:warning: The next ${one} returns less than it costs in ${names.join(', ')}: spending more there loses money on the margin.`);
    }
  }
  const saturated = spending.filter((r) => r.roas > 1.5 * r.marginalRoas && r.marginalRoas < best.marginalRoas);
  if (saturated.length > 0 && saturated[0].name === best.name) {
    lines.push(`${best.name} earns well on average but its curve is flattening: the average return overstates what more spend would bring.`);
  }
  return lines;
}

export function roiTable(rois: ChannelRoi[], outcome: string, currency?: string): Table {
  const money = (value: number) => describeMoney(value, currency);
  const ranged = rois.some((r) => r.roasRange !== null);
  const rangeText = (range: Range | null) => (range ? `${ratio(range.low)}–${ratio(range.high)}` : '–');
  return {
    title: 'Per channel at today\'s spend (money per period)',
    columns: [
      'Channel', 'Spend now', `${outcome[0].toUpperCase()}${outcome.slice(1)} it drives`, 'ROAS', ...(ranged ? ['ROAS 80 % range'] : []),
      'Marginal ROAS', ...(ranged ? ['Marginal ROAS 80 % range'] : []), 'Pays back up to',
    ],
    rows: rois.map((r) => [
      r.name, money(r.spend), compactNumber(r.driven), ratio(r.roas), ...(ranged ? [rangeText(r.roasRange)] : []),
      ratio(r.marginalRoas), ...(ranged ? [rangeText(r.marginalRoasRange)] : []), r.breakEvenSpend === null ? 'any spend' : money(r.breakEvenSpend),
    ]),
    align: ['left', 'right', 'right', 'right', ...(ranged ? ['right' as const] : []), 'right', ...(ranged ? ['right' as const] : []), 'right'],
  };
}
