import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Conversation, MessageVia } from '../../core/conversation.ts';
import { errorReply, textReply } from '../../core/reply.ts';
import { errorMessage } from '../../errors.ts';
import { formatImportReport, importOrdersFile, importSpendFile } from '../../import/index.ts';
import type { ListenerContext } from './context.ts';

/** The parts of a Slack file object an import needs. */
export interface SharedFile {
  name?: string;
  size?: number;
  filetype?: string;
  url_private_download?: string;
}

export type ImportKind = 'orders' | 'spend';

/** "import orders" / "import spend" with a file attached, else undefined (an ordinary message). */
export function importRequest(text: string, files: SharedFile[] | undefined): ImportKind | undefined {
  if (!files?.length) return undefined;
  const match = /^import\s+(orders|spend)\b/i.exec(text.trim());
  return match ? (match[1].toLowerCase() as ImportKind) : undefined;
}

interface FileImportRequest {
  conversation: Conversation;
  kind: ImportKind;
  files: SharedFile[];
  text: string;
  eventId?: string;
  via: MessageVia;
}

/** Admin-only CSV import from a shared file: size check, download with the bot token, import, report. */
export async function runFileImport(ctx: ListenerContext, request: FileImportRequest): Promise<void> {
  const { conversation, kind } = request;
  if (request.eventId && !ctx.pulse.repos.events.claim(request.eventId)) return;
  const outcome = await importSharedFile(ctx, request).then(
    (report) => ({ reply: textReply(`\`\`\`\n${report}\n\`\`\``), outcome: 'imported', detail: report.split('\n')[0] }),
    (err: unknown) => ({ reply: errorReply(errorMessage(err)), outcome: err instanceof ImportRefused ? 'refused' : 'error', detail: errorMessage(err) }),
  );
  ctx.pulse.repos.audit.record({
    userId: conversation.userId,
    channelId: conversation.channelId,
    source: `slack:${request.via}`,
    text: request.text.slice(0, 2000),
    command: `import ${kind}`,
    outcome: outcome.outcome,
    detail: outcome.detail,
  });
  await ctx.send(conversation, outcome.reply);
}

class ImportRefused extends Error {}

async function importSharedFile(ctx: ListenerContext, { conversation, kind, files }: FileImportRequest): Promise<string> {
  const isAdmin = ctx.bot.isAdmin({ text: '', conversation, via: 'dm', speakerIsAdmin: await ctx.admins.isAdmin(conversation.userId).catch(() => false) });
  if (!isAdmin) throw new ImportRefused(`Only admins may import data. Ask an admin to share the file with \`import ${kind}\`.`);
  const file = files.find((f) => f.filetype === 'csv' || /\.csv(\.gz)?$/i.test(f.name ?? '')) ?? files[0];
  const limit = ctx.pulse.config.maxImportBytes;
  if (!file.url_private_download) throw new Error('I could not find a download link for that file. Share it again as a file.');
  if ((file.size ?? 0) > limit) throw new Error(`${file.name ?? 'The file'} is ${mb(file.size!)}; the limit is ${mb(limit)} (MAX_IMPORT_BYTES).`);
  const dir = await mkdtemp(path.join(tmpdir(), 'pulse-slack-import-'));
  try {
    const filePath = path.join(dir, path.basename(file.name ?? `${kind}.csv`));
    await download(file.url_private_download, ctx.botToken, filePath, limit);
    const db = ctx.pulse.database.db;
    const options = { importedBy: `slack:${conversation.userId}` };
    const report = kind === 'orders' ? await importOrdersFile(db, filePath, options) : await importSpendFile(db, filePath, options);
    return formatImportReport(report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function download(url: string, token: string, filePath: string, limit: number): Promise<void> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`Slack refused the download (HTTP ${response.status}). Is the files:read scope granted?`);
  let bytes = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > limit) body.destroy(new Error(`The file is larger than ${mb(limit)} (MAX_IMPORT_BYTES).`));
  });
  await pipeline(body, createWriteStream(filePath));
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
