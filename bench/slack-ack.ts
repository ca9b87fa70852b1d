import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { App as BoltApp, LogLevel, type RespondArguments } from '@slack/bolt';
import { renderReply } from '../src/adapters/slack/blocks.ts';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { helpOverview } from '../src/core/help.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/index.ts';
import { createLogger } from '../src/logger.ts';
import { BullmqQueue } from '../src/queue/bullmq-queue.ts';
import { redisAnswers } from '../src/queue/redis.ts';
import { freePort, SIGNING_SECRET } from '../test/adapters/slack/support.ts';
import type { SlackSideAnswer, SlackSideReply, SlackSideRequest } from './slack-side.ts';
import { syntheticDatabase } from './synthetic-cache.ts';

type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

/** Job commands of the burst, taken in turn: each acks and queues a job that reads the orders. */
const JOB_COMMANDS = ['segment', 'forecast revenue 8w', 'metric revenue all time by=month', 'segment method=kmeans', 'forecast customers 90d by=month'];

/**
 * CPU time of this thread, in ms: what the apps cost, apart from Slack's side (another thread) and
 * from time the machine gives other processes. Linux's per-thread schedstat (ns); elsewhere the
 * event loop's busy time, which also counts time the thread waited for a core.
 */
function threadCpuMs(): number {
  if (existsSync(SCHEDSTAT)) return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  return performance.eventLoopUtilization().active;
}
const SCHEDSTAT = '/proc/thread-self/schedstat';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Slack's side (fake Web API and load generator) in a worker thread; see slack-side.ts. */
class SlackSide {
  private readonly worker = new Worker(new URL('./slack-side-entry.mjs', import.meta.url));
  private readonly waiting = new Map<number, { resolve(reply: SlackSideAnswer): void; reject(err: Error): void }>();
  private nextId = 1;
  readonly ready: Promise<{ apiUrl: string; responseUrl: string }>;

  constructor() {
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (reply: SlackSideReply) => {
        if ('type' in reply) return resolve(reply);
        const waiter = this.waiting.get(reply.id)!;
        this.waiting.delete(reply.id);
        if (reply.error) waiter.reject(new Error(reply.error));
        else waiter.resolve(reply);
      });
    });
  }

  private ask(request: Unsent<SlackSideRequest>): Promise<SlackSideAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  async burst(url: string, texts: string[], count: number): Promise<number[]> {
    return (await this.ask({ op: 'burst', url, texts, count })).latencies!;
  }

  /** Resolves once the fake Web API has had `messages` chat.postMessage calls in all. */
  async posted(messages: number): Promise<void> {
    await this.ask({ op: 'posted', messages, timeoutMs: 60_000 });
  }

  async close(): Promise<void> {
    await this.ask({ op: 'close' });
    await this.worker.terminate();
  }
}

/**
 * A bare Bolt app on the same receiver (HTTP), whose only listener acks: the peer every figure is compared
 * with. With `helpAck`, its ack to `help` carries that answer (Pulse's), to weigh what the answer's size costs.
 */
async function startBareBolt(apiUrl: string, helpAck?: RespondArguments): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const bare = new BoltApp({ token: 'xoxb-test', signingSecret: SIGNING_SECRET, port, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  bare.command('/pulse', async ({ ack, command }) => ack(helpAck && command.text === 'help' ? helpAck : undefined));
  await bare.start(port);
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => bare.stop() as Promise<void> };
}

/**
 * Ack latency of Pulse's Slack adapter (HTTP mode, fake Web API) against a bare Bolt app in the same
 * run: `/pulse help` at 50 concurrent, and a burst of 20 job commands (segment, forecast, metric in
 * turn) on the 5M-line synthetic orders (file and database made once, cached in var/bench; `--lines N`
 * for another size, `--db FILE` for a database of your own, `--demo` for the demo data). Both apps run
 * in this thread; Slack's side (the load generator and the fake Web API) in a worker thread, as Slack
 * is not in the bot's process: a latency is the time until the ack is received. The bot runs without
 * in-process workers, as beside `pulse worker` processes, so the burst measures the acknowledgement
 * path and what Pulse does right after it (queuing, bookkeeping, the job's message). Each burst starts
 * once the previous one's job messages are posted.
 * Every app first answers as many unmeasured rounds (`--warmup`, default: as many as `--rounds`).
 * Usage: npm run bench -- slack-ack [--lines N | --db FILE | --demo] [--requests 50] [--burst 20] [--rounds 9] [--warmup N]
 */
