import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, { ignoreDotenv: true, cwd: '/srv/pulse' });
    expect(config).toMatchObject({
      databasePath: '/srv/pulse/var/pulse.db',
      redisUrl: 'redis://127.0.0.1:6379',
      queueMode: 'auto',
      seedDemo: true,
      chartDir: '/srv/pulse/var/charts',
      port: 3000,
      adminUserIds: [],
      defaultTimezone: 'UTC',
      logLevel: 'info',
      slack: undefined,
    });
    expect(config.currency).toBeUndefined();
  });

  it('takes the currency of the data as an ISO code', () => {
    expect(loadConfig({ CURRENCY: 'gbp' }, { ignoreDotenv: true }).currency).toBe('GBP');
    expect(() => loadConfig({ CURRENCY: 'pounds' }, { ignoreDotenv: true })).toThrow(/CURRENCY: must be a three-letter ISO 4217 code/);
  });

  it('reports every problem at once', () => {
    const env = { QUEUE: 'redis', SEED_DEMO: 'maybe', PORT: 'eighty', DEFAULT_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud', REDIS_URL: 'localhost:6379' };
    let error: unknown;
    try {
      loadConfig(env, { ignoreDotenv: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['QUEUE', 'SEED_DEMO', 'PORT', 'DEFAULT_TIMEZONE', 'LOG_LEVEL', 'REDIS_URL']) expect(problems).toContain(name);
    expect((error as ConfigError).message).toContain('.env.example');
  });

  it('requires the Slack settings that go together', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }, { ignoreDotenv: true })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }, { ignoreDotenv: true })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'token' , SLACK_SIGNING_SECRET: 's' }, { ignoreDotenv: true })).toThrow(/xoxb-/);
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', ADMIN_USER_IDS: 'U1, U2' }, { ignoreDotenv: true });
    expect(socket.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', command: '/pulse' });
    expect(socket.adminUserIds).toEqual(['U1', 'U2']);
  });

  it('reads .env, and the real environment wins', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulse-env-'));
    try {
      writeFileSync(path.join(dir, '.env'), 'QUEUE=inline\nPORT=4000\n');
      const config = loadConfig({ PORT: '5000' }, { cwd: dir });
      expect(config.queueMode).toBe('inline');
      expect(config.port).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
