import type { Logger } from 'pino';
import { DAY_MS } from '../time/calendar.ts';
import { BUSY_MESSAGE, isBusy, retryWhenBusy } from '../db/busy.ts';
import type { Config } from '../config.ts';
import { errorMessage, NotAllowedError, PulseError, UsageError } from '../errors.ts';
import type { EnqueueRequest, JobQueue, JobEvent } from '../queue/queue.ts';
import { hasStoredFiles, loadReplyFiles } from '../queue/reply-files.ts';
import type { Repositories } from '../repos/index.ts';
import type { JobUpdate, ReplyPort } from './adapter.ts';
import { parseArgs, splitCommandWord } from './args.ts';
import { storableText } from '../repos/storable-text.ts';
import { validateArgs, type CommandDefinition, type CommandOutcome } from './command.ts';
import type { IncomingMessage } from './conversation.ts';
import type { IntentService, Interpretation } from './intents.ts';
import type { CommandRegistry } from './registry.ts';
import { errorReply, type Reply } from './reply.ts';
import { FollowUps } from './follow-ups.ts';

export interface BotDeps {
  commands: CommandRegistry;
  queue: JobQueue;
  repos: Repositories;
  config: Config;
  logger: Logger;
  intents?: IntentService;
}

interface AuditFields {
  intent?: string;
  command?: string;
  outcome: string;
  detail?: string;
}

/** A job a message asks for, its arguments checked: queued once the answer has gone out. */
interface JobToQueue {
  request: EnqueueRequest;
  /** Its acknowledgement, which becomes the job's message once the job is queued. */
  reply: Reply;
  audit: { intent?: string; command: string };
}

interface Routed {
  replies: Reply[];
  audit: AuditFields;
  job?: JobToQueue;
  /** The command behind the answer, remembered for follow-ups once it went through. */
  remember?: { command: string; argText: string };
}

/**
 * A message's answer in two steps, so that an adapter with a deadline (Slack's 3-second ack) answers
 * first and does the rest afterwards.
 */
export interface Handling {
  /**
   * What can be said at once: arguments checked, errors explained, a command's direct answer. No job
   * is queued yet and no audit or follow-up row written (a command whose answer is a change, like a
   * new schedule, has made it).
   */
  replies: Reply[];
  /**
   * Queues the job (if any) and writes the bookkeeping (audit, follow-up memory); resolves to the
   * replies that follow: the job's acknowledgement, or why it could not be queued. Never rejects.
   */
  finish(): Promise<Reply[]>;
}

const NOTHING_TO_FINISH = async (): Promise<Reply[]> => [];

