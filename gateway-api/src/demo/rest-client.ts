import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AccessTokenView, Problem } from '../api/schemas';

/** A request the gateway refused: its status and problem document. */
export class RestCallError extends Error {
  override readonly name = RestCallError.name;

  constructor(
    readonly status: number,
    readonly problem: z.infer<typeof Problem> | undefined,
    what: string,
  ) {
    super(`${what} → ${status} ${problem?.code ?? ''}: ${problem?.detail ?? 'no problem document'}`);
  }
}

/** A minimal client of the REST gateway, validating every answer with the contract's schemas. */
export interface RestClient {
  /** Logs in; answers the access token. */
  login(username: string, password: string): Promise<string>;
  /** `POST` with a fresh `Idempotency-Key`. */
  post<T extends z.ZodType>(token: string, path: string, body: object, schema: T): Promise<z.infer<T>>;
  get<T extends z.ZodType>(token: string, path: string, schema: T): Promise<z.infer<T>>;
}

/**
 * Creates a client of the gateway at `baseUrl` (e.g. `http://127.0.0.1:3000`).
 *
 * @param fetchImpl - the fetch to use, the global one by default
 */
export function createRestClient(baseUrl: string, fetchImpl: typeof fetch = fetch): RestClient {
  const call = async <T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: object; schema: T },
  ): Promise<z.infer<T>> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token !== undefined) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = randomUUID();
    }
    const response = await fetchImpl(new URL(`/api/v1${path}`, baseUrl), {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const document: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new RestCallError(response.status, Problem.safeParse(document).data, `${method} ${path}`);
    }
    return options.schema.parse(document);
  };

  return {
    login: async (username, password) =>
      (await call('POST', '/auth/token', { body: { username, password }, schema: AccessTokenView }))
        .accessToken,
    post: (token, path, body, schema) => call('POST', path, { token, body, schema }),
    get: (token, path, schema) => call('GET', path, { token, schema }),
  };
}
