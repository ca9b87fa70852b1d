import type { Db } from '../db/client.ts';
import type { ImportStage, StagedOrderLine } from '../repos/import-staging.ts';
import type { NewCustomer } from '../repos/sales.ts';
import { ProductCatalogue } from './products.ts';
import type { CsvRecord } from './csv-parser.ts';
import { missingColumnsError, resolveColumns, type FieldAliases } from './headers.ts';
import { runImport, type LineImporter } from './run-import.ts';
import { SkipTally } from './skips.ts';
import { rejectIfExportHeader } from './formats/index.ts';
import type { ImportOptions, OrdersImportReport, SkipReason } from './types.ts';
import { detach, normaliseCustomerId, parseTimestamp, roundToCents } from './values.ts';

type OrderField = 'invoice' | 'customer' | 'date' | 'quantity' | 'unitPrice' | 'amount' | 'country' | 'productCode' | 'productName';

/** Header aliases (normalised: lower case, no spaces or underscores), best first. */
export const ORDER_COLUMN_ALIASES: FieldAliases<OrderField> = {
  invoice: ['invoiceno', 'invoice', 'orderid', 'order', 'invoiceid', 'orderno', 'ordernumber'],
  customer: ['customerid', 'customer', 'clientid'],
  date: ['invoicedate', 'date', 'orderdate', 'timestamp', 'orderedat'],
  quantity: ['quantity', 'qty'],
  unitPrice: ['unitprice', 'price'],
  amount: ['amount', 'total', 'revenue'],
  country: ['country'],
  productCode: ['stockcode', 'sku', 'productid', 'productcode', 'itemcode', 'lineitemsku', 'variantsku'],
  productName: ['description', 'productname', 'product', 'title', 'lineitemname', 'itemname', 'producttitle'],
};

type OrderDetails = Omit<OrdersImportReport, 'kind' | 'fileName' | 'contentHash' | 'importId' | 'alreadyImportedAt' | 'linesRead' | 'imported' | 'skipped' | 'durationMs'>;

/** Lines buffered before they are written to the stage (at the end of a chunk of the file). */
const BATCH_SIZE = 4096;

/**
 * Imports order lines from a CSV or gzipped CSV (Online Retail's layout, or any with the aliases
 * above). Each line's amount is its `amount` column, else quantity × unit price, rounded to cents.
 * Lines whose invoice starts with C, or with a negative quantity or amount, are returns.
 * See `runImport` for duplicates, transactions and rejection.
 */
export function importOrdersFile(db: Db, filePath: string, options: ImportOptions = {}): Promise<OrdersImportReport> {
  return runImport(db, 'orders', filePath, options, (stage) => new OrderLineImporter(stage, options));
}

class OrderLineImporter implements LineImporter<OrderDetails> {
  readonly skips = new SkipTally();
  private columns: Partial<Record<OrderField, number>> = {};
  private batch: StagedOrderLine[] = [];
  /** Each customer with the country of its first line and the earliest time seen. */
  private readonly customersSeen = new Map<string, NewCustomer>();
  private lastCustomer: NewCustomer | undefined;
  private readonly invoices = new Set<string>();
  private readonly products = new ProductCatalogue();
  private lastInvoice = '';
  /** Each country once, as a detached copy (see `detach`): customers keep theirs for the whole import. */
  private readonly countries = new Map<string, string>();
  private lastCountryCell: string | null = null;
  private lastCountry: string | null = null;
  private imported = 0;
  private returns = 0;
  private firstOrderAt = Infinity;
  private lastOrderAt = -Infinity;
  /** The last customer cell and its id: an invoice's lines repeat it. */
  private lastCustomerCell = '';
  private lastCustomerId = '';
  /** Why the last skipped line was skipped. */
  private lastSkip: SkipReason | null = null;

  constructor(
    private readonly stage: ImportStage,
    private readonly options: ImportOptions,
  ) {}

  onHeader(headers: string[]): void {
    this.columns = resolveColumns(headers, ORDER_COLUMN_ALIASES, this.options.map);
    const c = this.columns;
    const missing: string[] = (['invoice', 'customer', 'date'] as const).filter((f) => c[f] === undefined);
    if (c.amount === undefined) {
      if (c.quantity === undefined) missing.push(c.unitPrice === undefined ? 'amount (or quantity and unitPrice)' : 'quantity');
      else if (c.unitPrice === undefined) missing.push('unitPrice');
    }
    if (missing.length) throw missingColumnsError(missing, headers);
  }

  onRecord(record: CsvRecord, lineNumber: number): void {
    const line = this.readLine(record, lineNumber);
    if (!line) {
      // Lines without a customer are common (guest checkouts); any other skip is rare, so worth a look.
      if (this.lastSkip !== 'no customer') rejectIfExportHeader(record.toArray(), lineNumber);
      return;
    }
    this.count(line);
    this.batch.push(line);
  }

