import type { StagedOrderLine } from '../../repos/import-staging.ts';
import { parseMoney, parseTimestamp, usesDecimalComma } from '../values.ts';
import { Columns, cell, checkCurrency } from './columns.ts';
import { countryName, customerIdFromEmail } from './people.ts';
import type { ExportFormat, FormatInput, OrdersOutput } from './types.ts';

const LABEL = 'Stripe payments export';
const CREATED = ['Created date (UTC)', 'Created (UTC)'];
/** Statuses of payments that were taken (a refund is read from Amount Refunded). */
const TAKEN = new Set(['paid', 'succeeded', 'refunded', 'partially refunded', 'partially_refunded']);

/**
 * Stripe's payments export: one row per payment, `id, Created date (UTC)` (or `Created (UTC)`),
 * `Amount, Amount Refunded, Currency, Status, Customer ID, Customer Email, …`, amounts in major units
 * (possibly with decimal commas). Each paid payment is an order line (invoice = the payment id,
 * quantity 1, no product); `Failed` and other payments not taken are skipped. `Amount Refunded` > 0
 * (a partial refund stays `Paid`) becomes a return line dated on the payment's date, as the export
 * has no refund date. The customer is the email's SHA-256 hash (as for Shopify, so the same person
 * joins up), else the Stripe customer id.
 */
export const stripePayments: ExportFormat = {
  label: LABEL,
  kind: 'orders',
  expected: 'id, Created date (UTC) (or Created (UTC)), Amount, Status (with Amount Refunded, Currency, Customer Email, Customer ID)',
  isHeader(cells) {
    const c = new Columns(cells);
    return c.has('id') && c.has(...CREATED) && c.has('Amount') && c.has('Status');
  },
  read,
};

function read({ lines, headerIndex, options, skips }: FormatInput): OrdersOutput {
  const c = new Columns(lines[headerIndex].cells);
  const at = {
    id: c.find('id')!,
    created: c.find(...CREATED)!,
    amount: c.find('Amount')!,
    refunded: c.find('Amount Refunded'),
    currency: c.find('Currency'),
    status: c.find('Status')!,
    captured: c.find('Captured'),
    customerId: c.find('Customer ID'),
    email: c.find('Customer Email'),
    country: c.find('Card Issue Country', 'Card Address Country'),
  };
  const rows = lines.slice(headerIndex + 1);
  const decimalComma = usesDecimalComma(rows.flatMap(({ cells }) => [cell(cells, at.amount), cell(cells, at.refunded)]));
  const currencies = new Set<string>();
  const out: StagedOrderLine[] = [];
  let rowsImported = 0;
  let refunds = 0;
  let byStripeId = 0;
  for (const { line, cells } of rows) {
    const id = cell(cells, at.id);
    if (!id) {
      skips.add('missing invoice', line);
      continue;
    }
    const status = cell(cells, at.status).toLowerCase();
    if (!TAKEN.has(status) || cell(cells, at.captured).toLowerCase() === 'false') {
      skips.add('failed payment', line);
      continue;
    }
    const email = cell(cells, at.email);
    const stripeCustomer = cell(cells, at.customerId);
    if (!email && !stripeCustomer) {
      skips.add('no customer', line);
      continue;
    }
    const orderedAt = parseTimestamp(cell(cells, at.created));
    if (orderedAt === null) {
      skips.add('bad date', line);
      continue;
    }
    const amount = parseMoney(cell(cells, at.amount), decimalComma);
    const refundedText = cell(cells, at.refunded);
    const refunded = refundedText ? parseMoney(refundedText, decimalComma) : 0;
    if (amount === null || amount < 0 || refunded === null) {
      skips.add('bad number', line);
      continue;
    }
    if (at.currency !== undefined) currencies.add(cell(cells, at.currency));
    if (!email) byStripeId++;
    const customerId = email ? customerIdFromEmail(email) : stripeCustomer;
    const country = countryName(cell(cells, at.country));
    rowsImported++;
    out.push({ invoice: id, customerId, orderedAt, amount, quantity: 1, country, isReturn: false, productCode: null });
    if (refunded > 0) {
      refunds++;
      out.push({ invoice: id, customerId, orderedAt, amount: -Math.min(refunded, amount), quantity: 0, country, isReturn: true, productCode: null });
    }
  }
  const currency = checkCurrency(currencies, options.currency, LABEL);
  const notes = ['Customers are identified by a SHA-256 hash of their email (lower case): emails are not stored.'];
  if (byStripeId) notes.push(`${byStripeId} payment${byStripeId > 1 ? 's' : ''} without an email kept the Stripe customer id.`);
  if (refunds) notes.push(`${refunds} refund${refunds > 1 ? 's' : ''} (Amount Refunded) recorded as returns on the payment's date: the export has no refund date.`);
  if (decimalComma) notes.push('Amounts were written with decimal commas.');
  if (currency) notes.push(`Amounts are in ${currency}.`);
  return { kind: 'orders', lines: out, products: new Map(), dataLines: rows.length, rowsImported, notes };
}
