import type { types } from '@slack/bolt';
import type { Reply, Table } from '../../core/reply.ts';
import { deepFreeze } from '../../freeze.ts';

type KnownBlock = types.KnownBlock;

/** Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
const MAX_BUTTONS_PER_ACTIONS = 25;
const MAX_BUTTON_LABEL = 75;
const MAX_BUTTON_VALUE = 2000;

export const CHOICE_ACTION = 'pulse_choice';
export const FEEDBACK_RIGHT_ACTION = 'pulse_feedback_right';
export const FEEDBACK_WRONG_ACTION = 'pulse_feedback_wrong';

export interface RenderedMessage {
  /** Notification / fallback text (also what screen readers get). */
  text: string;
  blocks: KnownBlock[];
}

/** Renderings of frozen replies (help), which never change: each is rendered once. */
const renderedOnce = new WeakMap<Reply, RenderedMessage>();

/** A reply as Block Kit: text sections, tables as code blocks, choice and feedback buttons, within Slack's limits. */
export function renderReply(reply: Reply): RenderedMessage {
  if (!Object.isFrozen(reply)) return render(reply);
  let rendered = renderedOnce.get(reply);
  if (!rendered) renderedOnce.set(reply, (rendered = deepFreeze(render(reply))));
  return rendered;
}

function render(reply: Reply): RenderedMessage {
  const blocks: KnownBlock[] = splitText(escapeText(reply.text)).map(section);
  for (const table of reply.tables ?? []) blocks.push(section(renderTable(table)));
  if (reply.choices?.length) blocks.push(...choiceBlocks(reply.choices));
  if (reply.feedback) blocks.push(feedbackBlock(reply.feedback));
  return { text: fallbackText(escapeText(reply.text)), blocks: capBlocks(blocks) };
}

/**
 * Slack's own markup that Pulse keeps in text: user and channel mentions, links. Special mentions
 * (`<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`) are not in the list: Pulse never
 * broadcasts, and they only reach a reply by echoing what someone typed.
 */
const SLACK_MARKUP = /^<(?:[@#][^>\s]*|(?:https?|mailto):[^>\s]*)>$/;

/**
 * Slack reads `&`, `<` and `>` as markup, so literal ones must be sent as entities: a usage line
 * `spin <ms>` would otherwise lose `<ms>` as a broken link, and an echoed `<!channel>` would notify
 * the whole channel. User and channel mentions, links and entities already written are kept.
 */
export function escapeText(text: string): string {
  return text
    .split(/(<[^<>\n]*>)/)
    .map((part) => (SLACK_MARKUP.test(part.replace(/\|[^>]*>$/, '>')) ? part : part.replace(/&(?!(?:amp|lt|gt);)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** Table cells are literal text (a code block): every `&`, `<` and `>` is escaped. */
function escapeLiteral(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `verbatim: true`: Slack must not turn plain words into mentions or links (a typed `@channel`
 * stays text); Pulse's own markup (`<#C123>`, links) still works.
 */
export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

export function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, MAX_SECTION_TEXT), verbatim: true }] };
}

/** Splits on paragraph, then line, then hard boundaries so that no piece exceeds `limit`. */
export function splitText(text: string, limit = MAX_SECTION_TEXT): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    current = line;
    while (current.length > limit) {
      pieces.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current.trim()) pieces.push(current);
  return pieces.length ? pieces : [' '];
}

/** A table as a monospaced code block; rows that do not fit are dropped with a note saying how many. */
export function renderTable(table: Table, limit = MAX_SECTION_TEXT): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(formatCell))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const rightAligned = table.columns.map((_, i) => (table.align?.[i] ?? (table.rows.every((r) => typeof r[i] === 'number') ? 'right' : 'left')) === 'right');
  const line = (row: string[]) =>
    escapeLiteral(row.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
  const title = table.title ? `*${escapeText(table.title)}*\n` : '';
  const lines = [line(cells[0]), ...cells.slice(1).map(line)];
  for (let shown = lines.length; shown >= 1; shown--) {
    const hidden = lines.length - shown;
    const note = hidden ? `\n_${hidden} more row${hidden === 1 ? '' : 's'} not shown_` : '';
    const text = `${title}\`\`\`\n${lines.slice(0, shown).join('\n')}\n\`\`\`${note}`;
    if (text.length <= limit) return text;
  }
  return `${title}_(table too wide to show)_`;
}

function formatCell(cell: string | number): string {
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell) ? cell.toLocaleString('en-US') : cell.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function choiceBlocks(choices: NonNullable<Reply['choices']>): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < choices.length; i += MAX_BUTTONS_PER_ACTIONS) {
    blocks.push({
      type: 'actions',
      elements: choices.slice(i, i + MAX_BUTTONS_PER_ACTIONS).map((choice, j) => ({
        type: 'button',
        action_id: `${CHOICE_ACTION}_${i + j}`,
        text: { type: 'plain_text', text: choice.label.slice(0, MAX_BUTTON_LABEL) },
        value: choice.text.slice(0, MAX_BUTTON_VALUE),
      })),
    });
  }
  return blocks;
}

function feedbackBlock(feedback: NonNullable<Reply['feedback']>): KnownBlock {
  const value = JSON.stringify({ text: feedback.text.slice(0, 1500), intent: feedback.intent });
  return {
    type: 'actions',
    elements: [
      { type: 'button', action_id: FEEDBACK_RIGHT_ACTION, text: { type: 'plain_text', text: '👍 Right' }, value },
      { type: 'button', action_id: FEEDBACK_WRONG_ACTION, text: { type: 'plain_text', text: '👎 Wrong' }, value },
    ],
  };
}

function capBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  return [...kept, context(`_${blocks.length - kept.length} more parts not shown._`)];
}

function fallbackText(text: string): string {
  return text.length > MAX_SECTION_TEXT ? `${text.slice(0, MAX_SECTION_TEXT - 1)}…` : text;
}

/** The message shown while a job runs. */
export function progressMessage(name: string, percent: number, note?: string): RenderedMessage {
  const text = `:hourglass_flowing_sand: ${name}: ${Math.round(percent)}%${note ? ` (${escapeText(note)})` : ''}`;
  return { text, blocks: [section(text)] };
}

export function failureMessage(name: string, error: string): RenderedMessage {
  const text = `:warning: The ${name} job failed: ${escapeText(error)}`;
  return { text: fallbackText(text), blocks: splitText(text).slice(0, MAX_BLOCKS).map(section) };
}
