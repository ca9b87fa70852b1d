import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import type { AttachedFile } from '../src/core/files.ts';
import type { IncomingMessage } from '../src/core/conversation.ts';
import { UsageError } from '../src/errors.ts';
import type { ImportJobPayload, ImportSourceJobPayload } from '../jobs/import.ts';

const USAGE =
  'import orders|spend [map.<field>=Header …] [channels=x1,x2] [outcome=column] [channel=name]  (share the CSV file with the message; in the console, give its path) | import orders|spend source=<name>  (a query from IMPORT_SOURCES)';

const importArgs = rawArgs.superRefine(argSchemas.knownNames(['channels', 'outcome', 'channel', 'source'], ['map'])).transform((raw, ctx) => {
  const [kind, ...rest] = raw.positional;
  if (kind?.toLowerCase() !== 'orders' && kind?.toLowerCase() !== 'spend') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'say what the file holds: `import orders` or `import spend`' });
    return z.NEVER;
  }
  const map = Object.fromEntries(
    Object.entries(raw.named)
      .filter(([key]) => key.startsWith('map.'))
      .map(([key, header]) => [key.slice(4).toLowerCase(), header]),
  );
  const channels = raw.named.channels?.split(',').map((c) => c.trim()).filter(Boolean);
  const source = raw.named.source;
  return { kind: kind.toLowerCase() as 'orders' | 'spend', path: rest.join(' ') || undefined, map, channels, outcome: raw.named.outcome, channel: raw.named.channel, source };
});

/** The shared file, or in the local console a typed path (never a path from a chat platform: that would read the server's files). */
function attachedFile(message: IncomingMessage, path: string | undefined, kind: string): AttachedFile {
  if (path !== undefined) {
    if (message.via !== 'console') throw new UsageError(`Share the CSV file with the message \`import ${kind}\` instead of naming a path.`, USAGE);
    return { source: 'local', name: path.split(/[\\/]/).pop() ?? path, location: path };
  }
  const files = message.files ?? [];
  if (files.length === 0) throw new UsageError(`Attach the CSV file (or .csv.gz) to the message \`import ${kind}\`.`, USAGE);
  if (files.length > 1) throw new UsageError(`Share one file at a time: this message has ${files.length}.`, USAGE);
  const [file] = files;
  if (!/\.csv(\.gz)?$/i.test(file.name)) throw new UsageError(`${file.name} is not a CSV file: export it as .csv (or .csv.gz) and share it again.`, USAGE);
  return file;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Admins import orders or spend from a shared CSV: checked here (size, type), read and stored by the import job. */
export const importCommand = defineCommand({
  name: 'import',
  summary: 'Import orders or weekly spend from a CSV file shared with the message (admins)',
  usage: USAGE,
  examples: ['import orders', 'import spend', 'import orders map.customer=ClientNo', 'import spend channels=x1,x2 outcome=y', 'import spend channel=search'],
  adminOnly: true,
  adminMaySchedule: (args) => args.source !== undefined,
  args: importArgs,
  run({ args, message, config }) {
    const options = { map: args.map, channels: args.channels, outcome: args.outcome, channel: args.channel };
    const importedBy = `${message.conversation.adapter}:${message.conversation.userId}`;
    if (args.source !== undefined) {
      // A named source: checked against the configuration only; the query runs in the job.
      if (args.path !== undefined || message.files?.length) throw new UsageError('Give either a file or source=<name>, not both.', USAGE);
      if (!config.importSources[args.source]) {
        const known = Object.keys(config.importSources);
        throw new UsageError(`There is no import source "${args.source}". ${known.length ? `Sources: ${known.join(', ')}.` : 'None are configured (IMPORT_SOURCES).'}`, USAGE);
      }
      const payload: ImportSourceJobPayload = { kind: args.kind, source: args.source, options, importedBy };
      return { enqueue: { job: 'import', payload, ack: `Importing ${args.kind} from source ${args.source}… I'll post the report here.` } };
    }
    const file = attachedFile(message, args.path, args.kind);
    if (file.size !== undefined && file.size > config.maxImportBytes) {
      throw new UsageError(`${file.name} is ${mb(file.size)}; the limit is ${mb(config.maxImportBytes)} (MAX_IMPORT_BYTES). Split the file or ask the admin to raise the limit.`, USAGE);
    }
    const payload: ImportJobPayload = {
      kind: args.kind,
      file,
      options,
      importedBy,
    };
    return { enqueue: { job: 'import', payload, ack: `Importing ${args.kind} from ${file.name}… I'll post the report here.` } };
  },
});
