import path from 'node:path';
import type { FileRef } from '../../core/reply.ts';
import type { SegmentAssignment } from '../../repos/segments.ts';
import { writeCsvFile } from '../csv.ts';

export const SEGMENT_CSV_COLUMNS = ['customer', 'segment', 'recency_days', 'frequency', 'monetary'] as const;

/** One row per customer; cells a spreadsheet would run as formulas are neutralised (src/answers/csv.ts). */
export async function writeAssignmentsCsv(runId: number, assignments: readonly SegmentAssignment[], directory: string, segment?: string): Promise<FileRef> {
  const slug = segment ? `-${segment.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : '';
  const filename = `segments-run-${runId}${slug}.csv`;
  const filePath = path.join(directory, filename);
  const rows = assignments.map((a) => [a.customerId, a.segment, a.recencyDays, a.frequency, Number(a.monetary.toFixed(2))]);
  await writeCsvFile(filePath, SEGMENT_CSV_COLUMNS, [rows]);
  const title = segment ? `${segment} customers of run ${runId}` : `Segments of run ${runId}`;
  return { title, path: filePath, filename, mimeType: 'text/csv' };
}
