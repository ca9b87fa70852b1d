import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../adapters/slack/fake-slack.ts';
import { freePort, SIGNING_SECRET } from '../adapters/slack/support.ts';
import type { Config } from '../../src/config.ts';
import { sameDatabaseEnv, testConfigOnBackEnd } from '../support/app.ts';
import { testDialect } from '../support/database.ts';
import { SlackRequests, spawnPulse, type PulseProcess } from '../support/fake-slack-process.ts';
import { hasRedis } from '../support/redis.ts';
import { broadcastsIn } from './checks.ts';
import { BROADCASTS, FUZZ_SEED, fuzzInputs } from './fuzz-inputs.ts';

const SLASH = 100;
const MENTIONS = 50;

/**
 * A sample of the fuzz inputs through a real `pulse start` process (real Bolt app over HTTP, real
 * commands, BullMQ without workers) against the fake Slack Web API: each is answered, acks come within
 * Slack's 3 s, nothing Pulse sends carries a broadcast mention, and the process stays up.
 */
describe.skipIf(!hasRedis())(`fuzz through Slack: a real bot process over HTTP (${testDialect})`, () => {
  const fake = new FakeSlack();
  let config: Config;
  let dir: string;
  let cleanup: (() => Promise<void>) | undefined;
  let bot: PulseProcess;
  let slack: SlackRequests;
  beforeAll(async () => {
    await fake.listen();
    ({ config, dir, cleanup } = await testConfigOnBackEnd());
    const port = await freePort();
    bot = spawnPulse(['start'], {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      ...sameDatabaseEnv(config),
      CHART_DIR: config.chartDir,
      QUEUE: 'bullmq',
      QUEUE_NAME: `test-${randomUUID()}`,
      WORKER_CONCURRENCY: '0',
      SEED_DEMO: 'true',
      ADMIN_USER_IDS: 'UADMIN',
    }, dir);
    await bot.waitForLog(/Pulse is listening to Slack/, 120_000);
    slack = new SlackRequests(`http://127.0.0.1:${port}/slack/events`, `${fake.url}/respond`);
  }, 150_000);
  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await fake.close();
    await cleanup?.();
  });

  it(`answers ${SLASH} slash commands and ${MENTIONS} mentions without a broadcast, and stays up`, async () => {
    const inputs = [...BROADCASTS.map((b) => `segment ${b}`), ...fuzzInputs(FUZZ_SEED + 1, SLASH + MENTIONS)].slice(0, SLASH + MENTIONS);
    const unanswered: string[] = [];
    let slowestAckMs = 0;
    for (const [i, text] of inputs.entries()) {
      const channel = `C${i}`;
      const answered = () => fake.calls.some((c) => (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') && c.args.channel === channel);
      if (i < SLASH) {
        const started = performance.now();
        const response = await slack.slashCommand(text, { userId: i % 2 ? 'UADMIN' : 'U1', channelId: channel });
        slowestAckMs = Math.max(slowestAckMs, performance.now() - started);
        expect(response.status).toBe(200);
        const body = await response.text();
        const ack = body ? (JSON.parse(body) as Record<string, unknown>) : undefined;
        expect(broadcastsIn(ack ?? {})).toEqual([]);
        if (!ack?.text) await fake.waitFor(answered, 5_000).catch(() => unanswered.push(text.slice(0, 80)));
      } else {
        const response = await slack.event({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, channel, ts: `${2000 + i}.000100` }, `Ev${i}`);
        expect(response.status).toBe(200);
        await fake.waitFor(answered, 5_000).catch(() => unanswered.push(text.slice(0, 80)));
      }
    }
    expect(unanswered).toEqual([]);
    expect(slowestAckMs).toBeLessThan(3_000);
    const carrying = fake.calls.map((c) => ({ method: c.method, found: broadcastsIn(c.args) })).filter((c) => c.found.length);
    expect(carrying).toEqual([]);
    expect(bot.alive()).toBe(true);
    const help = await slack.slashCommand('help');
    expect(((await help.json()) as { text: string }).text).toMatch(/Pulse/);

    expect(await bot.stop('SIGTERM')).toBe(0);
    if (!config.databaseUrl) {
      const db = new Database(config.databasePath, { readonly: true });
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      db.close();
    }
    console.info(`fuzz over Slack: ${inputs.length} inputs answered, slowest ack ${Math.round(slowestAckMs)} ms, ${fake.calls.length} Web API calls, 0 broadcasts`);
  }, 240_000);
});