  async afterChunk(): Promise<void> {
    if (this.batch.length >= BATCH_SIZE) await this.flush();
  }

  async finish(): Promise<{ imported: number; details: OrderDetails }> {
    await this.flush();
    await this.stage.addCustomers([...this.customersSeen.values()]);
    await this.stage.addProducts(this.products.named());
    return {
      imported: this.imported,
      details: {
        customers: this.customersSeen.size,
        invoices: this.invoices.size,
        returns: this.returns,
        products: this.products.size,
        firstOrderAt: this.imported ? new Date(this.firstOrderAt).toISOString() : null,
        lastOrderAt: this.imported ? new Date(this.lastOrderAt).toISOString() : null,
      },
    };
  }

  /** The order line, or null after recording why the line is skipped. */
  private readLine(record: CsvRecord, lineNumber: number): StagedOrderLine | null {
    const c = this.columns;
    // Text cells through `repeatedText`: the lines of an invoice repeat them, as the same strings.
    const invoice = text(record, c.invoice);
    if (!invoice) return this.skip('missing invoice', lineNumber);
    const customerId = this.customerId(text(record, c.customer));
    if (!customerId) return this.skip('no customer', lineNumber);
    const orderedAt = parseTimestamp(text(record, c.date));
    if (orderedAt === null) return this.skip('bad date', lineNumber);
    const quantity = c.quantity === undefined ? 1 : record.number(c.quantity);
    const amount = c.amount !== undefined ? record.number(c.amount) : multiply(quantity, c.unitPrice === undefined ? null : record.number(c.unitPrice));
    if (quantity === null || amount === null) return this.skip('bad number', lineNumber);
    const isReturn = invoice[0] === 'C' || invoice[0] === 'c' || quantity < 0 || amount < 0;
    const country = text(record, c.country) || null;
    const productCode = this.products.see(text(record, c.productCode), text(record, c.productName));
    return { invoice, customerId, orderedAt, amount: roundToCents(amount), quantity, country, isReturn, productCode };
  }

  private customerId(text: string): string {
    if (text !== this.lastCustomerCell) {
      this.lastCustomerCell = text;
      this.lastCustomerId = normaliseCustomerId(text);
    }
    return this.lastCustomerId;
  }

  private skip(reason: Parameters<SkipTally['add']>[0], lineNumber: number): null {
    this.lastSkip = reason;
    this.skips.add(reason, lineNumber);
    return null;
  }

  /**
   * Counts the line for the report and swaps its text for copies kept once (see `detach`): staged
   * lines stay in memory until the commit, and must not keep the file's chunks alive.
   */
  private count(line: StagedOrderLine): void {
    this.imported++;
    if (line.isReturn) this.returns++;
    if (line.invoice === this.lastInvoice) {
      line.invoice = this.lastInvoice;
    } else {
      this.lastInvoice = line.invoice = detach(line.invoice);
      this.invoices.add(line.invoice);
    }
    if (line.orderedAt < this.firstOrderAt) this.firstOrderAt = line.orderedAt;
    if (line.orderedAt > this.lastOrderAt) this.lastOrderAt = line.orderedAt;
    line.country = this.country(line.country);
    // An invoice's lines repeat their customer (as the same string: see `customerId`).
    const known = line.customerId === this.lastCustomer?.id ? this.lastCustomer : this.customersSeen.get(line.customerId);
    if (!known) {
      line.customerId = detach(line.customerId);
      this.lastCustomer = { id: line.customerId, country: line.country, firstSeenAt: line.orderedAt };
      this.customersSeen.set(line.customerId, this.lastCustomer);
    } else {
      this.lastCustomer = known;
      line.customerId = known.id;
      if (line.orderedAt < known.firstSeenAt) known.firstSeenAt = line.orderedAt;
    }
  }

  private country(name: string | null): string | null {
    if (name === null) return null;
    if (name === this.lastCountryCell) return this.lastCountry;
    this.lastCountryCell = name;
    let kept = this.countries.get(name);
    if (kept === undefined) this.countries.set((kept = detach(name)), kept);
    return (this.lastCountry = kept);
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length) await this.stage.addOrderLines(batch);
  }
}

/** A text cell, trimmed ('' when the column is absent). */
function text(record: CsvRecord, index: number | undefined): string {
  return index === undefined ? '' : record.repeatedText(index).trim();
}

function multiply(quantity: number | null, unitPrice: number | null): number | null {
  return quantity === null || unitPrice === null ? null : quantity * unitPrice;
}
