import { ImportRejectedError } from '../../errors.ts';
import { roundToCents, parseExportDay, parseMoney } from '../values.ts';
import { channelName } from './channels.ts';
import { Columns, cell } from './columns.ts';
import { daysFrom, decimalsOf, spreadEvenly } from './days.ts';
import type { DailyKpi, ExportFormat, FormatInput, SourceLine, SpendOutput } from './types.ts';

const CHANNEL_GROUP = ['Session default channel group', 'Session primary channel group', 'Default channel group'];
const KEY_EVENTS = ['Key events', 'Conversions'];
const REVENUE = ['Total revenue', 'Revenue'];

/**
 * GA4 traffic acquisition exports: `#` comment lines (account, property, `Start date: YYYYMMDD`,
 * `End date: …`), then `Session default channel group, Sessions, …, Key events, Total revenue`
 * (older files: `Conversions`), a `Grand total` line, and possibly more tables, each after a `# ----`
 * block. Each channel group's sessions, key events and revenue become KPIs named like channels
 * (`revenue:paid_search`), with their totals (`sessions`, `key_events`, `revenue`). A table with a
 * `Date` column gives daily values; otherwise each row covers the export's date range and is spread
 * evenly over its days.
 * Tables without a channel group (a chart's series) are left out, and the report names them.
 */
export const ga4TrafficAcquisition: ExportFormat = {
  label: 'GA4 traffic acquisition export',
  kind: 'spend',
  expected: 'Session default channel group, Sessions, Key events (or Conversions), Total revenue, after # lines with Start date and End date',
  repeatsHeader: true,
  isHeader(cells) {
    const c = new Columns(cells);
    return c.has(...CHANNEL_GROUP) && c.has('Sessions') && c.has(...REVENUE);
  },
  read,
};

interface Table {
  header: SourceLine;
  rows: SourceLine[];
}

function read({ lines, skips }: FormatInput): SpendOutput {
  const comments = lines.filter(isComment).map((l) => l.cells.join(',').replace(/^#\s*/, ''));
  const tables = splitTables(lines);
  const channelTables = tables.filter((t) => ga4TrafficAcquisition.isHeader(t.header.cells));
  const daily = channelTables.find((t) => new Columns(t.header.cells).has('Date'));
  const chosen = daily ?? channelTables[0];
  const notes: string[] = [];
  for (const table of tables.filter((t) => t !== chosen)) {
    const why = channelTables.includes(table) ? 'the same figures as the table used' : 'no channel group';
    notes.push(`Left out the table at line ${table.header.line} (${table.header.cells.slice(0, 4).join(', ')}${table.header.cells.length > 4 ? ', …' : ''}): ${why}.`);
  }
  const range = daily ? null : exportRange(comments);
  const c = new Columns(chosen.header.cells);
  const at = { group: c.find(...CHANNEL_GROUP)!, date: c.find('Date'), sessions: c.find('Sessions')!, keyEvents: c.find(...KEY_EVENTS), revenue: c.find(...REVENUE)! };
  if (at.keyEvents !== undefined && c.headers[at.keyEvents].trim().toLowerCase() === 'conversions') notes.push('Conversions (the name before March 2024) were read as key events.');
  const kpi: DailyKpi[] = [];
  const sums = { sessions: 0, revenue: 0 };
  let grandTotal: { sessions: number | null; revenue: number | null } | null = null;
  let dataLines = 0;
  let rowsImported = 0;
  for (const { line, cells } of chosen.rows) {
    const group = cell(cells, at.group);
    const figures = { sessions: parseMoney(cell(cells, at.sessions)), key_events: at.keyEvents === undefined ? null : parseMoney(cell(cells, at.keyEvents)), revenue: parseMoney(cell(cells, at.revenue)) };
    if (/^(grand )?total$/i.test(group)) {
      grandTotal = { sessions: figures.sessions, revenue: figures.revenue };
      continue;
    }
    dataLines++;
    const days = daily ? [parseExportDay(cell(cells, at.date!))] : range!;
    if (days[0] === null) {
      skips.add('bad date', line);
      continue;
    }
    if (!group) {
      skips.add('missing channel', line);
      continue;
    }
    if (figures.sessions === null && figures.revenue === null) {
      skips.add('bad number', line);
      continue;
    }
    rowsImported++;
    sums.sessions += figures.sessions ?? 0;
    sums.revenue += figures.revenue ?? 0;
    const name = channelName(group);
    for (const [metric, total] of Object.entries(figures)) {
      if (total === null) continue;
      const values = spreadEvenly(total, days.length, decimalsOf(total));
      (days as string[]).forEach((day, i) => {
        kpi.push({ day, metric, value: values[i] });
        kpi.push({ day, metric: `${metric}:${name}`, value: values[i] });
      });
    }
  }
  if (range) notes.push(`The export covers ${range[0]} to ${range.at(-1)} without a Date column: each channel group's figures were spread evenly over those ${range.length} days.`);
  if (grandTotal?.revenue != null) {
    const gap = roundToCents(grandTotal.revenue - sums.revenue);
    notes.push(gap === 0 ? 'The channel groups add up to the Grand total.' : `The channel groups' revenue differs from the Grand total by ${gap} (GA4 rounds, or hides small groups).`);
  }
  return { kind: 'spend', spend: [], kpi, dataLines, rowsImported, notes };
}

function isComment(line: SourceLine): boolean {
  return (line.cells[0] ?? '').trimStart().startsWith('#');
}

/** Tables: runs of lines between comment blocks; the first line of each is its header. */
function splitTables(lines: readonly SourceLine[]): Table[] {
  const tables: Table[] = [];
  let current: Table | null = null;
  for (const line of lines) {
    if (isComment(line)) {
      current = null;
      continue;
    }
    if (!current) tables.push((current = { header: line, rows: [] }));
    else current.rows.push(line);
  }
  return tables;
}

/** The days between the `Start date: YYYYMMDD` and `End date: YYYYMMDD` comment lines. */
function exportRange(comments: string[]): string[] {
  const find = (label: RegExp) => {
    for (const text of comments) {
      const m = label.exec(text);
      if (m) return parseExportDay(m[1]);
    }
    return null;
  };
  const first = find(/^start date:\s*(\S+)/i);
  const last = find(/^end date:\s*(\S+)/i);
  if (!first || !last || last < first) {
    throw new ImportRejectedError(
      'This GA4 export has no Date column and no "# Start date:"/"# End date:" lines, so the days its figures cover are unknown. Export it again from GA4 (Share this report → Download file → CSV) without removing the # lines.',
    );
  }
  return daysFrom(first, last);
}
