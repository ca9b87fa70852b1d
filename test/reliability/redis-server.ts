import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from '../../src/queue/redis.ts';

const binary = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
export const haveRedisServer = !spawnSync(binary, ['--version']).error;

/**
 * A redis-server of the test's own on `port`, its data in `dir` with the append-only file on and
 * fsync'd on every write, so a kill loses nothing and a restart from the same folder gets it all back.
 */
export class OwnRedis {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(await redisAnswers(this.url, 200)); i++) await sleep(50);
    if (!(await redisAnswers(this.url, 500))) throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
