import { App as BoltApp, type webApi } from '@slack/bolt';
import type { App as PulseApp } from '../../app.ts';
import type { Adapter, JobUpdate } from '../../core/adapter.ts';
import type { Bot } from '../../core/bot.ts';
import type { Conversation } from '../../core/conversation.ts';
import type { Reply } from '../../core/reply.ts';
import { WorkspaceAdmins } from './admins.ts';
import { failureMessage, progressMessage, renderReply, type RenderedMessage } from './blocks.ts';
import { boltLogger } from './bolt-logger.ts';
import { ChannelQueue } from './channel-queue.ts';
import { ADAPTER_NAME, type ListenerContext } from './context.ts';
import { JobMessages } from './job-messages.ts';
import { registerListeners } from './listeners/index.ts';

export interface SlackAdapterOptions {
  /** Minimum gap between two progress edits of one job message. */
  minProgressIntervalMs?: number;
  /** Backoff between Web API retries (tests shorten it); the number of retries and 429 handling stay. */
  retryBackoff?: Pick<webApi.RetryOptions, 'minTimeout' | 'maxTimeout'>;
}

/**
 * How Web API calls survive Slack's faults, chosen rather than inherited (the client's default retries
 * for about 30 minutes and never times a call out, which would hold a channel's queue that long):
 * - HTTP 429: the client waits out Retry-After, pausing every call of this process, then retries
 *   (rejectRateLimitedCalls stays false: a rate limit delays a message, it does not drop it);
 * - HTTP 5xx, resets and timeouts: retried after 1, 2, 4 … s (capped at 30 s, randomised), 8 times,
 *   about 2 to 4 minutes in all, before the call fails and is logged;
 * - a call that gets no answer in 30 s is abandoned and retried.
 * Calls are serialised per channel (ChannelQueue), so retries never reorder a channel's messages.
 */
/** Longest `stop` waits for work that follows acks already sent (queuing a job, bookkeeping). */
const SETTLE_ON_STOP_MS = 10_000;

export const SLACK_RETRY: webApi.RetryOptions = { retries: 8, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };
export const SLACK_CALL_TIMEOUT_MS = 30_000;

/**
 * Slack through Bolt: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT at /slack/events
 * (Bolt verifies signatures and timestamps). Job acknowledgements are posted in the channel and then
 * edited with progress and the result; charts are uploaded to the message's thread.
 */
export class SlackAdapter implements Adapter {
  readonly name = ADAPTER_NAME;
  readonly bolt: BoltApp;
  private readonly outbox = new ChannelQueue();
  private readonly jobMessages: JobMessages;
  private readonly admins: WorkspaceAdmins;
  /** Work going on after an ack was sent (see `settled`). */
  private readonly afterAcks = new Set<Promise<void>>();

