import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * Structured logs on stderr, so they never mix with replies or `--json` output on stdout.
 * `readable` turns each record into one short line (for the console), otherwise JSON lines.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, options: { readable?: boolean; name?: string } = {}): Logger {
  const destination = options.readable ? readableStderr() : pino.destination({ fd: 2, sync: true });
  return pino({ name: options.name ?? 'pulse', level: config.logLevel }, destination);
}

function readableStderr(): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      try {
        const record = JSON.parse(String(chunk)) as { level: number; msg?: string; err?: { message?: string } };
        const detail = record.err?.message ? ` (${record.err.message})` : '';
        process.stderr.write(`${LEVEL_NAMES[record.level] ?? 'log'}: ${record.msg ?? ''}${detail}\n`);
      } catch {
        process.stderr.write(chunk);
      }
      callback();
    },
  });
}
