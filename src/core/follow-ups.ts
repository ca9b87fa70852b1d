import { DAY_MS } from '../time/calendar.ts';
import { parseFollowUp, type FollowUpChange } from '../nlu/follow-up.ts';
import type { Repositories } from '../repos/index.ts';
import { splitCommandWord, tokenize } from './args.ts';
import type { IncomingMessage } from './conversation.ts';

/** A conversation's last command is forgotten after a day. */
export const FOLLOW_UP_MEMORY_MS = DAY_MS;

/** Commands a follow-up can change (their exports and lasting changes are not followed up). */
const FOLLOWED = new Set(['metric', 'forecast', 'clv', 'segment', 'allocate']);

export type FollowUpResolution =
  | { kind: 'run'; commandLine: string; intent: string }
  | { kind: 'ask'; text: string };

/**
 * One key per conversation: a DM or console is one conversation; a Slack thread is one; a slash
 * command outside a thread is one per person and channel.
 */
export function conversationKey(message: IncomingMessage): string {
  const { adapter, channelId, userId, threadTs } = message.conversation;
  if (message.via === 'dm' || message.via === 'console') return `${adapter}:${channelId}`;
  if (threadTs) return `${adapter}:${channelId}:${threadTs}`;
  return `${adapter}:${channelId}:${userId}`;
}

/** Remembers the last command of each conversation and turns follow-ups into the changed command. */
export class FollowUps {
  constructor(private readonly repos: Pick<Repositories, 'conversations' | 'dataSummary'>) {}

  /** After a command ran: keep it as the conversation's last command (only those a follow-up can change). */
  async remember(message: IncomingMessage, commandName: string, argText: string): Promise<void> {
    if (message.via === 'schedule' || !FOLLOWED.has(commandName)) return;
    const line = `${commandName} ${argText}`.trim();
    if (/^(?:segment|clv) export\b/i.test(line)) return;
    await this.repos.conversations.remember(conversationKey(message), line, commandName);
  }

  /**
   * The command a follow-up stands for, a question when it refers to nothing, or undefined when the
   * text is not a follow-up (it is then routed as usual). Reads one conversation row and the data summary.
   */
  async resolve(message: IncomingMessage, text: string): Promise<FollowUpResolution | undefined> {
    if (message.via === 'schedule') return undefined;
    const previous = await this.repos.conversations.lastCommand(conversationKey(message), Date.now() - FOLLOW_UP_MEMORY_MS);
    // Country and channel names come from the data summary (one row), as the intent service reads them.
    const summary = await this.repos.dataSummary.get().catch(() => undefined);
    const followUp = parseFollowUp(text, { countries: summary?.orders?.countries.map((c) => c.name) ?? [], channels: summary?.spend?.channels.map((c) => c.name) ?? [] });
    // A short sentence without a follow-up word ("by country?") is one only after a command.
    if (!followUp || (!followUp.marked && !previous)) return undefined;
    if (!previous) {
      return { kind: 'ask', text: "What does that refer to? I have no earlier command in this conversation (from the last day) to change. Ask the whole question, e.g. `what was revenue last month by country?`" };
    }
    const commandLine = applyFollowUp(previous.commandLine, followUp.change);
    if (!commandLine) return undefined;
    return { kind: 'run', commandLine, intent: previous.intent ?? splitCommandWord(commandLine).word };
  }
}

const word = (value: string | number) => (/[\s"'’]/.test(String(value)) ? `"${String(value).replace(/"/g, '\\"')}"` : String(value));
const UNIT_WORDS = { d: 'days', w: 'weeks', m: 'months', q: 'quarters' } as const;

interface Line {
  positional: string[];
  named: Map<string, string>;
}

function readLine(argText: string): Line {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const token of tokenize(argText)) {
    const match = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(token);
    if (match) named.set(match[1].toLowerCase(), match[2]);
    else positional.push(token);
  }
  return { positional, named };
}

function writeLine(command: string, line: Line): string {
  return [command, ...line.positional.map(word), ...[...line.named].map(([key, value]) => `${key}=${word(value)}`)].join(' ');
}

/**
 * The previous command line with the follow-up's changes, or undefined when nothing the follow-up
 * names applies to that command ("by country" after a forecast): the text is then routed as usual.
 */
export function applyFollowUp(previousLine: string, change: FollowUpChange): string | undefined {
  const { word: command, rest } = splitCommandWord(previousLine);
  const line = readLine(rest);
  const before = writeLine(command, line);
  const set = (key: string, value: string | number | undefined) => value !== undefined && line.named.set(key, String(value));
  switch (command) {
    case 'metric': {
      const [name = 'revenue', ...words] = line.positional;
      // Words after the period that say a breakdown, comparison or top N stay when the period changes.
      const tail = words.findIndex((w) => /^(?:by|per|vs|versus|top|compared)$/i.test(w));
      const period = change.period ?? (change.horizonWords ? `last ${change.horizonWords.amount} ${UNIT_WORDS[change.horizonWords.unit]}` : undefined);
      const kept = period ? [...period.split(/\s+/), ...(tail >= 0 ? words.slice(tail) : [])] : words;
      line.positional = [change.metric ?? name, ...kept];
      set('by', change.by);
      set('vs', change.compare);
      set('top', change.top);
      set('country', change.country);
      break;
    }
    case 'forecast': {
      if (line.positional[0]?.toLowerCase() === 'accuracy') {
        line.positional = ['accuracy', ...(change.metric ? [change.metric] : line.positional.slice(1))];
        set('country', change.country);
        break;
      }
      // `forecast <metric> <horizon words>` or `forecast <horizon words>`, as the command reads them.
      const startsWithHorizon = line.positional.length > 0 && /^(?:\d|next\b|q[1-4]\b)/i.test(line.positional[0]);
      const metric = startsWithHorizon ? undefined : line.positional[0];
      const horizon = line.positional.slice(metric === undefined ? 0 : 1);
      line.positional = [...[change.metric ?? metric].filter((w): w is string => w !== undefined), ...(change.horizon ? [change.horizon] : horizon)];
      set('country', change.country);
      break;
    }
    case 'clv':
      if (line.positional.length) return undefined;
      set('horizon', change.horizon);
      set('top', change.top);
      set('country', change.country);
      break;
    case 'segment': {
      const showing = line.positional[0]?.toLowerCase() === 'show';
      if (change.segmentName) {
        const top = line.named.get('top');
        // Unquoted words as people type them; one quoted word when it holds an apostrophe ("can't lose them").
        const name = change.segmentName.toLowerCase();
        line.positional = ['show', ...(/['’]/.test(name) ? [name] : name.split(/\s+/))];
        line.named = new Map(top ? [['top', top]] : []);
      } else if (showing) {
        set('top', change.top);
      } else {
        set('k', change.k);
        set('country', change.country);
      }
      break;
    }
    case 'allocate':
      if (change.budget === undefined || line.positional[0]?.toLowerCase() === 'roi') return undefined;
      line.positional = [String(change.budget), ...line.positional.slice(1)];
      break;
    default:
      return undefined;
  }
  const after = writeLine(command, line);
  return after === before ? undefined : after;
}
