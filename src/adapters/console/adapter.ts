import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, JobUpdate } from '../../core/adapter.ts';
import type { Bot } from '../../core/bot.ts';
import type { Conversation } from '../../core/conversation.ts';
import type { Choice, Reply } from '../../core/reply.ts';
import { renderReply } from './render.ts';

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Interactive prompt (a terminal) or batch (a script piping lines in). */
  interactive: boolean;
  userId?: string;
}

/**
 * The local console: the same bot as Slack, one line at a time. In batch mode it answers each line,
 * jobs included, before it reads the next (as a person would wait: `segment` then `segment show at
 * risk` must find the new run), prints in input order and then resolves `finished`.
 */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private bot?: Bot;
  private lastChoices: Choice[] = [];
  private readonly waiting = new Map<string, (text: string) => void>();
  /** Batch mode: results of jobs that finished before their line registered to wait for them. */
  private readonly early = new Map<string, string>();
  private finishedResolve!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.finishedResolve = resolve));

  constructor(private readonly options: ConsoleAdapterOptions) {}

  private get conversation(): Conversation {
    return { adapter: this.name, channelId: 'console', userId: this.options.userId ?? 'console' };
  }

  async start(bot: Bot): Promise<void> {
    this.bot = bot;
    bot.attach(this.name, this);
    if (this.options.interactive) this.startInteractive();
    else void this.runBatch();
  }

  private startInteractive(): void {
    const rl = createInterface({ input: this.options.input, output: this.options.output, prompt: 'pulse> ' });
    this.print('Pulse console. Type `help` to see what I can do, Ctrl-D to leave.');
    rl.prompt();
    rl.on('line', async (line) => {
      if (line.trim()) this.print(await this.answer(line));
      rl.prompt();
    });
    rl.on('close', () => this.finishedResolve());
  }

  private async runBatch(): Promise<void> {
    const rl = createInterface({ input: this.options.input });
    for await (const line of rl) {
      if (line.trim()) this.print(await this.answerBatch(line));
    }
    this.finishedResolve();
  }

  /** Batch mode: the reply text, plus the job's final result when the line queued one. */
  private async answerBatch(line: string): Promise<string> {
    const replies = await this.handle(line);
    const parts: Array<Promise<string> | string> = [];
    for (const reply of replies) {
      parts.push(`> ${line}\n${renderReply(reply)}`);
      if (reply.job) parts.push(this.resultOf(reply.job.id));
    }
    return (await Promise.all(parts)).join('\n');
  }

  private resultOf(jobId: string): Promise<string> {
    const done = this.early.get(jobId);
    if (done !== undefined) {
      this.early.delete(jobId);
      return Promise.resolve(done);
    }
    return new Promise((resolve) => this.waiting.set(jobId, resolve));
  }

  private async answer(line: string): Promise<string> {
    const replies = await this.handle(line);
    return replies.map(renderReply).join('\n');
  }

  private async handle(line: string): Promise<Reply[]> {
    const text = this.expandChoice(line.trim());
    const replies = await this.bot!.handle({ text, conversation: this.conversation, via: 'console', speakerIsAdmin: true });
    const withChoices = replies.find((r) => r.choices?.length);
    this.lastChoices = withChoices?.choices ?? [];
    return replies;
  }

  /** "2" after a did-you-mean answer picks the second choice (`feedback` and "yes" are understood by the core). */
  private expandChoice(text: string): string {
    const picked = /^\d+$/.test(text) ? this.lastChoices[Number(text) - 1] : undefined;
    return picked ? picked.text : text;
  }

  async send(_conversation: Conversation, reply: Reply): Promise<void> {
    this.print(renderReply(reply));
  }

  async jobUpdate(_conversation: Conversation, update: JobUpdate): Promise<void> {
    const waiter = this.waiting.get(update.jobId);
    if (update.status === 'progress') {
      if (this.options.interactive) this.print(`  … ${update.name} ${Math.round(update.percent)}%${update.note ? `: ${update.note}` : ''}`);
      return;
    }
    const text = update.status === 'completed' ? renderReply(update.reply) : `The ${update.name} job failed: ${update.error}`;
    if (waiter) {
      this.waiting.delete(update.jobId);
      waiter(text);
    } else if (!this.options.interactive) {
      this.early.set(update.jobId, text);
    } else {
      this.print(text);
    }
  }

  private print(text: string): void {
    if (text) this.options.output.write(`${text}\n`);
  }

  async stop(): Promise<void> {
    for (const [id, resolve] of this.waiting) resolve(`(job ${id} did not finish before shutdown)`);
    this.waiting.clear();
  }
}
