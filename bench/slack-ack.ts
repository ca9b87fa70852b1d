import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App as BoltApp, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/index.ts';
import { createLogger } from '../src/logger.ts';
import { BullmqQueue } from '../src/queue/bullmq-queue.ts';
import { redisAnswers } from '../src/queue/redis.ts';
import { FakeSlack } from '../test/adapters/slack/fake-slack.ts';
import { freePort, signatureHeaders, SIGNING_SECRET } from '../test/adapters/slack/support.ts';

/** node:http with keep-alive: a lighter client than fetch, so the load generator (same process) skews less. */
function postForm(url: string, body: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...signatureHeaders(body, Math.floor(Date.now() / 1000)) };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

/** `count` concurrent signed `/pulse <text>` requests; latencies in ms, sorted. */
async function burst(url: string, text: string, count: number, agent: Agent): Promise<number[]> {
  const latencies = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const body = new URLSearchParams({ command: '/pulse', text, user_id: `U${i}`, channel_id: 'C1', team_id: 'T1', trigger_id: 't', response_url: 'http://127.0.0.1:9/respond' }).toString();
      const start = performance.now();
      const status = await postForm(url, body, agent);
      if (status !== 200) throw new Error(`HTTP ${status} for /pulse ${text}`);
      return performance.now() - start;
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** A bare Bolt app on the same receiver (HTTP), whose only listener acks. The peer every figure is compared with. */
async function startBareBolt(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const bare = new BoltApp({ token: 'xoxb-test', signingSecret: SIGNING_SECRET, port, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  bare.command('/pulse', async ({ ack }) => ack());
  await bare.start(port);
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => bare.stop() as Promise<void> };
}

/**
 * Ack latency of Pulse's Slack adapter (HTTP mode, fake Web API) against a bare Bolt app in the same
 * run: `/pulse help` at 50 concurrent, and a burst of 20 job commands (`/pulse segment`) on the given
 * database (a 5M-line one with `--db FILE`; default: the demo data). The bot runs without in-process
 * workers, as beside `pulse worker` processes, so the burst measures the acknowledgement path.
 * Usage: npm run bench -- slack-ack [--db FILE] [--requests 50] [--burst 20] [--rounds 3]
 */
export default async function (args: string[]): Promise<void> {
  const requests = Number(option(args, 'requests', '50'));
  const burstSize = Number(option(args, 'burst', '20'));
  const rounds = Number(option(args, 'rounds', '3'));
  const givenDb = args.includes('--db') ? option(args, 'db', '') : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-ack-bench-'));
  const fake = new FakeSlack();
  await fake.listen();
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
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
    },
    { ignoreDotenv: true },
  );
  const app = await buildApp(config, { logger: createLogger(config), inProcessWorkers: false });
  if (!givenDb) await seedDemo(app.database.db, { seed: 42 });
  const summary = await app.repos.dataSummary.get();
  const adapter = await createSlackAdapter(app);
  await adapter.start(app.bot);
  const bare = await startBareBolt(fake.apiUrl);
  const pulseUrl = `http://127.0.0.1:${port}/slack/events`;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(requests, burstSize) * 2 });
  console.log(`slack-ack: ${(summary.orders?.lines ?? 0).toLocaleString('en')} order lines, ${(summary.orders?.purchasers ?? 0).toLocaleString('en')} customers; queue ${app.queue.kind}`);
  try {
    await burst(bare.url, 'help', requests, agent); // warm both up
    await burst(pulseUrl, 'help', requests, agent);
    const ratios: { help: number[]; jobs: number[] } = { help: [], jobs: [] };
    for (let round = 1; round <= rounds; round++) {
      const bareHelp = await burst(bare.url, 'help', requests, agent);
      const pulseHelp = await burst(pulseUrl, 'help', requests, agent);
      const bareJobs = await burst(bare.url, 'segment', burstSize, agent);
      const pulseJobs = await burst(pulseUrl, 'segment', burstSize, agent);
      ratios.help.push(quantile(pulseHelp, 0.99) / quantile(bareHelp, 0.99));
      ratios.jobs.push(quantile(pulseJobs, 0.99) / quantile(bareJobs, 0.99));
      const line = (label: string, pulse: number[], peer: number[]) =>
        `  ${label}: Pulse p50 ${quantile(pulse, 0.5).toFixed(1)} ms, p99 ${quantile(pulse, 0.99).toFixed(1)} ms | bare Bolt p50 ${quantile(peer, 0.5).toFixed(1)} ms, p99 ${quantile(peer, 0.99).toFixed(1)} ms | ratio p99 ${(quantile(pulse, 0.99) / quantile(peer, 0.99)).toFixed(2)}`;
      console.log(`round ${round}`);
      console.log(line(`${requests} × /pulse help   `, pulseHelp, bareHelp));
      console.log(line(`${burstSize} × /pulse segment`, pulseJobs, bareJobs));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`median ratio of p99: help ${median(ratios.help).toFixed(2)} (goal ≤ 1.25), job commands ${median(ratios.jobs).toFixed(2)} (goal ≤ 2)`);
  } finally {
    agent.destroy();
    await adapter.stop();
    await bare.stop();
    if (app.queue instanceof BullmqQueue) await app.queue.obliterate().catch(() => {});
    await app.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
