import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_UNAVAILABLE_MESSAGE } from '../../src/queue/bullmq-queue.ts';
import { freePort, startSlackHarness, type SlackHarness } from '../adapters/slack/support.ts';
import { haveRedisServer, OwnRedis } from './redis-server.ts';

/**
 * Slash commands are acked before their job is queued. With Redis gone, the ack still comes at once;
 * the job cannot be queued, and the person is told so through response_url: no job message in the
 * channel, no job_runs row, the refusal audited. Bad input is still answered in the ack itself.
 */
describe.skipIf(!haveRedisServer)('a slash command while Redis is down', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-slack-redis-down-'));
  let redis: OwnRedis | undefined;
  let slack: SlackHarness | undefined;
  afterAll(async () => {
    await redis?.kill();
    await slack?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('acks at once, then says through response_url that nothing was queued', async () => {
    redis = new OwnRedis(await freePort(), dir);
    await redis.start();
    slack = await startSlackHarness({ QUEUE: 'bullmq', REDIS_URL: redis.url, WORKER_CONCURRENCY: '0' });
    await redis.kill('SIGKILL');

    const started = performance.now();
    const response = await slack.slashCommand('spin 10');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(''); // a job command's ack carries nothing; its message follows
    expect(performance.now() - started).toBeLessThan(3_000);
    await slack.adapter.settled();
    const told = slack.fake.callsTo('response_url').map((c) => c.args as { text: string; response_type: string });
    expect(told).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: QUEUE_UNAVAILABLE_MESSAGE })]);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await slack.handle.app.repos.jobRuns.latest()).toHaveLength(0);
    expect((await slack.handle.app.repos.audit.latest(1))[0]).toMatchObject({ source: 'slack:command', text: 'spin 10', outcome: 'error', detail: QUEUE_UNAVAILABLE_MESSAGE });

    const bad = (await (await slack.slashCommand('help a b')).json()) as { text: string };
    expect(bad.text).toContain('Usage: help [command]');
    const help = (await (await slack.slashCommand('help')).json()) as { text: string };
    expect(help.text).toContain('Pulse');
  }, 60_000);
});
