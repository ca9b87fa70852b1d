import { stat } from 'node:fs/promises';
import type { Config } from '../config.ts';
import type { AttachedFile, FileFetcher } from '../core/files.ts';
import { BadInputError } from '../errors.ts';
import { SlackFileFetcher } from './slack/file-download.ts';

/** A path typed in the local console: read in place (the console's user owns the machine). */
const localFiles: FileFetcher = {
  async fetch(file: AttachedFile, maxBytes: number) {
    const info = await stat(file.location).catch(() => undefined);
    if (!info?.isFile()) throw new BadInputError(`There is no file at ${file.location}.`);
    if (info.size > maxBytes) throw new BadInputError(`${file.name} is larger than the limit of ${maxBytes} bytes (MAX_IMPORT_BYTES).`);
    return { path: file.location, release: async () => {} };
  },
};

/** The fetcher for each file source this process can read: local paths, and Slack files when a bot token is set. */
export function createFileFetcher(config: Pick<Config, 'slack'>): FileFetcher {
  const slack = config.slack ? new SlackFileFetcher({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl }) : undefined;
  return {
    fetch(file, maxBytes) {
      if (file.source === 'local') return localFiles.fetch(file, maxBytes);
      if (!slack) return Promise.reject(new BadInputError('This Pulse has no Slack token (SLACK_BOT_TOKEN), so it cannot download Slack files.'));
      return slack.fetch(file, maxBytes);
    },
  };
}
