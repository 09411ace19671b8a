import { Agent, request } from 'node:http';
import type { Outcome } from './load';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The `Retry-After` header, when sent. */
  readonly retryAfter?: string;
}

/**
 * A keep-alive HTTP/1.1 client of the REST gateway (node:http, no dependency): one pooled socket
 * per concurrent request, reused across requests, as a load generator needs.
 */
export class RestClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(base: string, maxSockets = 256) {
    this.url = new URL(base);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * One request. A GET that finds its pooled socket already closed by the server (its keep-alive
   * timeout ran out while the socket sat idle) is sent once more on a new socket: it changes nothing.
   * A POST is never resent (its outcome is unknown).
   */
  async call(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<Answer> {
    try {
      return await this.send(method, path, token, body);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (method !== 'GET' || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw error;
      return this.send(method, path, token, body);
    }
  }

  private send(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: `/api/v1${path}`,
          headers,
          agent: this.agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
            } catch {
              parsed = { unparsed: text.slice(0, 200) };
            }
            const retryAfter = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              body: parsed,
              ...(retryAfter === undefined ? {} : { retryAfter }),
            });
          });
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  /**
   * A call as a benchmark outcome: `expected` status is success (with the write's `txId` as its
   * result), 409 a conflict, anything else an error.
   */
  async outcome(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    expected: number,
    body?: object,
  ): Promise<Outcome> {
    try {
      const answer = await this.call(method, path, token, body);
      if (answer.status === expected) {
        return typeof answer.body.txId === 'string'
          ? { kind: 'ok', result: answer.body.txId }
          : { kind: 'ok' };
      }
      const code = typeof answer.body.code === 'string' ? answer.body.code : 'no code';
      const validation =
        typeof answer.body.validationCode === 'string' ? ` ${answer.body.validationCode}` : '';
      const retry = answer.retryAfter === undefined ? '' : ` (Retry-After ${answer.retryAfter})`;
      const detail = `HTTP ${answer.status} ${code}${validation}${retry}`;
      return answer.status === 409 ? { kind: 'conflict', detail } : { kind: 'error', detail };
    } catch (error) {
      return { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async ok(
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    expected: number,
    body?: object,
  ): Promise<Record<string, unknown>> {
    const answer = await this.call(method, path, token, body);
    if (answer.status !== expected) {
      throw new Error(
        `${method} ${path}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  async login(username: string, password: string): Promise<string> {
    const body = await this.ok('POST', '/auth/token', undefined, 200, { username, password });
    return String(body.accessToken);
  }

  close(): void {
    this.agent.destroy();
  }
}
