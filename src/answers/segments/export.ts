import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileRef } from '../../core/reply.ts';
import type { SegmentAssignment } from '../../repos/segments.ts';

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function assignmentsCsv(assignments: readonly SegmentAssignment[]): string {
  const header = 'customer,segment,recency_days,frequency,monetary';
  const lines = assignments.map((a) => [a.customerId, a.segment, a.recencyDays, a.frequency, a.monetary.toFixed(2)].map(csvField).join(','));
  return `${[header, ...lines].join('\n')}\n`;
}

export function writeAssignmentsCsv(runId: number, assignments: readonly SegmentAssignment[], directory: string): FileRef {
  mkdirSync(directory, { recursive: true });
  const filename = `segments-run-${runId}.csv`;
  const filePath = path.join(directory, filename);
  writeFileSync(filePath, assignmentsCsv(assignments));
  return { title: `Segments of run ${runId}`, path: filePath, filename, mimeType: 'text/csv' };
}
