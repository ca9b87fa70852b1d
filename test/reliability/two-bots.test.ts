import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/client.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { FakeSlack, type RecordedCall } from '../adapters/slack/fake-slack.ts';
import { freePort, SIGNING_SECRET } from '../adapters/slack/support.ts';
import { sameDatabaseEnv, testConfigOnBackEnd } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { SlackRequests, spawnPulse, type PulseProcess } from '../support/fake-slack-process.ts';
import { hasRedis } from '../support/redis.ts';

const JOBS_PER_BOT = 6;
const isProgress = (call: RecordedCall) => String(call.args.text).startsWith(':hourglass');

/**
 * Two `pulse start` bots (Slack over HTTP, no workers) and two `pulse worker` processes on one Redis
 * queue and one database, all real processes, against the fake Slack Web API: each job's result is
 * posted once, by the bot that was asked, and the scheduled digest runs and is posted once.
 */
describe.skipIf(!hasRedis())(`two bots and two workers on one Redis and database (${testDialect})`, () => {
  const fake = new FakeSlack();
  const processes: PulseProcess[] = [];
  let config: Config;
  let dir: string;
  let cleanup: (() => Promise<void>) | undefined;
  let bots: Array<{ process: PulseProcess; slack: SlackRequests; channel: string }>;

  beforeAll(async () => {
    await fake.listen();
    ({ config, dir, cleanup } = await testConfigOnBackEnd());
    const env = {
      ...sameDatabaseEnv(config),
      CHART_DIR: config.chartDir,
      QUEUE: 'bullmq',
      QUEUE_NAME: `test-${randomUUID()}`,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    };
    // The database exists before the processes start (migrations, demo data, a digest every minute).
    const database = await connectDatabase(config);
    await seedDemo(database.db, { seed: 42 });
    const repos = createRepositories(database.db);
    await repos.dataSummary.refresh();
    // Every 5 s (node-cron's seconds field), so the test need not wait for a minute: both schedulers
    // tick about 12 times a minute, and the digest must still run once per minute.
    await repos.schedules.create({ commandText: 'metric revenue last 30 days', cron: '*/5 * * * * *', timezone: 'UTC', channelId: 'CDIGEST', adapter: 'slack', createdBy: 'U1' });
    await database.close();

    const ports = [await freePort(), await freePort()];
    const started = [
      ...ports.map((port) => spawnPulse(['start', '--no-workers'], { ...env, PORT: String(port) }, dir)),
      ...[1, 2].map(() => spawnPulse(['worker', '--concurrency', '1'], env, dir)),
    ];
    processes.push(...started);
    await Promise.all([...started.slice(0, 2).map((p) => p.waitForLog(/Pulse is listening to Slack/, 120_000)), ...started.slice(2).map((p) => p.waitForLog(/worker ready/, 120_000))]);
    bots = ports.map((port, i) => ({ process: started[i], slack: new SlackRequests(`http://127.0.0.1:${port}/slack/events`, `${fake.url}/respond`), channel: `C${'AB'[i]}` }));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await fake.close();
    await cleanup?.();
  });

  it('posts every job result once and runs the scheduled digest once', async () => {
    const commands = ['metric revenue last 30 days', 'metric orders by=country top=3', 'metric aov last month'];
    for (let i = 0; i < JOBS_PER_BOT; i++) {
      for (const bot of bots) expect((await bot.slack.slashCommand(commands[i % commands.length], { channelId: bot.channel })).status).toBe(200);
    }
    const acks = (channel: string) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel);
    const results = (channel: string) => fake.calls.filter((c) => c.method === 'chat.update' && c.args.channel === channel && !isProgress(c));
    await fake.waitFor(() => bots.every((b) => results(b.channel).length >= JOBS_PER_BOT), 90_000);

    // Both schedulers have been ticking all along; one of them ran each minute's digest.
    const digests = () => fake.calls.filter((c) => c.args.channel === 'CDIGEST' && (c.method === 'chat.postMessage' || (c.method === 'chat.update' && !isProgress(c))));
    await fake.waitFor(() => digests().length >= 1, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // more ticks, and room for a duplicate to show up

    for (const bot of bots) {
      expect(acks(bot.channel)).toHaveLength(JOBS_PER_BOT);
      const ackTs = acks(bot.channel).map((c) => (c.answer as { ts: string }).ts);
      expect(results(bot.channel).map((c) => c.args.ts).sort()).toEqual([...ackTs].sort()); // one result per ack, none twice
    }
    expect(processes.every((p) => p.alive())).toBe(true);
    const database = await connectDatabase(config, { migrate: false });
    const readRuns = () => createRepositories(database.db).jobRuns.latest({ limit: 100 });
    // A minute may have turned during the wait: its digest, started, must be let finish and post.
    const settled = async () => (await readRuns()).every((r) => r.status === 'completed') && digests().length >= (await readRuns()).filter((r) => r.channel === 'CDIGEST').length;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let tries = 0; tries < 60; tries++) {
      // Settled, and still so a second later (room for a duplicate post to show up).
      if ((await settled()) && (await pause(1_000), await settled())) break;
      await pause(500);
    }
    const runs = await readRuns();
    await database.close();
    const digestRuns = runs.filter((r) => r.channel === 'CDIGEST');
    const minutes = new Set(digestRuns.map((r) => /schedule-\d+-(.+)$/.exec(r.id)?.[1]));
    expect(minutes.size).toBe(digestRuns.length); // one run per minute, though both processes ticked every 5 s
    expect(digests()).toHaveLength(digestRuns.length); // and each posted once
    expect(String(digests()[0].args.text)).toMatch(/revenue/i);
    expect(runs).toHaveLength(2 * JOBS_PER_BOT + digestRuns.length);
    expect(runs.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
    console.info(`two bots, two workers: ${2 * JOBS_PER_BOT} job results and ${digestRuns.length} scheduled digest(s) (one per minute, from 2 schedulers ticking every 5 s), each posted once`);
  }, 200_000);
});
