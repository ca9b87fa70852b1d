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

  constructor(
    readonly url: string,
    private readonly logger: OutageLogger = stderrLogger,
  ) {}

  get reachable(): boolean {
    return !this.down;
  }

  /** A connection failed (ECONNREFUSED, reset, timeout…). Logged once per outage. */
  failed(err: unknown): void {
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
