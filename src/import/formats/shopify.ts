import type { StagedOrderLine } from '../../repos/import-staging.ts';
import { ProductCatalogue } from '../products.ts';
import { parseMoney, parseTimestamp, roundToCents, usesDecimalComma } from '../values.ts';
import { Columns, cell, checkCurrency } from './columns.ts';
import { countryName, customerIdFromEmail } from './people.ts';
import type { ExportFormat, FormatInput, OrdersOutput, SourceLine } from './types.ts';

const LABEL = 'Shopify orders export';
/** Financial statuses of orders that were paid (refunds are read from Refunded Amount). */
const PAID = new Set(['paid', 'partially_paid', 'partially_refunded', 'refunded']);

/**
 * Shopify's orders export: one row per line item, grouped by `Name` (`#1001`); the order's fields
 * (Email, Financial Status, Subtotal, Refunded Amount, Billing Country, Created at) are on its first
 * row only. Each line item becomes an order line whose amount is its share of the order's Subtotal
 * (items after discounts, before shipping and taxes: what the shop sold), split by Lineitem quantity
 * × price to the cent. Orders not paid (pending, authorized, voided, …) are skipped. A Refunded
 * Amount becomes one return line, dated on the order's date: the export has no refund date. Times
 * are kept in the shop's time zone, as written (the offset is dropped), like other order files.
 */
export const shopifyOrders: ExportFormat = {
  label: LABEL,
  kind: 'orders',
  expected: 'Name, Created at, Lineitem quantity, Lineitem price (with Email, Financial Status, Subtotal, Refunded Amount when the export has them)',
  isHeader(cells) {
    const c = new Columns(cells);
    return c.has('Name') && c.has('Created at') && c.has('Lineitem quantity') && c.has('Lineitem price');
  },
  read,
};

interface Order {
  name: string;
  first: SourceLine;
  rows: SourceLine[];
}

function read({ lines, headerIndex, options, skips }: FormatInput): OrdersOutput {
  const c = new Columns(lines[headerIndex].cells);
  const at = {
    name: c.find('Name')!,
    email: c.find('Email'),
    status: c.find('Financial Status'),
    currency: c.find('Currency'),
    subtotal: c.find('Subtotal'),
    discount: c.find('Discount Amount'),
    createdAt: c.find('Created at')!,
    quantity: c.find('Lineitem quantity')!,
    itemName: c.find('Lineitem name'),
    price: c.find('Lineitem price')!,
    sku: c.find('Lineitem sku'),
    country: c.find('Billing Country', 'Shipping Country'),
    refunded: c.find('Refunded Amount'),
  };
  const rows = lines.slice(headerIndex + 1);
  const moneyCells = rows.flatMap(({ cells }) => [cell(cells, at.price), cell(cells, at.subtotal)]);
  const decimalComma = usesDecimalComma(moneyCells);
  const money = (cells: readonly string[], index: number | undefined) => (index === undefined ? null : parseMoney(cell(cells, index), decimalComma));

  const orders = new Map<string, Order>();
  for (const row of rows) {
    const name = cell(row.cells, at.name);
    if (!name) {
      skips.add('missing invoice', row.line);
      continue;
    }
    const order = orders.get(name);
    if (order) order.rows.push(row);
    else orders.set(name, { name, first: row, rows: [row] });
  }

  const products = new ProductCatalogue();
  const currencies = new Set<string>();
  const out: StagedOrderLine[] = [];
  const offsets = new Set<string>();
  let rowsImported = 0;
  let refunds = 0;
  const skipOrder = (order: Order, reason: Parameters<typeof skips.add>[0]) => order.rows.forEach((r) => skips.add(reason, r.line));
  for (const order of orders.values()) {
    const head = order.first.cells;
    const status = cell(head, at.status).toLowerCase();
    if (at.status !== undefined && !PAID.has(status)) {
      skipOrder(order, 'not paid');
      continue;
    }
    const email = cell(head, at.email);
    if (!email) {
      skipOrder(order, 'no customer');
      continue;
    }
    const created = cell(head, at.createdAt);
    const offset = /\s*([+-]\d{2}:?\d{2}|Z)$/i.exec(created);
    if (offset) offsets.add(offset[1]);
    const orderedAt = parseTimestamp(offset ? created.slice(0, offset.index) : created);
    if (orderedAt === null) {
      skipOrder(order, 'bad date');
      continue;
    }
    const items = order.rows.map(({ cells }) => ({ quantity: money(cells, at.quantity), price: money(cells, at.price), cells }));
    const subtotal = money(head, at.subtotal);
    const discount = money(head, at.discount) ?? 0;
    const refunded = money(head, at.refunded) ?? 0;
    if (items.some((i) => i.quantity === null || i.price === null) || (cell(head, at.subtotal) && subtotal === null)) {
      skipOrder(order, 'bad number');
      continue;
    }
    if (at.currency !== undefined) currencies.add(cell(head, at.currency));
    const gross = items.map((i) => i.quantity! * i.price!);
    const sold = subtotal ?? roundToCents(gross.reduce((a, b) => a + b, 0) - discount);
    const amounts = shareOut(sold, gross);
    const customerId = customerIdFromEmail(email);
    const country = countryName(cell(head, at.country));
    items.forEach((item, i) => {
      const productCode = products.see(cell(item.cells, at.sku), cell(item.cells, at.itemName));
      out.push({ invoice: order.name, customerId, orderedAt, amount: amounts[i], quantity: item.quantity!, country, isReturn: false, productCode });
    });
    rowsImported += order.rows.length;
    if (refunded > 0) {
      refunds++;
      out.push({ invoice: order.name, customerId, orderedAt, amount: -Math.min(refunded, sold), quantity: 0, country, isReturn: true, productCode: null });
    }
  }
  const currency = checkCurrency(currencies, options.currency, LABEL);
  const notes = [
    "Line amounts are the order's Subtotal (items after discounts; shipping and taxes left out) split by line value.",
    'Customers are identified by a SHA-256 hash of their email (lower case): emails are not stored.',
  ];
  if (refunds) notes.push(`${refunds} refund${refunds > 1 ? 's' : ''} (Refunded Amount, up to the Subtotal) recorded as returns on the order's date: the export has no refund date.`);
  if (offsets.size) notes.push(`Times are kept in the shop's time zone as written (offset ${[...offsets].sort().join(', ')} dropped).`);
  if (at.status === undefined) notes.push('The export has no Financial Status column: every order was taken as paid.');
  if (currency) notes.push(`Amounts are in ${currency}.`);
  return { kind: 'orders', lines: out, products: new Map(products.named().map((p) => [p.code, p.name])), dataLines: rows.length, rowsImported, notes };
}

/**
 * `total` split over lines in proportion to their `weights`, to the cent, adding up to `total`
 * exactly (the rounding remainder goes to the largest line). Equal weights of 0 share it evenly.
 */
export function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => roundToCents((total * w) / sum)) : weights.map(() => roundToCents(total / weights.length));
  const rest = roundToCents(total - shares.reduce((a, b) => a + b, 0));
  if (rest !== 0) {
    const largest = shares.indexOf(Math.max(...shares));
    shares[largest] = roundToCents(shares[largest] + rest);
  }
  return shares;
}
