import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
}

export interface FakeFile {
  name: string;
  content: Buffer;
}

/**
 * A fake Slack Web API on 127.0.0.1 (random port): answers the methods Pulse calls, records every
 * call in order, accepts file uploads at the URL it hands out, and serves private files for download.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly uploads: Array<{ fileId: string; bytes: Buffer }> = [];
  readonly downloads: Array<{ path: string; authorization?: string }> = [];
  readonly workspaceAdmins = new Set<string>();
  readonly privateFiles = new Map<string, FakeFile>();
  /** Channels Pulse is not a member of: chat.postMessage there fails with not_in_channel. */
  readonly channelsWithoutBot = new Set<string>();
  private readonly server: Server;
  private nextTs = 1;
  private nextFile = 1;
  private waiters: Array<() => void> = [];
  private readonly rateLimited = new Set<string>();

  constructor() {
    this.server = createServer((req, res) => {
      void this.route(req).then(
        ({ status, body }) => {
          const retryAfter = status === 429 ? { 'retry-after': '1' } : {};
          res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...retryAfter });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** SLACK_API_URL for the Web client. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next call to `method` gets HTTP 429 with Retry-After: 1 (the call is still recorded). */
  rateLimitNext(method: string): void {
    this.rateLimited.add(method);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `predicate` holds over the recorded calls (checked after every call). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`timed out; calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.push({ fileId: url.pathname.slice('/upload/'.length), bytes: raw });
      return { status: 200, body: `OK - ${raw.length}` };
    }
    if (url.pathname.startsWith('/files/')) {
      this.downloads.push({ path: url.pathname, authorization: req.headers.authorization });
      const file = this.privateFiles.get(url.pathname);
      return file ? { status: 200, body: file.content.toString('utf8') } : { status: 404, body: 'not found' };
    }
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    if (url.pathname === '/respond') {
      this.calls.push({ method: 'response_url', args });
      return { status: 200, body: 'ok' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    this.calls.push({ method, args });
    if (this.rateLimited.delete(method)) return { status: 429, body: { ok: false, error: 'ratelimited' } };
    const body = this.answer(method, args);
    for (const wake of this.waiters.splice(0)) wake();
    return { status: 200, body };
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', url: 'https://fake.slack.com/' };
      case 'chat.postMessage':
        if (this.channelsWithoutBot.has(String(args.channel))) return { ok: false, error: 'not_in_channel' };
        return { ok: true, channel: args.channel, ts: `${1000 + this.nextTs++}.000100`, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${1000 + this.nextTs++}.000200` };
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.nextFile++}`;
        return { ok: true, file_id: fileId, upload_url: `${this.url}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (args.files as Array<{ id: string }>).map((f) => ({ id: f.id })) };
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'users.info': {
        const id = String(args.user);
        const admin = this.workspaceAdmins.has(id);
        return { ok: true, user: { id, is_admin: admin, is_owner: false } };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: args.channel, is_member: true } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The Web client sends form fields with JSON-encoded objects (blocks, files), or a JSON body. */
function parseArgs(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}
