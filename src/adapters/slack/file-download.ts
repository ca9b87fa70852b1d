import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AttachedFile, FileFetcher } from '../../core/files.ts';
import { BadInputError } from '../../errors.ts';

/** Where Slack serves private files; the bot token is sent nowhere else. */
const SLACK_FILE_HOSTS = ['files.slack.com'];

/** The hosts a download may go to: Slack's file host, and the host of SLACK_API_URL when set (tests, proxies). */
export function allowedFileHosts(apiUrl: string | undefined): string[] {
  return apiUrl ? [...SLACK_FILE_HOSTS, new URL(apiUrl).host] : SLACK_FILE_HOSTS;
}

/** Downloads a file shared in Slack with the bot token (files:read), refusing other hosts and oversize files. */
export class SlackFileFetcher implements FileFetcher {
  private readonly hosts: string[];

  constructor(private readonly options: { botToken: string; apiUrl?: string }) {
    this.hosts = allowedFileHosts(options.apiUrl);
  }

  async fetch(file: AttachedFile, maxBytes: number) {
    const url = this.checkedUrl(file.location);
    if (file.size !== undefined && file.size > maxBytes) throw new BadInputError(`${file.name} is ${mb(file.size)}; the limit is ${mb(maxBytes)} (MAX_IMPORT_BYTES).`);
    const dir = await mkdtemp(path.join(tmpdir(), 'pulse-slack-file-'));
    const release = () => rm(dir, { recursive: true, force: true });
    try {
      const filePath = path.join(dir, path.basename(file.name));
      await download(url, this.options.botToken, filePath, maxBytes);
      return { path: filePath, release };
    } catch (err) {
      await release();
      throw err;
    }
  }

  private checkedUrl(location: string): URL {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw new BadInputError('The file has no valid download link. Share it again as a file.');
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && this.hosts.indexOf(url.host) >= SLACK_FILE_HOSTS.length);
    if (!secure || !this.hosts.includes(url.host)) {
      throw new BadInputError(`I only download shared files from Slack (${SLACK_FILE_HOSTS.join(', ')}); this link points to ${url.host}.`);
    }
    return url;
  }
}

async function download(url: URL, token: string, filePath: string, maxBytes: number): Promise<void> {
  // redirect: 'manual' so the token never follows a redirect to another host.
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
  if (!response.ok || !response.body) {
    throw new BadInputError(`Slack refused the download (HTTP ${response.status}). Is the files:read scope granted? Share the file again.`);
  }
  let bytes = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) body.destroy(new BadInputError(`The file is larger than ${mb(maxBytes)} (MAX_IMPORT_BYTES).`));
  });
  await pipeline(body, createWriteStream(filePath));
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
