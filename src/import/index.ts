export { importOrdersFile, ORDER_COLUMN_ALIASES } from './orders.ts';
export { importSpendFile } from './spend.ts';
export { formatImportReport } from './format.ts';
export { createImportProgressBar, type ProgressReporter } from './progress.ts';
export { MAX_UNREADABLE_SHARE } from './run-import.ts';
export type { ImportOptions, ImportReport, OrdersImportReport, SpendImportReport, SkipReason, SkipCount } from './types.ts';
