import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { PulseError } from './errors.ts';

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * Values come from the process environment, then from `.env` in the working directory
 * (real environment variables win). Validation reports every problem at once.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const positiveInt = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a positive whole number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z
  .object({
    DATABASE_PATH: z.string().min(1).default('./var/pulse.db'),
    // postgres://user@host:5432/db selects PostgreSQL; unset, the SQLite file at DATABASE_PATH.
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// (or be unset for SQLite)'),
    REDIS_URL: z
      .string()
      .default('redis://127.0.0.1:6379')
      .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
    QUEUE: z
      .enum(['auto', 'bullmq', 'inline'], { errorMap: () => ({ message: 'must be auto, bullmq or inline' }) })
      .default('auto'),
    QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash or underscore only').default('pulse'),
    // 0: no job workers in the bot process (jobs run in `pulse worker` processes sharing Redis).
    WORKER_CONCURRENCY: z
      .string()
      .default('2')
      .transform((v, ctx) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a whole number, 0 or more (0: no workers in the bot process), got "${v}"` });
          return z.NEVER;
        }
        return n;
      }),
    SEED_DEMO: booleanString.default('true'),
    CHART_DIR: z.string().min(1).default('./var/charts'),
    CURRENCY: optionalString
      .refine((v) => v === undefined || /^[A-Za-z]{3}$/.test(v), 'must be a three-letter ISO 4217 code such as GBP, EUR or USD')
      .transform((v) => v?.toUpperCase()),
    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
    SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL'),
    SLACK_COMMAND: z.string().regex(/^\/[a-z0-9_-]+$/, 'must look like /pulse').default('/pulse'),
    SLACK_WORKSPACE_ADMINS: booleanString.default('false'),
    MAX_IMPORT_BYTES: positiveInt(String(50 * 1024 * 1024)),
    IMPORT_SOURCES: optionalString,
    IMPORT_CHANNEL_MAP: optionalString,
    PORT: positiveInt('3000').refine((n) => n < 65536, 'must be a port number below 65536'),
    ADMIN_USER_IDS: commaList.default(''),
    IMPORT_WATCH_DIR: optionalString,
    DEFAULT_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
      })
      .default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN)',
      });
    }
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required when other Slack settings are given',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** A named SQL source for `import orders|spend source=<name>` (IMPORT_SOURCES). */
const importSourceSchema = z
  .object({
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    query: z.string().trim().min(1, 'must be a SELECT'),
    map: z.record(z.string()).optional(),
    channel: z.string().optional(),
    channels: z.array(z.string()).optional(),
    outcome: z.string().optional(),
  })
  .strict();
export type ImportSourceConfig = z.infer<typeof importSourceSchema>;
const importSourcesSchema = z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash or underscore only'), importSourceSchema);

/** IMPORT_SOURCES: JSON (`{"shop": {"url": "postgres://…", "query": "SELECT …"}}`) or the path of a JSON file. */
function readImportSources(value: string | undefined, cwd: string): { sources: Record<string, ImportSourceConfig>; problems: string[] } {
  if (!value) return { sources: {}, problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(value.startsWith('{') ? value : readFileSync(path.resolve(cwd, value), 'utf8'));
  } catch (err) {
    return { sources: {}, problems: [`IMPORT_SOURCES: must be JSON or the path of a JSON file (${err instanceof Error ? err.message : String(err)})`] };
  }
  const parsed = importSourcesSchema.safeParse(json);
  if (parsed.success) return { sources: parsed.data, problems: [] };
  return { sources: {}, problems: parsed.error.issues.map((i) => `IMPORT_SOURCES.${i.path.join('.')}: ${i.message}`) };
}

export interface Config {
  databasePath: string;
  /** PostgreSQL's connection URL when DATABASE_URL is set; SQLite (databasePath) otherwise. */
  databaseUrl?: string;
  redisUrl: string;
  queueMode: Env['QUEUE'];
  queueName: string;
  workerConcurrency: number;
  seedDemo: boolean;
  chartDir: string;
  /** ISO 4217 code of the money in the data (orders, spend); absent: amounts carry no symbol. */
  currency?: string;
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    command: string;
    workspaceAdmins: boolean;
  };
  maxImportBytes: number;
  /** Named SQL sources for imports (IMPORT_SOURCES), by name. */
  importSources: Record<string, ImportSourceConfig>;
  /** A channels.csv (campaign pattern → channel) for ad exports imported without one (IMPORT_CHANNEL_MAP). */
  importChannelMap?: string;
  port: number;
  adminUserIds: string[];
  defaultTimezone: string;
  logLevel: Env['LOG_LEVEL'];
  /** CSV files dropped here are imported, then moved to done/ or failed/ with their report (src/import/watch.ts). */
  importWatchDir?: string;
}

export class ConfigError extends PulseError {
  constructor(readonly problems: string[]) {
    super('E_CONFIG', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
  }
}

export interface LoadConfigOptions {
  /** Folder holding an optional `.env` file; defaults to the working directory. */
  cwd?: string;
  /** Ignore `.env` (tests). */
  ignoreDotenv?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const dotenvFile = path.join(cwd, '.env');
  const fromFile = !options.ignoreDotenv && existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile)) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const key of Object.keys(envSchema.innerType().shape)) {
    if (env[key] !== undefined && env[key] !== '') merged[key] = env[key];
  }
  const parsed = envSchema.safeParse(merged);
  const sources = readImportSources(merged.IMPORT_SOURCES?.trim() || undefined, cwd);
  if (!parsed.success || sources.problems.length) {
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError([...problems, ...sources.problems]);
  }
  return { ...toConfig(parsed.data, cwd), importSources: sources.sources };
}

function toConfig(env: Env, cwd: string): Config {
  const resolve = (p: string) => (p === ':memory:' ? p : path.resolve(cwd, p));
  return {
    databasePath: resolve(env.DATABASE_PATH),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    redisUrl: env.REDIS_URL,
    queueMode: env.QUEUE,
    queueName: env.QUEUE_NAME,
    workerConcurrency: env.WORKER_CONCURRENCY,
    seedDemo: env.SEED_DEMO,
    chartDir: resolve(env.CHART_DIR),
    ...(env.CURRENCY ? { currency: env.CURRENCY } : {}),
    slack: env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          command: env.SLACK_COMMAND,
          workspaceAdmins: env.SLACK_WORKSPACE_ADMINS,
        }
      : undefined,
    maxImportBytes: env.MAX_IMPORT_BYTES,
    importSources: {},
    ...(env.IMPORT_CHANNEL_MAP ? { importChannelMap: resolve(env.IMPORT_CHANNEL_MAP) } : {}),
    port: env.PORT,
    adminUserIds: env.ADMIN_USER_IDS,
    defaultTimezone: env.DEFAULT_TIMEZONE,
    logLevel: env.LOG_LEVEL,
    ...(env.IMPORT_WATCH_DIR ? { importWatchDir: resolve(env.IMPORT_WATCH_DIR) } : {}),
  };
}

/** A private in-memory SQLite database: job threads and other processes cannot open it. */
export function isPrivateMemoryDatabase(config: Pick<Config, 'databasePath' | 'databaseUrl'>): boolean {
  return !config.databaseUrl && config.databasePath === ':memory:';
}
