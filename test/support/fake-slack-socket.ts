import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

/** What Pulse sent back on the socket: the ack of an envelope, with its response payload if any. */
export interface SocketAck {
  envelopeId: string;
  payload?: Record<string, unknown>;
}

/**
 * Slack's Socket Mode side, on the fake Web API's own HTTP server (path /socket): `apps.connections.open`
 * hands out its address; each connection gets `hello`, then the envelopes the test sends, and Pulse's
 * acks are recorded. `drop()` closes every connection the way a Slack server restart does.
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  /** Connections opened so far (a reconnect adds one). */
  connections = 0;
  private readonly server: WebSocketServer;
  private readonly open = new Set<WebSocket>();

  constructor(http: Server) {
    this.server = new WebSocketServer({ server: http, path: '/socket' });
    this.server.on('connection', (socket) => {
      this.connections++;
      this.open.add(socket);
      socket.on('close', () => this.open.delete(socket));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload?: Record<string, unknown> };
        this.acks.push({ envelopeId: message.envelope_id, payload: message.payload && Object.keys(message.payload).length ? message.payload : undefined });
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake', approximate_connection_time: 3600 } }));
    });
  }

  get connected(): number {
    return [...this.open].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Sends an envelope to the connected client; returns its id. */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, retryAttempt = 0): string {
    const envelopeId = randomUUID();
    const socket = [...this.open].find((s) => s.readyState === WebSocket.OPEN);
    if (!socket) throw new Error('no Socket Mode client is connected');
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '' }));
    return envelopeId;
  }

  /** Ends every connection abruptly (no `disconnect` message first). */
  drop(): void {
    for (const socket of this.open) socket.terminate();
  }

  close(): void {
    for (const socket of this.open) socket.terminate();
    this.server.close();
  }
}
