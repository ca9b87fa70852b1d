import { Redis, type RedisOptions } from 'ioredis';

/** The two logger calls an outage needs (pino's Logger fits). */
export interface OutageLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * One log line when Redis goes away and one when it is back, however many connections this
 * process holds (queue, events, workers, BullMQ's duplicates) and however often ioredis retries.
 * Every Redis client and BullMQ object of a process reports to one monitor per Redis URL.
 */
export class RedisMonitor {
  private down = false;
  /** Other errors (a BullMQ script refusing a job whose keys vanished…): each message at most once a minute. */
  private readonly otherErrors = new Map<string, number>();

  constructor(
    readonly url: string,
    private readonly logger: OutageLogger = stderrLogger,
  ) {}

  get reachable(): boolean {
    return !this.down;
  }

  /** A connection failed (ECONNREFUSED, reset, timeout…). Logged once per outage. */
  failed(err: unknown): void {
    if (!isConnectionError(err)) {
      this.other(err);
      return;
    }
    if (this.down) return;
    this.down = true;
    const reason = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
    this.logger.warn({ redis: redactUrl(this.url), reason }, `Redis is not reachable at ${redactUrl(this.url)} (${reason}); jobs cannot be queued until it is back. Retrying.`);
  }

  /** A connection is ready again. Logged once, if an outage was logged. */
  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ redis: redactUrl(this.url) }, `Redis is reachable again at ${redactUrl(this.url)}.`);
  }

  private other(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const now = Date.now();
    if (now - (this.otherErrors.get(message) ?? -Infinity) < 60_000) return;
    this.otherErrors.set(message, now);
    if (this.otherErrors.size > 100) this.otherErrors.clear();
    this.logger.warn({ redis: redactUrl(this.url), err: message }, `Job queue error: ${message}`);
  }

  /** Routes a client's connection events here (and so keeps ioredis from printing "Unhandled error event"). */
  watch(client: Redis): Redis {
    client.on('error', (err) => this.failed(err));
    client.on('ready', () => this.recovered());
    return client;
  }

  /** For BullMQ objects (Queue, QueueEvents, Worker), which forward their own connections' errors. */
  watchErrors(emitter: { on(event: 'error', listener: (err: Error) => void): unknown }): void {
    emitter.on('error', (err) => this.failed(err));
  }
}

const stderrLogger: OutageLogger = {
  warn: (_obj, msg) => process.stderr.write(`warn: ${msg}\n`),
  info: (_obj, msg) => process.stderr.write(`info: ${msg}\n`),
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/** Errors that mean "Redis cannot be reached", as opposed to a command Redis refused. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|max retries per request|Reached the max retries|socket hang up|read ECONNRESET|write EPIPE/i.test(message);
}

/** Hides a password in redis://user:secret@host. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * BullMQ workers and QueueEvents need `maxRetriesPerRequest: null` (blocking commands must wait,
 * not fail). Pass a monitor so connection errors become one log line per outage.
 */
export function createRedis(url: string, options: RedisOptions = {}, monitor?: RedisMonitor): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, ...options });
  if (monitor) monitor.watch(client);
  else client.on('error', () => {}); // never ioredis's "Unhandled error event" stack trace per retry
  return client;
}

/**
 * A producer connection: commands fail at once while Redis is unreachable (no offline queue,
 * one retry for a command caught by a dropped connection), so a request answers within seconds.
 */
export function createProducerRedis(url: string, monitor?: RedisMonitor): Redis {
  return createRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }, monitor);
}

/** True when Redis answers PING within the timeout; never throws, never retries. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
