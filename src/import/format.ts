import type { ImportReport, OrdersImportReport, SpendImportReport } from './types.ts';

const number = new Intl.NumberFormat('en-GB');

/** The report as a few lines of text for a person (CLI output, Slack message). */
export function formatImportReport(report: ImportReport): string {
  if (report.alreadyImportedAt) {
    return `${report.fileName} was already imported on ${report.alreadyImportedAt.slice(0, 10)} (import #${report.importId}): nothing changed.`;
  }
  const lines = [
    `Imported ${report.fileName} (${report.format ? `${report.format}, ` : ''}${report.kind}, import #${report.importId}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  lines read: ${number.format(report.linesRead)}, imported: ${number.format(report.imported)}`,
  ];
  if (report.alreadyStored) {
    lines.push(`  already stored (the same invoice, customer, time, amount, quantity and product, from an earlier file): ${number.format(report.alreadyStored)} lines, left out`);
  }
  for (const [reason, skip] of Object.entries(report.skipped)) {
    lines.push(`  skipped, ${reason}: ${number.format(skip.count)} (e.g. line ${skip.exampleLines.join(', ')})`);
  }
  lines.push(...(report.kind === 'orders' ? ordersFigures(report) : spendFigures(report)));
  for (const note of report.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

function ordersFigures(report: OrdersImportReport): string[] {
  return [
    `  customers: ${number.format(report.customers)}, invoices: ${number.format(report.invoices)}, return lines: ${number.format(report.returns)}, ` +
      (report.products ? `products: ${number.format(report.products)}` : 'no product column'),
    `  orders from ${report.firstOrderAt?.slice(0, 10) ?? '-'} to ${report.lastOrderAt?.slice(0, 10) ?? '-'}`,
  ];
}

function spendFigures(report: SpendImportReport): string[] {
  const lines = [
    report.format
      ? `  ${report.periods} weeks from ${report.firstPeriod ?? '-'} to ${report.lastPeriod ?? '-'}`
      : `  ${report.layout} layout, ${report.periods} periods from ${report.firstPeriod ?? '-'} to ${report.lastPeriod ?? '-'}`,
    `  channels: ${report.channels.join(', ') || '(none)'} (${number.format(report.spendRows)} spend rows)`,
    `  outcome: ${report.outcome ?? '(none)'}; KPI metrics: ${report.metrics.join(', ') || '(none)'} (${number.format(report.kpiRows)} rows)`,
  ];
  if (report.ignoredColumns.length) lines.push(`  ignored columns: ${report.ignoredColumns.map((c) => c || '(unnamed)').join(', ')}`);
  return lines;
}
