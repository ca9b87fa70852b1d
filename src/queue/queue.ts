import type { JobProgress } from './executor.ts';
import type { JobEnvelope, JobResult } from './job.ts';

export interface EnqueueRequest {
  name: string;
  envelope: JobEnvelope;
  /** Custom id for idempotency (e.g. `slack-event:<id>`, `schedule:3:<minute>`). */
  jobId?: string;
}

export type JobEvent =
  | { type: 'progress'; jobId: string; name: string; envelope: JobEnvelope; progress: JobProgress }
  | { type: 'completed'; jobId: string; name: string; envelope: JobEnvelope; result: JobResult }
  | { type: 'failed'; jobId: string; name: string; envelope: JobEnvelope; error: string };

export type JobEventListener = (event: JobEvent) => void;

/** The bot's view of the queue; BullMQ and the in-process runner both provide it. */
export interface JobQueue {
  readonly kind: 'bullmq' | 'inline';
  enqueue(request: EnqueueRequest): Promise<{ jobId: string; duplicate: boolean }>;
  onEvent(listener: JobEventListener): void;
  /** Resolves once every job enqueued so far has finished (completed or finally failed). */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

/** The job_runs row of a job just queued. */
export function queuedRun(jobId: string, request: EnqueueRequest) {
  const { payload, conversation } = request.envelope;
  return { id: jobId, kind: request.name, args: payload, requester: conversation.userId, channel: conversation.channelId };
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, backoffMs: 1000 };
