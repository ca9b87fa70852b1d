import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Repositories } from '../repos/index.ts';
import type { Conversation } from '../core/conversation.ts';
import type { FileFetcher } from '../core/files.ts';
import type { Reply } from '../core/reply.ts';

export interface JobContext {
  jobId: string;
  db: Db;
  repos: Repositories;
  config: Config;
  /** Brings files shared with a command (Slack uploads, console paths) to a local path. */
  files: FileFetcher;
  requestedBy?: string;
  /** 0–100, with an optional note shown to the person who asked. */
  progress(percent: number, note?: string): Promise<void>;
}

export interface JobResult<D = unknown> {
  /** One line for job_runs and logs. */
  summary: string;
  reply: Reply;
  /** Machine-readable result (`pulse run <job> --json`). */
  data: D;
}

/** A named processor: load → compute → store → notify. Bad input throws BadInputError. */
export interface JobDefinition<P = any, D = unknown> {
  name: string;
  summary: string;
  payload: z.ZodType<P, z.ZodTypeDef, unknown>;
  run(payload: P, ctx: JobContext): Promise<JobResult<D>>;
}

export function defineJob<P, D>(definition: JobDefinition<P, D>): JobDefinition<P, D> {
  return definition;
}

/** What travels through the queue: the payload plus who asked and where to answer. */
export interface JobEnvelope {
  payload: unknown;
  conversation: Conversation;
  requestText?: string;
}

export type JobRegistry = ReadonlyMap<string, JobDefinition>;

export function createJobRegistry(definitions: JobDefinition[]): JobRegistry {
  const map = new Map<string, JobDefinition>();
  for (const def of definitions) {
    if (map.has(def.name)) throw new Error(`Job "${def.name}" is registered twice.`);
    map.set(def.name, def);
  }
  return map;
}
