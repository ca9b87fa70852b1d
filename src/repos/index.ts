import type { Db } from '../db/client.ts';
import { AuditRepository } from './audit.ts';
import { CustomerFeatureRepository } from './customer-features.ts';
import { DataSummaryRepository } from './data-summary.ts';
import { MetricSeriesRepository } from './metric-series.ts';
import { MetricsRepository } from './metrics.ts';
import { ProcessedEventRepository } from './events.ts';
import { ImportsRepository } from './imports.ts';
import { IntentExampleRepository } from './intent-examples.ts';
import { JobRunRepository } from './job-runs.ts';
import { MarketingRepository } from './marketing.ts';
import { ModelRepository } from './models.ts';
import { SalesRepository } from './sales.ts';
import { ScheduleRepository } from './schedules.ts';
import { SegmentRepository } from './segments.ts';
import { TransactionRepository } from './transactions.ts';
import { ClvRunRepository } from './clv-runs.ts';
import { AlertRepository } from './alerts.ts';
import { ForecastRunRepository } from './forecast-runs.ts';
import { ConversationRepository } from './conversations.ts';
import { JobFileRepository } from './job-files.ts';

/** One repository per aggregate; SQL lives only in these classes. */
export interface Repositories {
  sales: SalesRepository;
  customerFeatures: CustomerFeatureRepository;
  dataSummary: DataSummaryRepository;
  metricSeries: MetricSeriesRepository;
  metrics: MetricsRepository;
  marketing: MarketingRepository;
  imports: ImportsRepository;
  jobRuns: JobRunRepository;
  segments: SegmentRepository;
  transactions: TransactionRepository;
  clvRuns: ClvRunRepository;
  forecastRuns: ForecastRunRepository;
  schedules: ScheduleRepository;
  alerts: AlertRepository;
  models: ModelRepository;
  intentExamples: IntentExampleRepository;
  audit: AuditRepository;
  events: ProcessedEventRepository;
  conversations: ConversationRepository;
  jobFiles: JobFileRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    sales: new SalesRepository(db),
    customerFeatures: new CustomerFeatureRepository(db),
    dataSummary: new DataSummaryRepository(db),
    metricSeries: new MetricSeriesRepository(db),
    metrics: new MetricsRepository(db),
    marketing: new MarketingRepository(db),
    imports: new ImportsRepository(db),
    jobRuns: new JobRunRepository(db),
    segments: new SegmentRepository(db),
    transactions: new TransactionRepository(db),
    clvRuns: new ClvRunRepository(db),
    forecastRuns: new ForecastRunRepository(db),
    schedules: new ScheduleRepository(db),
    alerts: new AlertRepository(db),
    models: new ModelRepository(db),
    intentExamples: new IntentExampleRepository(db),
    audit: new AuditRepository(db),
    events: new ProcessedEventRepository(db),
    conversations: new ConversationRepository(db),
    jobFiles: new JobFileRepository(db),
  };
}
