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
  /** Who each token was issued to, so an expired one can be renewed (runs outlast the token TTL). */
  private readonly logins = new Map<string, Readonly<{ username: string; password: string }>>();
  /** The token that replaced an expired one, by the token the caller still holds. */
  private readonly renewed = new Map<string, Promise<string>>();

  constructor(base: string, maxSockets = 256) {
    this.url = new URL(base);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * One request. A GET that finds its pooled socket already closed by the server (its keep-alive
   * timeout ran out while the socket sat idle) is sent once more on a new socket: it changes nothing.
   * A POST is never resent (its outcome is unknown), except after a 401: the gateway authenticates
   * before anything else, so an expired token changed nothing, and the request goes again renewed.
   */
  async call(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<Answer> {
    if (token === undefined || !this.logins.has(token))
      return this.sendOnFreshSocket(method, path, token, body);
    const renewal = this.renewed.get(token);
    const answer = await this.sendOnFreshSocket(method, path, await (renewal ?? token), body);
    if (answer.status !== 401) return answer;
    // One login for all the requests that found the same token expired.
    if (this.renewed.get(token) === renewal) this.renewed.set(token, this.relogin(token));
    return this.sendOnFreshSocket(method, path, await this.renewed.get(token), body);
  }

  private async relogin(token: string): Promise<string> {
    const credentials = this.logins.get(token);
    if (credentials === undefined) throw new Error('no login behind this token');
    const body = await this.ok('POST', '/auth/token', undefined, 200, credentials);
    return String(body.accessToken);
  }

  private async sendOnFreshSocket(
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    body: object | undefined,
  ): Promise<Answer> {
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

  /** A bearer token for this user; requests made with it renew it when it expires. */
  async login(username: string, password: string): Promise<string> {
    const body = await this.ok('POST', '/auth/token', undefined, 200, { username, password });
    const token = String(body.accessToken);
    this.logins.set(token, { username, password });
    return token;
  }

  close(): void {
    this.agent.destroy();
  }
}
