/**
 * Parsing of single CSV cells. Hand-written rather than via luxon because an import parses
 * hundreds of thousands of dates: these run in well under a microsecond each.
 */

const ISO_DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/** US style, month first: `12/1/2010 8:26` (Online Retail's original spreadsheet export). */
const MONTH_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date or date-time as epoch milliseconds (UTC), or null when it is not a valid date.
 * Accepted: `2010-12-01`, `2010-12-01 08:26:00`, `2010-12-01T08:26:00Z` (or with an offset,
 * `+02:00`), and month-first `12/1/2010 8:26`. Times without a zone are read as UTC.
 * The last text parsed is remembered: the lines of one invoice share their time.
 */
export function parseTimestamp(text: string): number | null {
  if (text === lastTimestampText) return lastTimestamp;
  const parsed = parseTimestampUncached(text);
  lastTimestampText = text;
  lastTimestamp = parsed;
  return parsed;
}

let lastTimestampText: string | undefined;
let lastTimestamp: number | null = null;

function parseTimestampUncached(text: string): number | null {
  const value = text.trim();
  let m = ISO_DATE_TIME.exec(value);
  if (m) {
    const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
    const local = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms);
    return local === null ? null : local - zoneOffsetMs(m[8]);
  }
  m = MONTH_FIRST.exec(value);
  if (m) return utc(+m[3], +m[1], +m[2], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, 0);
  return null;
}

/** The calendar day (`YYYY-MM-DD`, UTC) of a date cell, or null. */
export function parseIsoDay(text: string): string | null {
  const time = parseTimestamp(text);
  return time === null ? null : new Date(time).toISOString().slice(0, 10);
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** A finite number, or null for an empty cell, `NA`-like text or anything else. */
export function parseNumber(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Values that mean "no value" in exported data sets (R writes `NA`, pandas `nan`, Robyn `na`). */
export function isMissing(text: string): boolean {
  const value = text.trim().toLowerCase();
  return value === '' || value === 'na' || value === 'nan' || value === 'null' || value === 'n/a';
}

/** Customer ids exported from spreadsheets come as decimals (`17850.0`): keep the integer. */
export function normaliseCustomerId(text: string): string {
  const value = text.trim();
  const point = value.indexOf('.');
  if (point <= 0) return value;
  for (let i = 0; i < point; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return value;
  }
  for (let i = point + 1; i < value.length; i++) if (value.charCodeAt(i) !== 48) return value;
  return value.slice(0, point);
}

/** Rounds money to cents, halves away from zero, so returns mirror sales (6 × 2.55 = 15.299999… → 15.3). */
export function roundToCents(amount: number): number {
  return (Math.sign(amount) * Math.round(Math.abs(amount) * 100)) / 100;
}

/**
 * A copy of `text` that does not keep its source alive. Cells are slices of a megabyte-long chunk of
 * the file, and V8 keeps the whole chunk in memory for as long as a slice of 13 characters or more
 * is referenced: a value kept for the whole import (a customer's country, an invoice number in a
 * set) must be copied, or memory grows with the file.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * An amount as ad platforms and payment exports write it, or null: `"15,000"`, `"$3,200.00"`,
 * `1.234,56 €` (with `decimalComma`), `2.00%` (→ 2), `-12.5`. `--` and the `isMissing` words are
 * null. A comma followed by exactly three digits is a thousands separator unless `decimalComma`.
 */
export function parseMoney(text: string, decimalComma = false): number | null {
  let value = text.trim();
  if (value === '--' || isMissing(value)) return null;
  value = value.replace(/[\s\u00a0\u202f'’]/g, '').replace(/^[^\d+\-.,(]+|[^\d.,)%]+$/g, '');
  let negative = false;
  if (value.startsWith('(') && value.endsWith(')')) {
    negative = true;
    value = value.slice(1, -1);
  }
  if (value.endsWith('%')) value = value.slice(0, -1);
  if (decimalComma) value = value.replace(/\./g, '').replace(',', '.');
  else value = value.replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? (negative ? -n : n) : null;
}

/** Whether a column of amounts uses a decimal comma: some cell ends in a comma and one or two digits. */
export function usesDecimalComma(cells: readonly string[]): boolean {
  return cells.some((c) => /\d,\d{1,2}$/.test(c.trim().replace(/\D+$/, '')));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar day (`YYYY-MM-DD`) as exports write it, or null: ISO (`2025-10-01`, with or without a
 * time), compact (`20251001`, GA4), day first with dots (`01.10.2025`, German), or `Oct 1, 2025`.
 */
export function parseExportDay(text: string): string | null {
  const value = text.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(value) ?? /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(value);
  if (m) return validDay(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (m) return validDay(+m[3], +m[2], +m[1]);
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$/.exec(value);
  if (m) {
    const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    return month ? validDay(+m[3], month, +m[2]) : null;
  }
  return null;
}

function validDay(year: number, month: number, day: number): string | null {
  const ms = utc(year, month, day, 0, 0, 0, 0);
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}
