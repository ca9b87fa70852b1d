import { parseExportDay, parseMoney, usesDecimalComma } from '../values.ts';
import { ChannelAssigner } from './channels.ts';
import { Columns, cell, checkCurrency } from './columns.ts';
import { daysFrom, spreadEvenly } from './days.ts';
import type { DailySpend, ExportFormat, FormatInput, SpendOutput } from './types.ts';

const LABEL = 'Meta Ads Manager export';

/** Headers as Ads Manager writes them in English, French and German. */
const STARTS = ['Reporting starts', 'Début des rapports', 'Berichtsbeginn'];
const ENDS = ['Reporting ends', 'Fin des rapports', 'Berichtsende'];
const CAMPAIGN = ['Campaign name', 'Nom de la campagne', 'Kampagnenname', 'Ad set name', "Nom de l'ensemble de publicités", 'Name der Anzeigengruppe'];
const DAY = ['Day', 'Jour', 'Tag'];
const IMPRESSIONS = ['Impressions', 'Impressionen'];
/** `Amount spent (USD)`, `Montant dépensé (EUR)`, `Ausgegebener Betrag (EUR)`: the currency is in the header. */
const SPENT = /^(?:amount spent|montant dépensé|ausgegebener betrag|betrag ausgegeben)\s*\(([A-Za-z]{3})\)$/i;

/**
 * Meta Ads Manager exports: `Reporting starts, Reporting ends, Campaign name, …, Amount spent (USD),
 * Impressions, …` (or localised, often with a byte-order mark, which the CSV reader drops). Spend goes
 * to `social` unless the channel map or --channel says otherwise. A row without a daily breakdown
 * covers its whole reporting range: its spend and impressions are spread evenly over those days
 * (to the cent), and the report says how many rows were spread.
 */
export const metaAdsExport: ExportFormat = {
  label: LABEL,
  kind: 'spend',
  expected: 'Reporting starts, Reporting ends, Campaign name, Amount spent (CUR) (or as localised: Début des rapports, Montant dépensé (EUR), Berichtsbeginn, Ausgegebener Betrag (EUR))',
  isHeader(cells) {
    const c = new Columns(cells);
    return c.has(...STARTS) && c.has(...ENDS) && c.has(...CAMPAIGN) && c.match(SPENT) !== undefined;
  },
  read,
};

function read({ lines, headerIndex, options, skips }: FormatInput): SpendOutput {
  const c = new Columns(lines[headerIndex].cells);
  const spent = c.match(SPENT)!;
  const at = { starts: c.find(...STARTS)!, ends: c.find(...ENDS)!, day: c.find(...DAY), campaign: c.find(...CAMPAIGN)!, impressions: c.find(...IMPRESSIONS) };
  const rows = lines.slice(headerIndex + 1).filter(({ cells }) => !isTotalRow(cells, at.campaign));
  const decimalComma = usesDecimalComma(rows.map(({ cells }) => cell(cells, spent.index)));
  const channels = new ChannelAssigner(options);
  const spend: DailySpend[] = [];
  let rowsImported = 0;
  let spreadRows = 0;
  let spreadDays = 0;
  for (const { line, cells } of rows) {
    const day = at.day === undefined ? null : parseExportDay(cell(cells, at.day));
    const first = day ?? parseExportDay(cell(cells, at.starts));
    const last = day ?? parseExportDay(cell(cells, at.ends));
    if (!first || !last || last < first) {
      skips.add('bad date', line);
      continue;
    }
    const amountText = cell(cells, spent.index);
    const amount = parseMoney(amountText, decimalComma);
    const impressionsText = cell(cells, at.impressions);
    const impressions = parseMoney(impressionsText, decimalComma);
    if ((amountText && amount === null) || (impressionsText && impressions === null)) {
      skips.add('bad number', line);
      continue;
    }
    if (amount !== null && amount < 0) {
      skips.add('negative spend', line);
      continue;
    }
    const campaign = cell(cells, at.campaign);
    if (!campaign) {
      skips.add('missing channel', line);
      continue;
    }
    rowsImported++;
    const channel = channels.channelOf(campaign, 'social');
    const days = daysFrom(first, last);
    if (days.length > 1) {
      spreadRows++;
      spreadDays = Math.max(spreadDays, days.length);
    }
    const costs = spreadEvenly(amount ?? 0, days.length, 2);
    const shown = impressions === null ? null : spreadEvenly(impressions, days.length, 0);
    days.forEach((d, i) => spend.push({ day: d, channel, spend: costs[i], impressions: shown?.[i] ?? null }));
  }
  const currency = checkCurrency(new Set([spent.match[1]]), options.currency, LABEL);
  const notes = [channels.describe('for Meta campaigns (social unless mapped)'), `Amounts are in ${currency} (from the header "${c.headers[spent.index].trim()}").`];
  if (spreadRows) {
    notes.push(
      `${spreadRows} row${spreadRows > 1 ? 's' : ''} without a daily breakdown covered a whole reporting range (up to ${spreadDays} days): spend and impressions were spread evenly over those days. Export with Breakdown → By time → Day for the real daily figures.`,
    );
  }
  return { kind: 'spend', spend, kpi: [], dataLines: rows.length, rowsImported, notes };
}

/** A summary line some exports end with (`Total`, `Results from 12 campaigns`): not data. */
function isTotalRow(cells: readonly string[], campaignAt: number): boolean {
  return /^(total|results|résultats|ergebnisse|gesamt)\b/i.test(cell(cells, campaignAt));
}