  constructor(
    private readonly pulse: PulseApp,
    options: SlackAdapterOptions = {},
  ) {
    const slack = pulse.config.slack;
    if (!slack) throw new Error('The Slack adapter needs SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN).');
    this.bolt = new BoltApp({
      token: slack.botToken,
      signingSecret: slack.signingSecret,
      socketMode: Boolean(slack.appToken),
      appToken: slack.appToken,
      port: pulse.config.port,
      logger: boltLogger(pulse.logger),
      // Pulse keeps its own conversation memory (follow-ups, in the database); Bolt's in-memory store
      // would only cost every request a lookup (and an Error when the channel is new to it).
      convoStore: false,
      // Socket Mode's own client (apps.connections.open, reconnects) takes its options from here:
      // without this, SLACK_API_URL would not reach it. Its retry policy stays Socket Mode's (reconnect for long).
      installerOptions: slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl } } : undefined,
      clientOptions: {
        ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
        retryConfig: { ...SLACK_RETRY, ...options.retryBackoff },
        rejectRateLimitedCalls: false,
        timeout: SLACK_CALL_TIMEOUT_MS,
      },
    });
    this.jobMessages = new JobMessages({ minProgressIntervalMs: options.minProgressIntervalMs ?? 1000, waitForPostMs: 5000 });
    this.admins = new WorkspaceAdmins(this.client, slack.workspaceAdmins);
  }

  private get client(): webApi.WebClient {
    return this.bolt.client;
  }

  async start(bot: Bot): Promise<void> {
    bot.attach(this.name, this);
    const ctx: ListenerContext = {
      bot,
      pulse: this.pulse,
      admins: this.admins,
      send: (conversation, reply) => this.send(conversation, reply),
      afterAck: (work) => this.afterAck(work),
    };
    registerListeners(this.bolt, ctx);
    this.bolt.error(async (err) => this.pulse.logger.error({ err }, 'Slack listener failed'));
    await this.bolt.start(this.pulse.config.port);
    const mode = this.pulse.config.slack!.appToken ? 'Socket Mode' : `HTTP on port ${this.pulse.config.port} at /slack/events`;
    this.pulse.logger.info(`Pulse is listening to Slack (${mode})`);
  }

  /** Stops taking requests, then lets the work after the acks already sent finish (for a while): an acked command is not dropped. */
  async stop(): Promise<void> {
    await this.bolt.stop();
    const waited = await Promise.race([this.settled().then(() => true), delay(SETTLE_ON_STOP_MS).then(() => false)]);
    if (!waited) this.pulse.logger.warn({ pending: this.afterAcks.size }, 'stopped while work after an ack was still going on');
  }

  /** Resolves once the work after every ack sent so far is done (queuing, bookkeeping, job messages). */
  async settled(): Promise<void> {
    while (this.afterAcks.size > 0) await Promise.allSettled([...this.afterAcks]);
  }

  private afterAck(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.afterAcks.add(running);
    const forget = () => void this.afterAcks.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Posts a reply (ephemeral ones only to the person); a job acknowledgement becomes the job's status message. */
  async send(conversation: Conversation, reply: Reply): Promise<void> {
    const message = renderReply(reply);
    if (reply.ephemeral) {
      await this.outbox.run(conversation.channelId, () =>
        this.client.chat.postEphemeral({ channel: conversation.channelId, user: conversation.userId, thread_ts: conversation.threadTs, ...message }),
      );
      return;
    }
    if (reply.job) this.jobMessages.startPosting(reply.job.id);
    const ts = await this.post(conversation, message).catch((err: unknown) => {
      if (reply.job) this.jobMessages.remember(reply.job.id, undefined);
      throw err;
    });
    if (reply.job) this.jobMessages.remember(reply.job.id, ts);
    await this.uploadAttachments(conversation, reply, conversation.threadTs ?? ts);
  }

  async jobUpdate(conversation: Conversation, update: JobUpdate): Promise<void> {
    if (update.status === 'progress') {
      if (!this.jobMessages.takeProgressSlot(update.jobId)) return;
      const ts = await this.jobMessages.whenPosted(update.jobId);
      if (ts) await this.edit(conversation.channelId, ts, progressMessage(update.name, update.percent, update.note));
      return;
    }
    const ts = await this.jobMessages.whenPosted(update.jobId);
    this.jobMessages.forget(update.jobId);
    const message = update.status === 'completed' ? renderReply(update.reply) : failureMessage(update.name, update.error);
    const postedTs = ts ? (await this.edit(conversation.channelId, ts, message), ts) : await this.post(conversation, message);
    if (update.status === 'completed') await this.uploadAttachments(conversation, update.reply, conversation.threadTs ?? postedTs);
  }

  private async post(conversation: Conversation, message: RenderedMessage): Promise<string | undefined> {
    const result = await this.outbox.run(conversation.channelId, () =>
      this.client.chat.postMessage({ channel: conversation.channelId, thread_ts: conversation.threadTs, ...message }),
    );
    return result.ts;
  }

  private async edit(channel: string, ts: string, message: RenderedMessage): Promise<void> {
    await this.outbox.run(channel, () => this.client.chat.update({ channel, ts, ...message }));
  }

  /** Charts (PNG) and files go to the thread of the message they belong to. */
  private async uploadAttachments(conversation: Conversation, reply: Reply, threadTs: string | undefined): Promise<void> {
    const uploads = [
      ...(reply.charts ?? []).map((c) => ({ file: c.content ?? c.path, filename: `${slug(c.title)}.png`, title: c.title, alt_text: c.altText })),
      ...(reply.files ?? []).map((f) => ({ file: f.content ?? f.path, filename: f.filename, title: f.title })),
    ];
    for (const upload of uploads) {
      await this.outbox.run(conversation.channelId, () =>
        threadTs
          ? this.client.filesUploadV2({ channel_id: conversation.channelId, thread_ts: threadTs, ...upload })
          : this.client.filesUploadV2({ channel_id: conversation.channelId, ...upload }),
      );
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}
