import Table from 'cli-table3';
import type { Reply, Table as ReplyTable } from '../../core/reply.ts';

/** Plain-text rendering of a reply: text, aligned tables, chart and file paths, numbered choices. */
export function renderReply(reply: Reply): string {
  const parts = [stripMrkdwn(reply.text)];
  for (const table of reply.tables ?? []) parts.push(renderTable(table));
  for (const chart of reply.charts ?? []) parts.push(`Chart: ${chart.path}`);
  for (const file of reply.files ?? []) parts.push(`File: ${file.path}`);
  if (reply.choices?.length) {
    parts.push(reply.choices.map((c, i) => `  ${i + 1}) ${c.label}`).join('\n'));
    parts.push('Type a number to choose.');
  }
  if (reply.feedback) parts.push('Was that what you meant? Type `feedback right`, or `feedback wrong <intent>`.');
  return parts.filter(Boolean).join('\n');
}

export function renderTable(table: ReplyTable): string {
  const align = table.columns.map((_, i) => table.align?.[i] ?? (table.rows.every((r) => typeof r[i] === 'number') ? 'right' : 'left'));
  const out = new Table({
    head: table.columns,
    colAligns: align,
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of table.rows) out.push(row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  return (table.title ? `${table.title}\n` : '') + out.toString();
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Slack mrkdwn to plain text: *bold* and `code` marks are dropped in the terminal. */
function stripMrkdwn(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1');
}
