import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, smallint, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The PostgreSQL form of src/db/schema.ts: the same tables, columns (names and JS keys), keys and
 * indexes, so the repositories read both alike. Where the types differ, the meaning does not:
 * - times are `bigint` milliseconds since the epoch, read as JS numbers (safe to 2^53);
 * - amounts are `double precision` (SQLite's REAL);
 * - `orders.is_return` stays a 0/1 `smallint`, because the metric SQL compares it with 0 and 1;
 * - the other flags are `boolean` and JSON columns `jsonb` (only reached through drizzle, which maps both);
 * - text sorts byte-wise (`COLLATE "C"`), as in SQLite, so names come out in the same order on both.
 */

const ms = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () =>
  ms('created_at')
    .notNull()
    .default(sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`);
/** Text compared byte-wise, as SQLite compares it: names sort the same and `MIN(country)` finds the same key. */
const text = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentHash: text('content_hash').notNull(),
    linesRead: integer('lines_read').notNull(),
    imported: integer('imported').notNull(),
    report: jsonb('report').notNull(),
    importedBy: text('imported_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('imports_kind_hash').on(t.kind, t.contentHash)],
);

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  country: text('country'),
  firstSeenAt: ms('first_seen_at'),
  createdAt: createdAt(),
});

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    invoice: text('invoice').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    orderedAt: ms('ordered_at').notNull(),
    amount: doublePrecision('amount').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    country: text('country'),
    isReturn: smallint('is_return').notNull().default(0),
    importId: integer('import_id').references(() => imports.id),
    productCode: text('product_code'),
  },
  (t) => [
    index('orders_customer').on(t.customerId, t.orderedAt, t.isReturn, t.amount, t.quantity, t.invoice, t.country, t.productCode),
    index('orders_ordered_at').on(t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice, t.country, t.productCode),
    index('orders_country').on(t.country, t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice),
    index('orders_product').on(t.productCode, t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice, t.country),
  ],
);

export const products = pgTable('products', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const channelSpend = pgTable(
  'channel_spend',
  {
    id: serial('id').primaryKey(),
    periodStart: text('period_start').notNull(),
    channel: text('channel').notNull(),
    spend: doublePrecision('spend').notNull(),
    impressions: doublePrecision('impressions'),
    importId: integer('import_id').references(() => imports.id),
  },
  (t) => [index('channel_spend_period').on(t.periodStart, t.channel)],
);

export const kpi = pgTable(
  'kpi',
  {
    id: serial('id').primaryKey(),
    periodStart: text('period_start').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    importId: integer('import_id').references(() => imports.id),
  },
  (t) => [index('kpi_metric_period').on(t.metric, t.periodStart)],
);

export const jobRuns = pgTable(
  'job_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    args: jsonb('args').notNull(),
    status: text('status').notNull(),
    requester: text('requester'),
    channel: text('channel'),
    attempts: integer('attempts').notNull().default(0),
    progress: integer('progress').notNull().default(0),
    error: text('error'),
    resultSummary: text('result_summary'),
    createdAt: createdAt(),
    startedAt: ms('started_at'),
    finishedAt: ms('finished_at'),
  },
  (t) => [index('job_runs_kind_created').on(t.kind, t.createdAt)],
);

export const segmentRuns = pgTable(
  'segment_runs',
  {
    id: serial('id').primaryKey(),
    jobRunId: text('job_run_id'),
    comparableKey: text('comparable_key').notNull(),
    params: jsonb('params').notNull(),
    k: integer('k').notNull(),
    asOf: ms('as_of').notNull(),
    centres: jsonb('centres').notNull(),
    scaling: jsonb('scaling').notNull(),
    segments: jsonb('segments').notNull(),
    metrics: jsonb('metrics').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('segment_runs_key').on(t.comparableKey, t.id)],
);

export const segmentAssignments = pgTable(
  'segment_assignments',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => segmentRuns.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    cluster: integer('cluster').notNull(),
    segment: text('segment').notNull(),
    recencyDays: integer('recency_days').notNull(),
    frequency: integer('frequency').notNull(),
    monetary: doublePrecision('monetary').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.customerId] }), index('segment_assignments_segment').on(t.runId, t.segment, t.customerId)],
);

export const clvRuns = pgTable('clv_runs', {
  id: serial('id').primaryKey(),
  jobRunId: text('job_run_id'),
  params: jsonb('params').notNull(),
  asOf: ms('as_of').notNull(),
  horizonDays: integer('horizon_days').notNull(),
  customers: integer('customers').notNull(),
  model: jsonb('model').notNull(),
  totals: jsonb('totals').notNull(),
  createdAt: createdAt(),
});

export const clvCustomers = pgTable(
  'clv_customers',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => clvRuns.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    pAlive: doublePrecision('p_alive').notNull(),
    expectedPurchases: doublePrecision('expected_purchases').notNull(),
    expectedOrderValue: doublePrecision('expected_order_value').notNull(),
    clv: doublePrecision('clv').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.customerId] })],
);

export const schedules = pgTable('schedules', {
  id: serial('id').primaryKey(),
  commandText: text('command_text').notNull(),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  channelId: text('channel_id').notNull(),
  adapter: text('adapter').notNull().default('console'),
  createdBy: text('created_by').notNull(),
  active: boolean('active').notNull().default(true),
  lastRunAt: ms('last_run_at'),
  createdAt: createdAt(),
});

export const models = pgTable(
  'models',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    metrics: jsonb('metrics').notNull(),
    payload: text('payload').notNull(),
    active: boolean('active').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('models_kind_version').on(t.kind, t.version)],
);

export const intentExamples = pgTable('intent_examples', {
  id: serial('id').primaryKey(),
  text: text('text').notNull(),
  intent: text('intent').notNull(),
  source: text('source').notNull().default('feedback'),
  predictedIntent: text('predicted_intent'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: createdAt(),
    userId: text('user_id'),
    channelId: text('channel_id'),
    source: text('source').notNull(),
    text: text('text'),
    intent: text('intent'),
    command: text('command'),
    outcome: text('outcome').notNull(),
    detail: text('detail'),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

export const processedEvents = pgTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: createdAt(),
});

export const dataSummary = pgTable('data_summary', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: serial('id').primaryKey(),
    channelId: text('channel_id').notNull(),
    adapter: text('adapter').notNull().default('console'),
    createdBy: text('created_by').notNull(),
    metric: text('metric').notNull(),
    grain: text('grain').notNull(),
    condition: jsonb('condition').notNull(),
    country: text('country'),
    timezone: text('timezone').notNull(),
    paused: boolean('paused').notNull().default(false),
    state: text('state').notNull().default('normal'),
    lastPeriod: text('last_period'),
    createdAt: createdAt(),
  },
  (t) => [index('alerts_channel').on(t.channelId, t.id)],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: serial('id').primaryKey(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    periodStart: text('period_start').notNull(),
    details: jsonb('details').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('alert_events_once').on(t.alertId, t.periodStart, t.kind)],
);

export const forecastRuns = pgTable(
  'forecast_runs',
  {
    id: serial('id').primaryKey(),
    jobRunId: text('job_run_id'),
    channelId: text('channel_id'),
    scheduleId: integer('schedule_id'),
    metric: text('metric').notNull(),
    grain: text('grain').notNull(),
    country: text('country'),
    dataEnd: ms('data_end').notNull(),
    points: jsonb('points').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('forecast_runs_metric').on(t.metric, t.grain, t.id), index('forecast_runs_schedule').on(t.scheduleId, t.id)],
);

export const conversationState = pgTable('conversation_state', {
  conversationKey: text('conversation_key').primaryKey(),
  commandLine: text('command_line').notNull(),
  intent: text('intent'),
  updatedAt: ms('updated_at').notNull(),
});

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const jobFiles = pgTable(
  'job_files',
  {
    id: serial('id').primaryKey(),
    jobId: text('job_id').notNull(),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('job_files_job').on(t.jobId, t.id), index('job_files_created').on(t.createdAt)],
);
