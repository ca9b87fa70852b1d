import type { Db } from '../db/client.ts';
import type { ImportStage, StagedKpiValue, StagedSpend } from '../repos/import-staging.ts';
import type { CsvRecord } from './csv-parser.ts';
import { rejectIfExportHeader } from './formats/index.ts';
import { runImport, type LineImporter } from './run-import.ts';
import { SkipTally } from './skips.ts';
import { resolveSpendColumns, type LongSpendColumns, type SpendColumns, type WideSpendColumns } from './spend-columns.ts';
import type { ImportOptions, SkipReason, SpendImportReport } from './types.ts';
import { detach, isMissing, parseIsoDay, parseNumber } from './values.ts';

type SpendDetails = Omit<SpendImportReport, 'kind' | 'fileName' | 'contentHash' | 'importId' | 'alreadyImportedAt' | 'linesRead' | 'imported' | 'skipped' | 'durationMs'>;

/** Rows buffered before they are written to the stage (at the end of a chunk of the file). */
const BATCH_SIZE = 4096;

/**
 * Imports media spend (long or wide layout, see `SpendColumns`) into channel_spend, and the
 * outcome and control columns of wide files into kpi. Periods are stored as ISO dates; lines are
 * stored as they come (Meridian's geo file gives one line per geo and week: nothing is summed here).
 * Empty or `NA` cells are left out; a text value in a control column (Robyn's `events` = `event2`)
 * is stored as the indicator metric `events:event2` = 1.
 */
export function importSpendFile(db: Db, filePath: string, options: ImportOptions = {}): Promise<SpendImportReport> {
  return runImport(db, 'spend', filePath, options, (stage) => new SpendLineImporter(stage, options));
}

class SpendLineImporter implements LineImporter<SpendDetails> {
  readonly skips = new SkipTally();
  private columns!: SpendColumns;
  private spendBatch: StagedSpend[] = [];
  private kpiBatch: StagedKpiValue[] = [];
  private readonly periods = new Set<string>();
  private readonly channels = new Set<string>();
  private readonly metrics = new Set<string>();
  /** Channel and metric names, each kept once. */
  private readonly names = new Map<string, string>();
  private imported = 0;
  private spendRows = 0;
  private kpiRows = 0;

  constructor(
    private readonly stage: ImportStage,
    private readonly options: ImportOptions,
  ) {}

  onHeader(headers: string[]): void {
    this.columns = resolveSpendColumns(headers, this.options);
  }

  onRecord(record: CsvRecord, lineNumber: number): void {
    // Spend files are small (a line per week, or per geo and week): plain arrays are fast enough.
    const cells = record.toArray();
    const periodStart = parseIsoDay(cells[this.columns.date] ?? '');
    if (periodStart === null) {
      rejectIfExportHeader(cells, lineNumber);
      return this.skips.add('bad date', lineNumber);
    }
    const rows = this.columns.layout === 'long' ? readLongLine(cells, this.columns) : readWideLine(cells, this.columns);
    if (typeof rows === 'string') return this.skips.add(rows, lineNumber);
    this.imported++;
    this.periods.add(periodStart);
    // Names are kept once (see `detach`): staged rows stay in memory until the commit.
    for (const s of rows.spend) this.spendBatch.push({ periodStart, ...s, channel: this.name(s.channel) });
    for (const k of rows.kpi) this.kpiBatch.push({ periodStart, ...k, metric: this.name(k.metric) });
  }

  async afterChunk(): Promise<void> {
    if (this.spendBatch.length + this.kpiBatch.length >= BATCH_SIZE) await this.flush();
  }

  async finish(): Promise<{ imported: number; details: SpendDetails }> {
    await this.flush();
    const periods = [...this.periods].sort();
    return {
      imported: this.imported,
      details: {
        layout: this.columns.layout,
        channels: [...this.channels].sort(),
        metrics: [...this.metrics].sort(),
        outcome: this.columns.layout === 'wide' ? this.columns.outcome : null,
        spendRows: this.spendRows,
        kpiRows: this.kpiRows,
        periods: periods.length,
        firstPeriod: periods[0] ?? null,
        lastPeriod: periods.at(-1) ?? null,
        ignoredColumns: this.columns.ignored,
      },
    };
  }

  private name(text: string): string {
    let kept = this.names.get(text);
    if (kept === undefined) this.names.set((kept = detach(text)), kept);
    return kept;
  }

  private async flush(): Promise<void> {
    const spend = this.spendBatch;
    const kpi = this.kpiBatch;
    this.spendBatch = [];
    this.kpiBatch = [];
    for (const s of spend) this.channels.add(s.channel);
    for (const k of kpi) this.metrics.add(k.metric);
    await this.stage.addChannelSpend(spend);
    await this.stage.addKpiValues(kpi);
    this.spendRows += spend.length;
    this.kpiRows += kpi.length;
  }
}

type LineRows = {
  spend: Omit<StagedSpend, 'periodStart'>[];
  kpi: Omit<StagedKpiValue, 'periodStart'>[];
};

function readLongLine(cells: string[], columns: LongSpendColumns): LineRows | SkipReason {
  const channel = (cells[columns.channel] ?? '').trim();
  if (!channel) return 'missing channel';
  const spend = readSpend(cells[columns.spend]);
  if (typeof spend === 'string') return spend;
  const impressions = readOptionalNumber(cells, columns.impressions);
  if (impressions === 'bad number') return impressions;
  return { spend: spend === null ? [] : [{ channel, spend, impressions }], kpi: [] };
}

function readWideLine(cells: string[], columns: WideSpendColumns): LineRows | SkipReason {
  const rows: LineRows = { spend: [], kpi: [] };
  for (const c of columns.channels) {
    const spend = readSpend(cells[c.spend]);
    if (typeof spend === 'string') return spend;
    const impressions = readOptionalNumber(cells, c.impressions);
    if (impressions === 'bad number') return impressions;
    if (spend !== null) rows.spend.push({ channel: c.channel, spend, impressions });
  }
  for (const { metric, index } of columns.metrics) {
    const text = (cells[index] ?? '').trim();
    if (isMissing(text)) continue;
    const value = parseNumber(text);
    rows.kpi.push(value === null ? { metric: `${metric}:${text.toLowerCase()}`, value: 1 } : { metric, value });
  }
  return rows;
}

/** Spend in a cell: a non-negative number, null when the cell is empty or NA, or why it is unusable. */
function readSpend(text: string | undefined): number | null | SkipReason {
  if (text === undefined || isMissing(text)) return null;
  const spend = parseNumber(text);
  if (spend === null) return 'bad number';
  return spend < 0 ? 'negative spend' : spend;
}

function readOptionalNumber(cells: string[], index: number | undefined): number | null | 'bad number' {
  const text = index === undefined ? undefined : cells[index];
  if (text === undefined || isMissing(text)) return null;
  return parseNumber(text) ?? 'bad number';
}
