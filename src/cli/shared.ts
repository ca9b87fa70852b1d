import { ConfigError, loadConfig, type Config } from '../config.ts';
import { PulseError } from '../errors.ts';

/** Loads the configuration or prints every problem and exits non-zero. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Known errors become one readable line and exit code 1; anything else keeps its stack. */
export async function reportErrors(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof PulseError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

/** A shutdown that has not finished by then exits anyway (jobs left in BullMQ are picked up again by other workers). */
const SHUTDOWN_DEADLINE_MS = 30_000;

/** Runs `cleanup` once on SIGINT/SIGTERM, then exits; a second signal, or the deadline, exits at once. */
export function onShutdownSignal(cleanup: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting now.\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    process.stderr.write(`\n${signal}: finishing running jobs and shutting down…\n`);
    cleanup().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
