import type { Table } from '../../core/reply.ts';
import type { Allocation, ChannelAllocation, MixModel } from '../../ml/mmm/index.ts';

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

export function channelTable(allocation: Allocation, outcome: string, currency?: string): Table {
  const money = (value: number) => describeMoney(value, currency);
  return {
    title: 'Per channel (money per period)',
    columns: ['Channel', 'Current', 'Recommended', 'Change', `Expected ${outcome}`, 'Marginal ROAS'],
    rows: allocation.channels.map((c: ChannelAllocation) => [
      c.locked ? `${c.name} (locked)` : c.name,
      money(c.current),
      money(c.recommended),
      `${c.change >= 0 ? '+' : ''}${money(c.change)}`,
      compactNumber(c.expected),
      c.marginalRoas.toFixed(2),
    ]),
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
  };
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
