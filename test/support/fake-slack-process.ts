import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signatureHeaders } from '../adapters/slack/support.ts';

const PULSE = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
/** tsx's loader by URL: the child runs in a temp folder, where `--import tsx` would not resolve. */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** A `pulse` process (bot or worker) started by a test, with its log lines. */
export interface PulseProcess {
  child: ChildProcess;
  logs: string[];
  alive(): boolean;
  /** Resolves once a log line matches; fails when the process exits first or after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the signal and waits for the exit (exit code, or the signal's name). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Runs `pulse <args>` (bin/pulse.js, the real CLI) with only the given Pulse settings: nothing from
 * the caller's Slack or queue environment leaks in. The working folder is `cwd` (a test's temp folder).
 */
export function spawnPulse(args: string[], env: Record<string, string>, cwd: string): PulseProcess {
  return spawnScript(PULSE, args, env, cwd);
}

/** The same for a TypeScript entry point of the tests' own (a fixture that runs a CLI command with test jobs). */
export function spawnScript(file: string, args: string[], env: Record<string, string>, cwd: string): PulseProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK_|QUEUE|WORKER_|DATABASE_|CHART_|SEED_|ADMIN_|PORT$|LOG_LEVEL$|REDIS_URL$)/.test(key)));
  const loader = file.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, file, ...args], { cwd, env: { ...base, LOG_LEVEL: 'info', SEED_DEMO: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const name = [file.split('/').pop(), ...args].join(' ');
  const logs: string[] = [];
  const watchers: Array<() => void> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
      for (const wake of watchers.splice(0)) wake();
    });
  }
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.once('exit', () => watchers.splice(0).forEach((wake) => wake()));
  return {
    child,
    logs,
    alive: () => child.exitCode === null && child.signalCode === null,
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logs.find((l) => pattern.test(l));
        if (line) return line;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}:\n${logs.slice(-20).join('\n')}`);
        if (Date.now() > deadline) throw new Error(`${name} did not log ${pattern} within ${timeoutMs} ms:\n${logs.slice(-20).join('\n')}`);
        await new Promise<void>((resolve) => {
          watchers.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Signed requests to a bot process's HTTP endpoint, as Slack sends them. */
export class SlackRequests {
  constructor(
    private readonly eventsUrl: string,
    private readonly responseUrl: string,
  ) {}

  post(body: string, contentType: string): Promise<Response> {
    return fetch(this.eventsUrl, { method: 'POST', headers: { 'content-type': contentType, ...signatureHeaders(body, Math.floor(Date.now() / 1000)) }, body });
  }

  slashCommand(text: string, { userId = 'U1', channelId = 'C1' } = {}): Promise<Response> {
    const body = new URLSearchParams({ command: '/pulse', text, user_id: userId, channel_id: channelId, team_id: 'T1', response_url: this.responseUrl, trigger_id: 't1' });
    return this.post(body.toString(), 'application/x-www-form-urlencoded');
  }

  event(event: Record<string, unknown>, eventId: string): Promise<Response> {
    return this.post(JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event }), 'application/json');
  }
}
