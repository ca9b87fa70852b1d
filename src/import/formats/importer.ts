import type { ImportStage, StagedKpiValue, StagedSpend } from '../../repos/import-staging.ts';
import type { NewCustomer } from '../../repos/sales.ts';
import type { CsvRecord } from '../csv-parser.ts';
import type { LineImporter } from '../run-import.ts';
import { SkipTally } from '../skips.ts';
import type { ImportOptions, OrdersImportReport, SpendImportReport } from '../types.ts';
import { roundToCents } from '../values.ts';
import { daysFrom, weekOf } from './days.ts';
import { rejectMixedLayouts, type DetectedFormat } from './index.ts';
import type { OrdersOutput, SourceLine, SpendOutput } from './types.ts';

type Base = 'kind' | 'fileName' | 'contentHash' | 'importId' | 'alreadyImportedAt' | 'linesRead' | 'imported' | 'skipped' | 'durationMs';
export type OrderDetails = Omit<OrdersImportReport, Base>;
export type SpendDetails = Omit<SpendImportReport, Base>;

/**
 * Imports an export recognised by its headers (see `EXPORT_FORMATS`). These files are small (an
 * export from a shop or an ad account), so the lines are kept as arrays of cells and read whole at
 * the end: a format may need lines further down (Shopify's order fields sit on the first line of
 * each order; GA4 writes several tables). Order lines, customers and products, or weekly spend and
 * KPI rows, are then staged like any other file's.
 */
export class ExportImporter implements LineImporter<OrderDetails | SpendDetails> {
  readonly skips = new SkipTally();
  private readonly lines: SourceLine[] = [];

  constructor(
    private readonly detected: DetectedFormat,
    private readonly stage: ImportStage,
    private readonly options: ImportOptions,
    private readonly fileName: string,
  ) {}

  onHeader(headers: string[]): void {
    this.lines.push({ line: 1, cells: headers });
  }

  onRecord(record: CsvRecord, lineNumber: number): void {
    this.lines.push({ line: lineNumber, cells: record.toArray() });
  }

  async afterChunk(): Promise<void> {}

  async finish(): Promise<{ imported: number; linesRead: number; details: OrderDetails | SpendDetails }> {
    rejectMixedLayouts(this.lines, this.detected, this.fileName);
    const { format, headerIndex } = this.detected;
    const output = format.read({ lines: this.lines, headerIndex, options: this.options, skips: this.skips });
    const details = output.kind === 'orders' ? await this.stageOrders(output) : await this.stageSpend(output);
    return { imported: output.rowsImported, linesRead: output.dataLines, details: { ...details, format: format.label, notes: output.notes } };
  }

  private async stageOrders(output: OrdersOutput): Promise<OrderDetails> {
    const customers = new Map<string, NewCustomer>();
    const invoices = new Set<string>();
    let returns = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const line of output.lines) {
      const known = customers.get(line.customerId);
      if (!known) customers.set(line.customerId, { id: line.customerId, country: line.country, firstSeenAt: line.orderedAt });
      else if (line.orderedAt < known.firstSeenAt) known.firstSeenAt = line.orderedAt;
      if (line.isReturn) returns++;
      else invoices.add(line.invoice);
      first = Math.min(first, line.orderedAt);
      last = Math.max(last, line.orderedAt);
    }
    await this.stage.addOrderLines(output.lines);
    await this.stage.addCustomers([...customers.values()]);
    await this.stage.addProducts([...output.products].map(([code, name]) => ({ code, name })));
    const any = output.lines.length > 0;
    return {
      customers: customers.size,
      invoices: invoices.size,
      returns,
      products: output.products.size,
      firstOrderAt: any ? new Date(first).toISOString() : null,
      lastOrderAt: any ? new Date(last).toISOString() : null,
    };
  }

  /** Days are summed into weeks starting on Monday: Pulse keeps spend and KPIs weekly. */
  private async stageSpend(output: SpendOutput): Promise<SpendDetails> {
    const spend = new Map<string, StagedSpend>();
    for (const s of output.spend) {
      const periodStart = weekOf(s.day);
      const key = `${periodStart}\u0000${s.channel}`;
      const row = spend.get(key);
      if (!row) spend.set(key, { periodStart, channel: s.channel, spend: s.spend, impressions: s.impressions });
      else {
        row.spend += s.spend;
        if (s.impressions !== null) row.impressions = (row.impressions ?? 0) + s.impressions;
      }
    }
    const kpi = new Map<string, StagedKpiValue>();
    for (const k of output.kpi) {
      const periodStart = weekOf(k.day);
      const key = `${periodStart}\u0000${k.metric}`;
      const row = kpi.get(key);
      if (!row) kpi.set(key, { periodStart, metric: k.metric, value: k.value });
      else row.value += k.value;
    }
    const spendRows = [...spend.values()].map((r) => ({ ...r, spend: roundToCents(r.spend), impressions: r.impressions === null ? null : Math.round(r.impressions * 100) / 100 }));
    const kpiRows = [...kpi.values()].map((r) => ({ ...r, value: Math.round(r.value * 100) / 100 }));
    await this.stage.addChannelSpend(spendRows);
    await this.stage.addKpiValues(kpiRows);
    const days = [...output.spend.map((s) => s.day), ...output.kpi.map((k) => k.day)].sort();
    const periods = [...new Set([...spendRows, ...kpiRows].map((r) => r.periodStart))].sort();
    if (days.length) {
      const [firstDay, lastDay] = [days[0], days.at(-1)!];
      output.notes.push(
        `Daily figures from ${firstDay} to ${lastDay} were summed into ${periods.length} week${periods.length > 1 ? 's' : ''} starting on Monday (Pulse keeps spend and KPIs weekly)` +
          `${firstDay !== periods[0] ? `; the first week, ${periods[0]}, holds only the days from ${firstDay}` : ''}` +
          `${daysAfter(lastDay) === 0 ? '' : `; the last week, ${periods.at(-1)}, only the days up to ${lastDay}`}.`,
      );
    }
    return {
      layout: 'long',
      channels: [...new Set(spendRows.map((r) => r.channel))].sort(),
      metrics: [...new Set(kpiRows.map((r) => r.metric))].sort(),
      outcome: null,
      spendRows: spendRows.length,
      kpiRows: kpiRows.length,
      periods: periods.length,
      firstPeriod: periods[0] ?? null,
      lastPeriod: periods.at(-1) ?? null,
      ignoredColumns: [],
    };
  }
}

/** Days left in the week of `day` after it (0 on a Sunday). */
function daysAfter(day: string): number {
  return 7 - daysFrom(weekOf(day), day).length;
}
