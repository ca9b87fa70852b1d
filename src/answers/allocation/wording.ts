import type { Table } from '../../core/reply.ts';
import type { Allocation, ChannelAllocation, ChannelResponse, MixModel } from '../../ml/mmm/index.ts';
import { dayText } from '../forecast/dates.ts';
import { boundWords, breakEvenSpend, budgetScale, isMoneyOutcome, limitCell, unprofitableIncreases, type ChannelLimit, type DataOverlap } from './reasons.ts';

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', INR: '₹' };

/** 8200 → "8.2k", 1_250_000 → "1.25m", with the currency's symbol in front (or its code after). */
export function describeMoney(value: number, currency?: string): string {
  const sign = value < 0 ? '-' : '';
  const text = compactNumber(Math.abs(value));
  if (!currency) return `${sign}${text}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${text}` : `${sign}${text} ${currency}`;
}

export function compactNumber(value: number): string {
  const [unit, suffix] = value >= 1e6 ? [1e6, 'm'] : value >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = value / unit;
  const decimals = unit === 1 || scaled >= 100 ? 0 : unit === 1e6 && scaled < 10 ? 2 : 1;
  return `${Number(scaled.toFixed(decimals))}${suffix}`;
}

/** One transfer of money: from a channel to another, or new money in (`from` undefined) or money cut (`to` undefined). */
export interface Move {
  from?: string;
  to?: string;
  amount: number;
}

/**
 * Reads the change of each channel as transfers, largest first: the biggest cut pays for the biggest
 * increase, and so on; what is left is new money (budget above the current total) or a cut.
 * Changes below `ignoreBelow` are left out: they are rounding, not advice.
 */
export function settleMoves(channels: { name: string; change: number }[], ignoreBelow: number): Move[] {
  const significant = channels.filter((c) => Math.abs(c.change) >= ignoreBelow);
  const donors = significant.filter((c) => c.change < 0).map((c) => ({ name: c.name, left: -c.change })).sort((a, b) => b.left - a.left);
  const receivers = significant.filter((c) => c.change > 0).map((c) => ({ name: c.name, left: c.change })).sort((a, b) => b.left - a.left);
  const moves: Move[] = [];
  let d = 0;
  let r = 0;
  while (d < donors.length && r < receivers.length) {
    const amount = Math.min(donors[d].left, receivers[r].left);
    moves.push({ from: donors[d].name, to: receivers[r].name, amount });
    donors[d].left -= amount;
    receivers[r].left -= amount;
    if (donors[d].left < ignoreBelow) d++;
    if (receivers[r].left < ignoreBelow) r++;
  }
  for (; r < receivers.length; r++) moves.push({ to: receivers[r].name, amount: receivers[r].left });
  for (; d < donors.length; d++) moves.push({ from: donors[d].name, amount: donors[d].left });
  return moves;
}