export default async function (args: string[]): Promise<void> {
  const requests = Number(option(args, 'requests', '50'));
  const burstSize = Number(option(args, 'burst', '20'));
  const rounds = Number(option(args, 'rounds', '9'));
  const warmupRounds = Number(option(args, 'warmup', String(rounds)));
  const demo = args.includes('--demo');
  const givenDb = args.includes('--db') ? option(args, 'db', '') : demo ? undefined : await syntheticDatabase(Number(option(args, 'lines', '5000000')));
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-ack-bench-'));
  const slack = new SlackSide();
  const { apiUrl } = await slack.ready;
  const port = await freePort();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const useRedis = await redisAnswers(redisUrl);
  const config = loadConfig(
    {
      DATABASE_PATH: givenDb ?? path.join(dir, 'pulse.db'),
      CHART_DIR: path.join(dir, 'charts'),
      QUEUE: useRedis ? 'bullmq' : 'inline',
      QUEUE_NAME: `bench-ack-${randomUUID()}`,
      LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
    },
    { ignoreDotenv: true },
  );
  const app = await buildApp(config, { logger: createLogger(config), inProcessWorkers: false });
  if (demo) await seedDemo(app.database.db, { seed: 42 });
  const summary = await app.repos.dataSummary.get();
  const adapter = await createSlackAdapter(app);
  await adapter.start(app.bot);
  const bare = await startBareBolt(apiUrl);
  const bareWithHelp = await startBareBolt(apiUrl, { response_type: 'ephemeral', ...renderReply(helpOverview(app.bot.commands, false)) });
  const pulseUrl = `http://127.0.0.1:${port}/slack/events`;
  console.log(`slack-ack: ${(summary.orders?.lines ?? 0).toLocaleString('en')} order lines, ${(summary.orders?.purchasers ?? 0).toLocaleString('en')} customers; queue ${app.queue.kind}`);
  let jobMessages = 0;
  const pulseJobs = async (count: number) => {
    const latencies = await slack.burst(pulseUrl, JOB_COMMANDS, count);
    jobMessages += count;
    await slack.posted(jobMessages);
    return latencies;
  };
  /** Runs a burst; its latencies, and the CPU time per request (ms) of the apps' thread until it is done, work after the acks included. */
  const measured = async (count: number, run: () => Promise<number[]>) => {
    const before = threadCpuMs();
    const latencies = await run();
    return { latencies, busyPerRequest: (threadCpuMs() - before) / count };
  };
  const busy: Record<'pulseHelp' | 'bareHelp' | 'bareSameHelp' | 'pulseJobs' | 'bareJobs', number[]> = { pulseHelp: [], bareHelp: [], bareSameHelp: [], pulseJobs: [], bareJobs: [] };
  try {
    // Warm every app up with as many requests of each kind as the measured rounds send: the figures are
    // then those of a bot that has been answering for a while, not of its first minutes' compiler.
    for (let round = 1; round <= warmupRounds; round++) {
      await slack.burst(bare.url, ['help'], requests);
      await slack.burst(bareWithHelp.url, ['help'], requests);
      await slack.burst(pulseUrl, ['help'], requests);
      await slack.burst(bare.url, JOB_COMMANDS, burstSize);
      await pulseJobs(burstSize);
    }
    const ratios: { help: number[]; sameHelp: number[]; jobs: number[] } = { help: [], sameHelp: [], jobs: [] };
    const line = (label: string, pulse: number[], peer: number[]) =>
      `  ${label.padEnd(20)}: Pulse p50 ${quantile(pulse, 0.5).toFixed(1)} ms, p99 ${quantile(pulse, 0.99).toFixed(1)} ms | bare Bolt p50 ${quantile(peer, 0.5).toFixed(1)} ms, p99 ${quantile(peer, 0.99).toFixed(1)} ms | ratio p99 ${(quantile(pulse, 0.99) / quantile(peer, 0.99)).toFixed(2)}`;
    for (let round = 1; round <= rounds; round++) {
      const runs = {
        bareHelp: await measured(requests, () => slack.burst(bare.url, ['help'], requests)),
        pulseHelp: await measured(requests, () => slack.burst(pulseUrl, ['help'], requests)),
        bareSameHelp: await measured(requests, () => slack.burst(bareWithHelp.url, ['help'], requests)),
        bareJobs: await measured(burstSize, () => slack.burst(bare.url, JOB_COMMANDS, burstSize)),
        pulseJobs: await measured(burstSize, () => pulseJobs(burstSize)),
      };
      for (const [name, run] of Object.entries(runs)) busy[name as keyof typeof busy].push(run.busyPerRequest);
      const [bareHelp, pulseHelp, bareJobs, pulseJob] = [runs.bareHelp, runs.pulseHelp, runs.bareJobs, runs.pulseJobs].map((r) => r.latencies);
      ratios.help.push(quantile(pulseHelp, 0.99) / quantile(bareHelp, 0.99));
      ratios.sameHelp.push(quantile(pulseHelp, 0.99) / quantile(runs.bareSameHelp.latencies, 0.99));
      ratios.jobs.push(quantile(pulseJob, 0.99) / quantile(bareJobs, 0.99));
      console.log(`round ${round}`);
      console.log(line(`${requests} × /pulse help`, pulseHelp, bareHelp));
      console.log(line('  same answer in ack', pulseHelp, runs.bareSameHelp.latencies));
      console.log(line(`${burstSize} × job commands`, pulseJob, bareJobs));
    }
    const perRequest = (pulse: number[], peer: number[]) => `Pulse ${median(pulse).toFixed(2)} ms, bare Bolt ${median(peer).toFixed(2)} ms (${(median(pulse) / median(peer)).toFixed(2)}×)`;
    console.log(`CPU time of the apps' thread per request (median): help ${perRequest(busy.pulseHelp, busy.bareHelp)}; job commands ${perRequest(busy.pulseJobs, busy.bareJobs)}`);
    console.log(`CPU per help request of a bare app acking Pulse's help: ${median(busy.bareSameHelp).toFixed(2)} ms (Pulse ${(median(busy.pulseHelp) / median(busy.bareSameHelp)).toFixed(2)}×)`);
    console.log(`median ratio of p99: help ${median(ratios.help).toFixed(2)} (goal ≤ 1.25; ${median(ratios.sameHelp).toFixed(2)} against a bare app acking the same help), job commands ${median(ratios.jobs).toFixed(2)} (goal ≤ 2)`);
  } finally {
    await adapter.stop();
    await bare.stop();
    await bareWithHelp.stop();
    if (app.queue instanceof BullmqQueue) await app.queue.obliterate().catch(() => {});
    await app.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
