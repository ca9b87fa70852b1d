import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Pulse's data model. Times are integer milliseconds since the epoch (UTC) unless the column
 * is a calendar period (`period_start`, ISO date `YYYY-MM-DD`). JSON columns hold plain objects.
 */

const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`);

export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['orders', 'spend'] }).notNull(),
    fileName: text('file_name').notNull(),
    contentHash: text('content_hash').notNull(),
    linesRead: integer('lines_read').notNull(),
    imported: integer('imported').notNull(),
    report: text('report', { mode: 'json' }).notNull(),
    importedBy: text('imported_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('imports_kind_hash').on(t.kind, t.contentHash)],
);

export const customers = sqliteTable('customers', {
  id: text('id').primaryKey(),
  country: text('country'),
  firstSeenAt: integer('first_seen_at'),
  createdAt: createdAt(),
});

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoice: text('invoice').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    orderedAt: integer('ordered_at').notNull(),
    amount: real('amount').notNull(),
    quantity: real('quantity').notNull(),
    country: text('country'),
    isReturn: integer('is_return', { mode: 'boolean' }).notNull().default(false),
    importId: integer('import_id').references(() => imports.id),
    /** The line's product (`products.code`); null for files imported without a product column. */
    productCode: text('product_code'),
  },
  // Each index leads with what `metric` searches by (a customer, a time range, a country and time range) and carries the
  // columns of the metric definitions, so a period is read from the index alone, in proportion to its own lines.
  (t) => [
    index('orders_customer').on(t.customerId, t.orderedAt, t.isReturn, t.amount, t.quantity, t.invoice, t.country, t.productCode),
    index('orders_ordered_at').on(t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice, t.country, t.productCode),
    index('orders_country').on(t.country, t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice),
    index('orders_product').on(t.productCode, t.orderedAt, t.isReturn, t.amount, t.quantity, t.customerId, t.invoice, t.country),
  ],
);

/** The product catalogue as the order files name it: a code and the name most recently imported with it. */
export const products = sqliteTable('products', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const channelSpend = sqliteTable(
  'channel_spend',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodStart: text('period_start').notNull(),
    channel: text('channel').notNull(),
    spend: real('spend').notNull(),
    impressions: real('impressions'),
    importId: integer('import_id').references(() => imports.id),
  },
  (t) => [index('channel_spend_period').on(t.periodStart, t.channel)],
);

export const kpi = sqliteTable(
  'kpi',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodStart: text('period_start').notNull(),
    metric: text('metric').notNull(),
    value: real('value').notNull(),
    importId: integer('import_id').references(() => imports.id),
  },
  (t) => [index('kpi_metric_period').on(t.metric, t.periodStart)],
);

export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    args: text('args', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'completed', 'failed'] }).notNull(),
    requester: text('requester'),
    channel: text('channel'),
    attempts: integer('attempts').notNull().default(0),
    progress: integer('progress').notNull().default(0),
    error: text('error'),
    resultSummary: text('result_summary'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('job_runs_kind_created').on(t.kind, t.createdAt)],
);

export const segmentRuns = sqliteTable(
  'segment_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobRunId: text('job_run_id'),
    /** Runs with the same key (country, since) are comparable. */
    comparableKey: text('comparable_key').notNull(),
    params: text('params', { mode: 'json' }).notNull(),
    k: integer('k').notNull(),
    asOf: integer('as_of').notNull(),
    centres: text('centres', { mode: 'json' }).notNull(),
    scaling: text('scaling', { mode: 'json' }).notNull(),
    segments: text('segments', { mode: 'json' }).notNull(),
    metrics: text('metrics', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('segment_runs_key').on(t.comparableKey, t.id)],
);

export const segmentAssignments = sqliteTable(
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
    monetary: real('monetary').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.customerId] }), index('segment_assignments_segment').on(t.runId, t.segment, t.customerId)],
);

/** Churn and lifetime-value runs (`clv`): the request, the fitted models and the headline figures. */
export const clvRuns = sqliteTable('clv_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  jobRunId: text('job_run_id'),
  params: text('params', { mode: 'json' }).notNull(),
  /** Start of the cut-off day (ms UTC): purchases on that day count. */
  asOf: integer('as_of').notNull(),
  horizonDays: integer('horizon_days').notNull(),
  customers: integer('customers').notNull(),
  /** Fitted parameters, fallbacks and the seasonal adjustment. */
  model: text('model', { mode: 'json' }).notNull(),
  /** Expected purchases and revenue, probably lost customers, … */
  totals: text('totals', { mode: 'json' }).notNull(),
  createdAt: createdAt(),
});

/** Every customer's figures of a clv run (`clv export`); only the latest few runs keep them. */
export const clvCustomers = sqliteTable(
  'clv_customers',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => clvRuns.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    pAlive: real('p_alive').notNull(),
    expectedPurchases: real('expected_purchases').notNull(),
    expectedOrderValue: real('expected_order_value').notNull(),
    clv: real('clv').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.customerId] })],
);

export const schedules = sqliteTable('schedules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  commandText: text('command_text').notNull(),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  channelId: text('channel_id').notNull(),
  adapter: text('adapter').notNull().default('console'),
  createdBy: text('created_by').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  lastRunAt: integer('last_run_at'),
  createdAt: createdAt(),
});

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    metrics: text('metrics', { mode: 'json' }).notNull(),
    payload: text('payload').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('models_kind_version').on(t.kind, t.version)],
);

export const intentExamples = sqliteTable('intent_examples', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  text: text('text').notNull(),
  intent: text('intent').notNull(),
  source: text('source', { enum: ['feedback', 'admin'] }).notNull().default('feedback'),
  predictedIntent: text('predicted_intent'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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

/** Event ids already handled (Slack retries the same event; we act once). */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: createdAt(),
});

/**
 * Figures about the data kept up to date by imports and the demo seed (one JSON row per key), so that
 * commands can check a request and word their ack without scanning orders or customers.
 */
export const dataSummary = sqliteTable('data_summary', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Alerts on a metric, per channel. `condition` is a plain object ({ kind: 'below'|'above', threshold } |
 * { kind: 'drop'|'rise', percent } | { kind: 'anomaly', level }); `state` is 'normal' or 'breached', so a
 * breach is posted once and a recovery once.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: text('channel_id').notNull(),
    adapter: text('adapter').notNull().default('console'),
    createdBy: text('created_by').notNull(),
    metric: text('metric').notNull(),
    grain: text('grain', { enum: ['day', 'week'] }).notNull(),
    condition: text('condition', { mode: 'json' }).notNull(),
    country: text('country'),
    timezone: text('timezone').notNull(),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: ['normal', 'breached'] }).notNull().default('normal'),
    /** The last period checked (`YYYY-MM-DD` start), so a check of the same data posts nothing new. */
    lastPeriod: text('last_period'),
    createdAt: createdAt(),
  },
  (t) => [index('alerts_channel').on(t.channelId, t.id)],
);

/** Every breach and recovery posted: (alert, period, kind) is unique, so two bots cannot post one twice. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['breach', 'recovery'] }).notNull(),
    periodStart: text('period_start').notNull(),
    /** The value, the threshold or band and anything else the message showed. */
    details: text('details', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('alert_events_once').on(t.alertId, t.periodStart, t.kind)],
);

/**
 * Every forecast Pulse posted, with its point values and bands per period (`points`: [{ periodStart,
 * value, lower80, upper80, lower95, upper95 }]), so `forecast accuracy` and digests can score it later.
 */
export const forecastRuns = sqliteTable(
  'forecast_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobRunId: text('job_run_id'),
    channelId: text('channel_id'),
    scheduleId: integer('schedule_id'),
    metric: text('metric').notNull(),
    grain: text('grain').notNull(),
    country: text('country'),
    /** End of the history the forecast was fitted on (ms UTC). */
    dataEnd: integer('data_end').notNull(),
    points: text('points', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('forecast_runs_metric').on(t.metric, t.grain, t.id), index('forecast_runs_schedule').on(t.scheduleId, t.id)],
);

/**
 * The last command run in each conversation (a Slack thread, a DM channel, a console), so that a
 * follow-up ("and by country?") can change it and run it again. Rows older than a day are ignored and pruned.
 */
export const conversationState = sqliteTable('conversation_state', {
  conversationKey: text('conversation_key').primaryKey(),
  commandLine: text('command_line').notNull(),
  intent: text('intent'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Charts and exported files made by jobs, kept with the job's result: the process that posts the
 * result (a bot, perhaps on another host than the worker) reads them from here, not from a shared
 * folder. Pruned after a week (CHART_DIR keeps a local copy where the job ran).
 */
export const jobFiles = sqliteTable(
  'job_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull(),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('job_files_job').on(t.jobId, t.id), index('job_files_created').on(t.createdAt)],
);
