import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';

const DEFAULT_ROWS = 20;
const MAX_ROWS = 100;

/** `audit [n]`: the latest entries of the audit log (who asked what, and what Pulse did). Admins only. */
export const auditCommand = defineCommand({
  name: 'audit',
  summary: 'Show the latest audit log entries (admins)',
  usage: 'audit [rows 1-100]',
  examples: ['audit', 'audit 50'],
  adminOnly: true,
  args: rawArgs
    .extend({ positional: z.array(z.string()).max(1, 'audit takes at most one number') })
    .transform((raw) => raw.positional[0] ?? String(DEFAULT_ROWS))
    .pipe(argSchemas.intInRange('rows', 1, MAX_ROWS)),
  async run({ args: limit, repos }) {
    const entries = await repos.audit.latest(limit);
    if (!entries.length) return { reply: { text: 'The audit log is empty.' } };
    return {
      reply: {
        text: `*Audit log*: the latest ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first.`,
        tables: [
          {
            columns: ['when (UTC)', 'user', 'source', 'command', 'outcome', 'text'],
            rows: entries.map((e) => [
              formatTime(e.at),
              e.userId ?? '-',
              e.source,
              e.command ?? e.intent ?? '-',
              e.outcome,
              truncate(e.text ?? '', 40),
            ]),
            align: ['left', 'left', 'left', 'left', 'left', 'left'],
          },
        ],
      },
    };
  },
});

function formatTime(at: unknown): string {
  const date = at instanceof Date ? at : new Date(Number(at));
  return Number.isNaN(date.getTime()) ? '-' : date.toISOString().slice(0, 16).replace('T', ' ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
