import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackSocket } from '../../support/fake-slack-socket.ts';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** The HTTP status of an injected fault this call got instead of an answer. */
  fault?: number;
  /** What the fake answered (API methods). */
  answer?: unknown;
}

/** An answer the fake gives instead of the real one: 429 (with Retry-After seconds), 500, 503… */
export interface Fault {
  status: number;
  retryAfter?: number;
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
  /** Socket Mode: `apps.connections.open` returns this server's address. */
  readonly socket: FakeSlackSocket;
  private nextTs = 1;
  private nextFile = 1;
  private waiters: Array<() => void> = [];
  private readonly rateLimited = new Set<string>();
  private readonly queuedFaults = new Map<string, Fault[]>();
  /**
   * Decides, for every call (API methods by name, file uploads as `upload`), whether it gets a fault
   * instead of its answer; `attempt` counts the calls of that method so far, from 1.
   */
  faultPlan?: (method: string, attempt: number) => Fault | undefined;
  private readonly attempts = new Map<string, number>();

  constructor() {
    this.server = createServer((req, res) => {
      void this.route(req).then(
        ({ status, body, retryAfterSeconds }) => {
          const retryAfter = status === 429 ? { 'retry-after': String(retryAfterSeconds ?? 1) } : {};
          res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...retryAfter });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
    });
    this.socket = new FakeSlackSocket(this.server);
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
    this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next call to `method` gets HTTP 429 with Retry-After: 1 (the call is still recorded). */
  rateLimitNext(method: string): void {
    this.rateLimited.add(method);
  }

  /** The next calls to `method` (`upload` for file uploads) get these faults, one each, in order. */
  failNext(method: string, ...faults: Fault[]): void {
    this.queuedFaults.set(method, [...(this.queuedFaults.get(method) ?? []), ...faults]);
  }

  /** Calls that got a fault, by status. */
  faultsServed(): Record<number, number> {
    const served: Record<number, number> = {};
    for (const call of this.calls) if (call.fault) served[call.fault] = (served[call.fault] ?? 0) + 1;
    return served;
  }

  private faultFor(method: string): Fault | undefined {
    const attempt = (this.attempts.get(method) ?? 0) + 1;
    this.attempts.set(method, attempt);
    const queued = this.queuedFaults.get(method);
    if (queued?.length) return queued.shift();
    return this.faultPlan?.(method, attempt);
  }

  private faultAnswer(fault: Fault): { status: number; body: unknown; retryAfterSeconds?: number } {
    return fault.status === 429
      ? { status: 429, body: { ok: false, error: 'ratelimited' }, retryAfterSeconds: fault.retryAfter ?? 1 }
      : { status: fault.status, body: `fake Slack: HTTP ${fault.status}` };
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

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown; retryAfterSeconds?: number }> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/upload/')) {
      const fault = this.faultFor('upload');
      if (fault) {
        this.calls.push({ method: 'upload', args: { fileId: url.pathname.slice('/upload/'.length) }, fault: fault.status });
        return this.faultAnswer(fault);
      }
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
    const fault = this.faultFor(method);
    if (fault) {
      this.calls.push({ method, args, fault: fault.status });
      return this.faultAnswer(fault);
    }
    const call: RecordedCall = { method, args };
    this.calls.push(call);
    if (this.rateLimited.delete(method)) return { status: 429, body: { ok: false, error: 'ratelimited' } };
    const body = this.answer(method, args);
    call.answer = body;
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
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/socket` };
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