export function describeMoves(moves: Move[], currency?: string): string {
  const phrases = moves.map(({ from, to, amount }) => {
    const money = describeMoney(amount, currency);
    if (from && to) return `move ${money} from ${from} to ${to}`;
    return to ? `add ${money} to ${to}` : `cut ${money} from ${from}`;
  });
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

export interface PlanWords {
  allocation: Allocation;
  outcome: string;
  currency?: string;
  period: 'week' | 'month';
  /** Mean outcome per period over the recent weeks, to put the gain in proportion. */
  recentOutcomePerPeriod: number;
}

/** The recommendation in one sentence: the moves, then what they are expected to bring. */
export function planSentence(words: PlanWords): string {
  const { allocation, outcome, currency, period } = words;
  const moves = settleMoves(allocation.channels, 0.005 * allocation.budget);
  const gain = allocation.expectedTotal - allocation.expectedTotalCurrent;
  const lift = `${formatSigned(allocation.expectedLiftPct, 1)} % media-driven ${outcome} expected`;
  const share = words.recentOutcomePerPeriod > 0 ? `, about ${formatSigned((100 * gain) / words.recentOutcomePerPeriod, 1)} % of all ${outcome}` : '';
  const detail = `(${gain >= 0 ? '+' : '−'}${compactNumber(Math.abs(gain))} ${outcome} per ${period}${share})`;
  if (moves.length === 0) return `Keep the current split of ${describeMoney(allocation.budget, currency)} per ${period}: it is already about the best the curves allow.`;
  const plan = describeMoves(moves, currency);
  const prefix = budgetChange(allocation, currency, period);
  const advice = prefix ? `${prefix}${plan}` : `${plan[0].toUpperCase()}${plan.slice(1)}`;
  return `${advice}: ${lift} ${detail}.`;
}

/** "With €75k per month instead of today's €112k: " when the budget is not today's total. */
function budgetChange(allocation: Allocation, currency: string | undefined, period: string): string {
  const today = allocation.channels.reduce((s, c) => s + c.current, 0);
  if (Math.abs(allocation.budget - today) < 0.005 * today) return '';
  return `With ${describeMoney(allocation.budget, currency)} per ${period} instead of today's ${describeMoney(today, currency)}: `;
}

export function fitSentence(model: MixModel): string {
  const { fit, validation } = model;
  const held = `on the last ${validation.validationWeeks} weeks held out: R² ${validation.r2.toFixed(2)}`;
  const text = `Fit on ${model.weeks.count} weeks: R² ${fit.r2.toFixed(3)}, NRMSE ${(100 * fit.nrmse).toFixed(1)} % (${held}).`;
  return validation.r2 < 0.5 ? `${text} The held-out fit is weak: treat the recommendation as a direction, not a plan.` : text;
}

export function channelTable(allocation: Allocation, outcome: string, currency?: string, limits?: ChannelLimit[]): Table {
  const money = (value: number) => describeMoney(value, currency);
  return {
    title: 'Per channel (money per period)',
    columns: ['Channel', 'Current', 'Recommended', 'Change', 'Allowed', 'Held by', `Expected ${outcome}`, 'Marginal ROAS'],
    rows: allocation.channels.map((c: ChannelAllocation, i) => [
      c.locked ? `${c.name} (locked)` : c.name,
      money(c.current),
      money(c.recommended),
      `${c.change >= 0 ? '+' : ''}${money(c.change)}`,
      `${money(c.bounds.min)}–${money(c.bounds.max)}`,
      limits ? limitCell(limits[i]) : '',
      compactNumber(c.expected),
      c.marginalRoas.toFixed(2),
    ]),
    align: ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right'],
  };
}

/** 23 → '23', 0.384 → '0.38', 10.1 → '10.1'. */
function roas(value: number): string {
  return value >= 20 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Why each channel ends where it does: the bound that holds it (with who set it and how to move
 * it), or, between its bounds, the marginal ROAS the allocator equalised.
 */
export function limitsSentence(limits: ChannelLimit[], allocation: Allocation, outcome: string, currency?: string): string {
  const money = (value: number) => describeMoney(value, currency);
  const scale = budgetScale(allocation);
  const parts: string[] = [];
  const losesMoney = (l: ChannelLimit) => isMoneyOutcome(outcome) && l.marginalRoas < 1;
  for (const l of limits.filter((x) => x.limit === 'max')) {
    const hint = losesMoney(l) ? '' : l.setBy === 'request' ? ' (raise it to let it take more)' : ` (set max.${l.name}=… to let it take more)`;
    parts.push(`${l.name} stops at ${money(l.recommended)}, ${boundWords(l, scale)}, with a marginal ROAS of ${roas(l.marginalRoas)}${hint}`);
  }
  for (const l of limits.filter((x) => x.limit === 'min')) {
    const hint = l.setBy === 'request' ? 'lower it to free that money' : `set min.${l.name}=… to free that money`;
    parts.push(`${l.name} stays at ${money(l.recommended)}, ${boundWords(l, scale)}, with a marginal ROAS of only ${roas(l.marginalRoas)} (${hint})`);
  }
  for (const l of limits.filter((x) => x.limit === 'locked')) parts.push(`${l.name} is locked at ${money(l.recommended)} (marginal ROAS ${roas(l.marginalRoas)})`);
  const free = limits.filter((x) => x.limit === 'none');
  if (free.length > 0) {
    const values = free.map((l) => l.marginalRoas);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const money = currency && isMoneyOutcome(outcome);
    const show = (v: number) => (money ? moneyRoas(v, currency) : roas(v));
    const level = high - low <= 0.05 * high ? `about ${show((low + high) / 2)}` : `${show(low)}–${show(high)}`;
    const unit = money ? describeMoney(1, currency) : 'unit of spend';
    parts.push(`${list(free.map((l) => l.name))} ${free.length === 1 ? 'sits' : 'sit'} between ${free.length === 1 ? 'its' : 'their'} bounds, where the next ${unit} brings ${level} of ${outcome}`);
  }
  return parts.length > 0 ? `Why: ${parts.join('; ')}.` : '';
}

/**
 * A warning when recommended extra spend returns less than it costs (money outcomes only): the
 * channels, their marginal ROAS, where each stops paying for itself, and the budget at which every
 * channel's last unit still returns one (curves are separable, so that is the sum of the channels'
 * break-even spends within their bounds).
 */
export function lossWarning(allocation: Allocation, responses: Record<string, ChannelResponse>, outcome: string, currency: string | undefined, period: string): string | undefined {
  if (!isMoneyOutcome(outcome)) return undefined;
  const losing = unprofitableIncreases(allocation.channels);
  if (losing.length === 0) return undefined;
  const money = (value: number) => describeMoney(value, currency);
  const extra = losing.reduce((s, c) => s + c.change, 0);
  const low = Math.min(...losing.map((c) => c.marginalRoas));
  const high = Math.max(...losing.map((c) => c.marginalRoas));
  const range = Math.abs(high - low) < 0.005 ? roas(low) : `${roas(low)}–${roas(high)}`;
  const breakEven = losing.map((c) => {
    const spend = breakEvenSpend(responses[c.name], allocation.periodWeeks);
    return `${c.name} ${spend === 0 ? 'never' : Number.isFinite(spend) ? money(spend) : 'at any spend'}`;
  });
  const paying = allocation.channels.reduce((s, c) => {
    if (c.locked) return s + c.current;
    const spend = breakEvenSpend(responses[c.name], allocation.periodWeeks);
    return s + Math.min(c.bounds.max, Math.max(c.bounds.min, Number.isFinite(spend) ? spend : c.bounds.max));
  }, 0);
  const one = currency ? describeMoney(1, currency) : '1';
  const back = !currency ? range : Math.abs(high - low) < 0.005 ? moneyRoas(low, currency) : `${moneyRoas(low, currency)}–${moneyRoas(high, currency)}`;
  return (
    `:warning: The extra ${money(extra)} per ${period} for ${list(losing.map((c) => c.name))} returns less than it costs: at the recommended spend the next ${one} brings back only ${back} of ${outcome} (marginal ROAS below 1). ` +
    `Spend pays for itself on the margin only up to about ${list(breakEven)} per ${period}; at about ${money(paying)} per ${period} (within the bounds) every channel's last ${one} would still bring back at least ${one}.`
  );
}

/** 0.384 → '£0.38' (or '0.38 CHF'). */
function moneyRoas(value: number, currency: string): string {
  const one = describeMoney(1, currency);
  return one.endsWith('1') ? `${one.slice(0, -1)}${value.toFixed(2)}` : `${value.toFixed(2)} ${currency}`;
}

function weekRange(first: string, last: string): string {
  return `${dayText(Date.parse(`${first}T00:00:00Z`))} – ${dayText(Date.parse(`${last}T00:00:00Z`) + 6 * 86_400_000)}`;
}

/**
 * Which outcome the curves explain, from which file and weeks; a warning when the orders and the
 * spend weeks do not overlap (the orders then say nothing about what the spend did).
 */
export function outcomeSentence(outcome: string, overlap: DataOverlap, fileName?: string): string {
  const source = `the spend file's own ${outcome} column (${fileName ? `${fileName}, ` : ''}weekly, ${weekRange(overlap.spend.first, overlap.spend.last)}), not the orders`;
  const lines = [`Outcome explained: ${source}.`];
  if (overlap.orders && !overlap.overlaps) {
    lines.push(
      `:warning: The spend weeks (${weekRange(overlap.spend.first, overlap.spend.last)}) and the orders (${dayText(overlap.orders.first)} – ${dayText(overlap.orders.last)}) do not overlap in time: ` +
        `nothing links this spend to your orders, so the advice rests on the spend file's ${outcome} only.`,
    );
  }
  return lines.join('\n');
}

export function scenarioTable(allocation: Allocation, outcome: string, currency?: string): Table {
  return {
    title: 'What if the budget changed',
    columns: ['Budget', 'Best expected media-driven ' + outcome, 'vs current split'],
    rows: allocation.scenarios.map((s) => {
      const label = `${describeMoney(s.budget, currency)} (${formatSigned((s.factor - 1) * 100, 0)} %)`;
      return s.feasible
        ? [label, compactNumber(s.expectedTotal), `${formatSigned(s.expectedLiftPct, 1)} %`]
        : [label, 'not possible within the bounds', '—'];
    }),
    align: ['left', 'right', 'right'],
  };
}

function formatSigned(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  return `${value < 0 && Number(text) !== 0 ? '−' : '+'}${text}`;
}