const EVENT_MEMORY_MS = DAY_MS;
/** How long a "shall I?" question waits for its yes. */
const CONFIRMATION_MS = 10 * 60_000;
const CONFIRMATION_WORDS = /^(?:(yes|y|yep|yeah|sure|ok|okay|do it|go ahead|confirm|yes please)|no|n|nope|cancel|don't|do not|never mind)[.!]*$/i;

/** Asks before a plain-language message changes something lasting: naive-Bayes confidence is not a reason to guess. */
function confirmation(commandLine: string, intent: string): Routed {
  return {
    replies: [
      {
        text: `I understood: \`${commandLine}\`\nThis changes something that lasts, so I'll wait for your go-ahead: answer *yes* to run it or *no* to drop it.`,
        choices: [
          { label: 'Yes, run it', text: commandLine },
          { label: 'No', text: 'no' },
        ],
      },
    ],
    audit: { intent, outcome: 'confirm', detail: commandLine },
  };
}
const EVENT_PRUNE_INTERVAL_MS = 3600_000;
/**
 * Longest `finish` waits for its audit row (written off the event loop) while the database is busy:
 * the row is normally there within milliseconds, and keeps being retried after this.
 */
const AUDIT_WAIT_MS = 1000;

/**
 * The core: routes a message to a command (directly, or through intents for plain language),
 * enforces admin-only commands, enqueues work, and relays job progress to the adapter that asked.
 */
export class Bot {
  private readonly ports = new Map<string, ReplyPort>();
  private lastPrunedAt = 0;
  private readonly followUps: FollowUps;

  constructor(private readonly deps: BotDeps) {
    this.followUps = new FollowUps(deps.repos);
    deps.repos.audit.prepareToRecord();
    deps.queue.onEvent((event) => void this.relay(event));
  }

  get commands(): CommandRegistry {
    return this.deps.commands;
  }

  /** An adapter registers where updates for its conversations go. */
  attach(adapterName: string, port: ReplyPort): void {
    this.ports.set(adapterName, port);
  }

  isAdmin(message: IncomingMessage): boolean {
    return message.speakerIsAdmin === true || this.deps.config.adminUserIds.includes(message.conversation.userId);
  }

  /** Handles one message to the end; returns its replies (queued work answers later via the port). */
  async handle(message: IncomingMessage): Promise<Reply[]> {
    const handling = await this.receive(message);
    return [...handling.replies, ...(await handling.finish())];
  }

  /** Routes a message and checks its arguments; queuing and bookkeeping wait for `finish`. */
  async receive(incoming: IncomingMessage): Promise<Handling> {
    // NUL cannot be stored in PostgreSQL text or jsonb (job arguments): it never goes further than here.
    const message = { ...incoming, text: storableText(incoming.text) };
    if (message.eventId && !(await this.claim(message.eventId))) {
      this.deps.logger.debug({ eventId: message.eventId }, 'duplicate event ignored');
      return { replies: [], finish: NOTHING_TO_FINISH };
    }
    const routed = await this.route(message).catch((err): Routed => this.failure(err));
    let finishing: Promise<Reply[]> | undefined;
    return { replies: routed.replies, finish: () => (finishing ??= this.finish(message, routed)) };
  }

  private async finish(message: IncomingMessage, routed: Routed): Promise<Reply[]> {
    const done = routed.job ? await this.enqueue(routed.job).catch((err): Routed => this.failure(err)) : routed;
    const wentThrough = !routed.job || done.replies.some((reply) => reply.job);
    if (routed.remember && wentThrough) await this.remember(message, routed.remember);
    // Normally written before `finish` resolves; while another process holds the database's write
    // lock, it does not wait for it (the write retries on its own).
    await Promise.race([this.audit(message, done.audit), new Promise((resolve) => setTimeout(resolve, AUDIT_WAIT_MS).unref())]);
    return routed.job ? done.replies : [];
  }

  private async enqueue(job: JobToQueue): Promise<Routed> {
    const queued = await this.deps.queue.enqueue(job.request);
    const reply: Reply = { ...job.reply, text: queued.duplicate ? `${job.reply.text} (already queued)` : job.reply.text, job: { id: queued.jobId, name: job.request.name } };
    return { replies: [reply], audit: { ...job.audit, outcome: queued.duplicate ? 'duplicate' : 'queued', detail: queued.jobId } };
  }

  private async remember(message: IncomingMessage, { command, argText }: { command: string; argText: string }): Promise<void> {
    await this.followUps.remember(message, command, argText).catch((err) => this.deps.logger.warn({ err }, 'could not remember the last command'));
  }

  /** First delivery of an event id; ids older than a day are forgotten now and then (Slack retries within minutes). */
  private async claim(eventId: string): Promise<boolean> {
    const claimed = await retryWhenBusy(() => this.deps.repos.events.claim(eventId));
    const now = Date.now();
    if (now - this.lastPrunedAt > EVENT_PRUNE_INTERVAL_MS) {
      this.lastPrunedAt = now;
      await this.deps.repos.events.forgetOlderThan(EVENT_MEMORY_MS).catch((err) => this.deps.logger.warn({ err }, 'could not prune processed events'));
    }
    return claimed;
  }

  private async route(message: IncomingMessage): Promise<Routed> {
    const text = stripSlashCommand(message.text, this.deps.config.slack?.command ?? '/pulse');
    if (!text) return this.run(message, this.deps.commands.find('help')!, '', undefined);
    const answer = CONFIRMATION_WORDS.exec(text);
    if (answer) {
      const confirmed = await this.answerConfirmation(message, answer[1] !== undefined);
      if (confirmed) return confirmed;
    }
    const { word, rest } = splitCommandWord(text);
    const command = this.deps.commands.find(word);
    if (command) {
      try {
        return await this.run(message, command, rest, undefined);
      } catch (err) {
        const reread = err instanceof UsageError ? await this.rereadAsSentence(message, text, command.name) : undefined;
        if (reread) return reread;
        throw err;
      }
    }
    const followUp = await this.followUps.resolve(message, text);
    if (followUp?.kind === 'ask') return { replies: [{ text: followUp.text }], audit: { outcome: 'follow-up-unclear' } };
    if (followUp) return this.runFollowUp(message, followUp.commandLine, followUp.intent);
    return this.interpret(message, text);
  }

  /** A follow-up runs the changed command and says which, so people learn the syntax. */
  private async runFollowUp(message: IncomingMessage, commandLine: string, intent: string): Promise<Routed> {
    const { word, rest } = splitCommandWord(commandLine);
    const routed = await this.run(message, this.deps.commands.find(word)!, rest, intent);
    return mapAnswers(routed, (reply, i) => (i === 0 ? { ...reply, text: `Running \`${commandLine}\`\n${reply.text}` } : reply));
  }

  /**
   * "forecast revenue for the next 8 weeks" starts with a command word but is a sentence: when the
   * command refuses its words as arguments, the sentence is read as plain language; if that gives a
   * line of the same command that runs, the answer starts with it, so people learn the syntax.
   * Undefined when it does not (the command's own usage error then stands).
   */
  private async rereadAsSentence(message: IncomingMessage, text: string, commandName: string): Promise<Routed | undefined> {
    if (!this.deps.intents || !readsAsSentence(text)) return undefined;
    const result = await this.deps.intents.interpret(text);
    if (result.action === 'out_of_scope' || result.action === 'clarify' || result.commandLine === text) return undefined;
    if (splitCommandWord(result.commandLine).word !== commandName) return undefined;
    try {
      const routed = await this.interpret(message, text, result);
      return mapAnswers(routed, (reply, i) => (i === 0 && !reply.isError && !reply.choices ? { ...reply, text: `Running \`${result.commandLine}\`\n${reply.text}` } : reply));
    } catch (err) {
      if (err instanceof UsageError) return undefined;
      throw err;
    }
  }

  /** `understood`: the reading already made of `text`, if any (it is not made twice). */
  private async interpret(message: IncomingMessage, text: string, understood?: Interpretation): Promise<Routed> {
    const intents = this.deps.intents;
    if (!intents) {
      return { replies: [errorReply(`I don't know the command "${splitCommandWord(text).word}". Type \`help\` to see what I can do.`)], audit: { outcome: 'unknown-command' } };
    }
    const result = understood ?? (await intents.interpret(text));
    if (result.action === 'out_of_scope') {
      const reply: Reply = { text: "Sorry, that's outside what I can help with. I can answer what revenue, orders, customers or spend were, forecast them, segment customers, estimate churn risk and lifetime value, split a marketing budget, and alert you when a metric breaks away. Type `help` for examples." };
      return { replies: [reply], audit: { intent: 'out_of_scope', outcome: 'out-of-scope' } };
    }
    if (result.action === 'clarify') {
      const reply: Reply = {
        text: "I'm not sure what you meant. Did you mean one of these?",
        choices: result.choices.map((c) => ({ label: c.label, text: c.commandLine })),
      };
      return { replies: [reply], audit: { intent: result.choices[0]?.intent, outcome: 'clarify' } };
    }
    const { word, rest } = splitCommandWord(result.commandLine);
    const command = this.deps.commands.find(word);
    if (!command) return { replies: [errorReply(`I understood "${result.intent}" but have no command for it.`)], audit: { intent: result.intent, outcome: 'error' } };
    if (command.makesLastingChange && !(command.adminOnly && !this.isAdmin(message))) {
      const args = validateArgs(command, parseArgs(rest, { knownValues: await this.knownValues(rest) }));
      if (command.makesLastingChange(args)) return confirmation(result.commandLine, result.intent);
    }
    const routed = await this.run(message, command, rest, result.intent);
    return mapAnswers(routed, (reply) => (reply.isError ? reply : { ...reply, feedback: { text, intent: result.intent } }));
  }

  private async run(message: IncomingMessage, command: CommandDefinition, argText: string, intent: string | undefined): Promise<Routed> {
    const isAdmin = this.isAdmin(message);
    if (command.adminOnly && !isAdmin) {
      throw new NotAllowedError(`Only admins may use \`${command.name}\`. Ask an admin, or see \`help\`.`);
    }
    const args = validateArgs(command, parseArgs(argText, { knownValues: await this.knownValues(argText) }));
    const outcome: CommandOutcome = await command.run({
      args,
      message,
      isAdmin,
      repos: this.deps.repos,
      config: this.deps.config,
      commands: this.deps.commands,
      intents: this.deps.intents,
    });
    const remember = { command: command.name, argText };
    if ('reply' in outcome) return { replies: [outcome.reply], audit: { intent, command: command.name, outcome: 'reply' }, remember };
    const { job, payload, ack } = outcome.enqueue;
    const jobId = outcome.enqueue.jobId ?? (message.eventId ? `event-${message.eventId}` : undefined);
    const request: EnqueueRequest = { name: job, envelope: { payload, conversation: message.conversation, requestText: message.text }, jobId };
    // Queued by `finish`, once the answer has gone out; what the job's ack will say is known now.
    return { replies: [], audit: { intent, command: command.name, outcome: 'queued' }, job: { request, reply: { text: ack }, audit: { intent, command: command.name } }, remember };
  }

  /**
   * "yes" or "no" right after Pulse asked to confirm a lasting change (in this conversation, within
   * CONFIRMATION_MS): runs the command or drops it. The question lives in the audit log, so any bot
   * process can take the answer. Undefined when there is no open question: the words are routed as usual.
   */
  private async answerConfirmation(message: IncomingMessage, yes: boolean): Promise<Routed | undefined> {
    const { userId, channelId } = message.conversation;
    const last = await this.deps.repos.audit.lastOf(userId, channelId, Date.now() - CONFIRMATION_MS);
    if (last?.outcome !== 'confirm' || !last.detail) return undefined;
    if (!yes) return { replies: [{ text: `OK, I did not run \`${last.detail}\`. Nothing changed.` }], audit: { intent: last.intent ?? undefined, outcome: 'declined', detail: last.detail } };
    const { word, rest } = splitCommandWord(last.detail);
    const command = this.deps.commands.find(word);
    if (!command) return undefined;
    return this.run(message, command, rest, last.intent ?? undefined);
  }

  /** Country names with spaces may be typed unquoted (`country=United Kingdom`); read from the data summary only when needed. */
  private async knownValues(argText: string): Promise<Record<string, string[]> | undefined> {
    if (!/\bcountry\s*=/i.test(argText)) return undefined;
    const summary = await this.deps.repos.dataSummary.get();
    return { country: summary.orders?.countries.map((c) => c.name) ?? [] };
  }

  private failure(err: unknown): Routed {
    if (err instanceof UsageError) return { replies: [errorReply(err.message, err.usage)], audit: { outcome: 'usage-error', detail: err.message } };
    if (err instanceof NotAllowedError) return { replies: [errorReply(err.message)], audit: { outcome: 'refused', detail: err.message } };
    if (err instanceof PulseError) return { replies: [errorReply(err.message)], audit: { outcome: 'error', detail: err.message } };
    if (isBusy(err)) return { replies: [errorReply(BUSY_MESSAGE)], audit: { outcome: 'error', detail: errorMessage(err) } };
    this.deps.logger.error({ err }, 'unexpected error while handling a message');
    return { replies: [errorReply(`Something went wrong on my side: ${errorMessage(err)}. Nothing was queued.`)], audit: { outcome: 'error', detail: errorMessage(err) } };
  }

  private async audit(message: IncomingMessage, audit: AuditFields): Promise<void> {
    try {
      await this.deps.repos.audit.record({
        userId: message.conversation.userId,
        channelId: message.conversation.channelId,
        source: `${message.conversation.adapter}:${message.via}`,
        text: message.text.slice(0, 2000),
        ...audit,
      });
    } catch (err) {
      this.deps.logger.error({ err }, 'could not write the audit log');
    }
  }

  /** A worker on another host stored the reply's charts and files in the database: their bytes, for the adapter. */
  private async withFiles(reply: Reply): Promise<Reply> {
    try {
      return await loadReplyFiles(reply, this.deps.repos.jobFiles);
    } catch (err) {
      this.deps.logger.error({ err }, 'could not load the files of a job result');
      return reply;
    }
  }

  private async relay(event: JobEvent): Promise<void> {
    const port = this.ports.get(event.envelope.conversation.adapter);
    if (!port) return;
    const update: JobUpdate =
      event.type === 'progress'
        ? { jobId: event.jobId, name: event.name, status: 'progress', percent: event.progress.percent, note: event.progress.note }
        : event.type === 'completed'
          ? { jobId: event.jobId, name: event.name, status: 'completed', reply: hasStoredFiles(event.result.reply) ? await this.withFiles(event.result.reply) : event.result.reply, summary: event.result.summary }
          : { jobId: event.jobId, name: event.name, status: 'failed', error: event.error };
    try {
      await port.jobUpdate(event.envelope.conversation, update);
    } catch (err) {
      this.deps.logger.error({ err, jobId: event.jobId }, 'could not deliver a job update');
    }
  }
}

/**
 * The routed message with its answers (the direct ones, then the job's acknowledgement) passed
 * through `change`. Replies are copied, never changed in place: commands may hand out shared ones.
 */
/** The small words that make a line a sentence rather than a mistyped command. */
const SENTENCE_WORDS = /\b(?:for|the|next|of|in|by|over|me|us|our|we|what|how|please|pls|last|this|coming|and|to|per|each|every|with|from|who|which|can|could|would|should)\b/gi;

/**
 * "forecast revenue for the next 8 weeks" reads as a sentence; a line with options or quotes
 * (`key=value`, a quoted schedule) or with fewer than two small words ("forecast revenue 8 weeks
 * banana", "help a b") is a typed command.
 */
function readsAsSentence(text: string): boolean {
  if (/[="]/.test(text)) return false;
  return new Set((text.match(SENTENCE_WORDS) ?? []).map((w) => w.toLowerCase())).size >= 2;
}

function mapAnswers(routed: Routed, change: (reply: Reply, index: number) => Reply): Routed {
  const replies = routed.replies.map(change);
  const job = routed.job && { ...routed.job, reply: change(routed.job.reply, replies.length) };
  return { ...routed, replies, job };
}

function stripSlashCommand(text: string, slashCommand: string): string {
  const trimmed = text.trim();
  for (const prefix of [slashCommand, '/pulse']) {
    if (trimmed.toLowerCase() === prefix) return '';
    if (trimmed.toLowerCase().startsWith(`${prefix} `)) return trimmed.slice(prefix.length).trim();
  }
  return trimmed;
}
