/** Types of import-staging-writer.mjs (plain JavaScript so that its worker thread starts fast). */

/** Order lines as columns (typed arrays can be handed to a worker thread without copying). */
export interface StagedOrderColumns {
  type: 'orders';
  count: number;
  invoice: string[];
  customerId: string[];
  orderedAt: Float64Array;
  amount: Float64Array;
  quantity: Float64Array;
  country: (string | null)[];
  isReturn: Uint8Array;
}

export type StagingMessage =
  | StagedOrderColumns
  /** customers: [id, country, firstSeenAt]; spend: [periodStart, channel, spend, impressions]; kpi: [periodStart, metric, value]. */
  | { type: 'customers' | 'spend' | 'kpi'; rows: unknown[][] }
  /** Commits and closes the staging file. */
  | { type: 'close' };

export interface StagingWriter {
  handle(message: StagingMessage): void;
  abandon(): void;
}

export function openStagingWriter(options: { file: string; cacheKib: number; resume: boolean }): StagingWriter;
