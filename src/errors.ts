/**
 * Coded errors, in the manner of bolt-js: each carries a stable `code` that callers and
 * tests can match on, and a message written for the person who will read it.
 */
export class PulseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The person's input is wrong: they can fix it. Never retried. */
export class UsageError extends PulseError {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super('E_USAGE', message);
  }
}

/** A job's input or data cannot produce a result; retrying will not help. */
export class BadInputError extends PulseError {
  constructor(message: string) {
    super('E_BAD_INPUT', message);
  }
}

/** A file or data set that must be rejected whole. */
export class ImportRejectedError extends PulseError {
  constructor(message: string) {
    super('E_IMPORT_REJECTED', message);
  }
}

export class NotAllowedError extends PulseError {
  constructor(message: string) {
    super('E_NOT_ALLOWED', message);
  }
}

export class QueueUnavailableError extends PulseError {
  constructor(message: string) {
    super('E_QUEUE_UNAVAILABLE', message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
