/**
 * The console's only way to the ledger: `/api/v1` on the same origin, with the user's bearer token.
 * Every answer is parsed by its schema; a refusal becomes an {@link ApiError} carrying the
 * problem+json document.
 */
import type { z } from 'zod';
import { AccessToken, Problem } from './schemas';

export const API_BASE = '/api/v1';

/** A refusal of the gateway (its problem document), or a failure to reach it. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
  }
}

async function problemOf(response: Response): Promise<Problem> {
  const body: unknown = await response.json().catch(() => undefined);
  return (
    Problem.safeParse(body).data ?? {
      status: response.status,
      code: response.status >= 500 ? 'INTERNAL' : 'UNKNOWN',
      detail: response.statusText,
    }
  );
}

/** Calls of one user. */
export interface ApiClient {
  get<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>>;
  post<T extends z.ZodType>(path: string, body: object, schema: T): Promise<z.infer<T>>;
}

async function call<T extends z.ZodType>(
  token: string | undefined,
  init: Readonly<{ method: 'GET' | 'POST'; path: string; body?: object; schema: T }>,
): Promise<z.infer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${init.path}`, {
      method: init.method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'UNREACHABLE', detail: 'the gateway did not answer' });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  const body: unknown = await response.json();
  const parsed = init.schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError({ status: response.status, code: 'UNEXPECTED_ANSWER', detail: parsed.error.message });
  }
  return parsed.data;
}

/** A client that sends `token` with every call. */
export function apiClient(token: string): ApiClient {
  return {
    get: (path, schema) => call(token, { method: 'GET', path, schema }),
    post: (path, body, schema) => call(token, { method: 'POST', path, body, schema }),
  };
}

/**
 * Every item of the paged list at `path` (e.g. `/participants`), read 100 at a time by following each
 * page's cursor: for the pickers and overviews that show a whole list.
 */
export async function allPages<T>(
  api: ApiClient,
  path: string,
  page: z.ZodType<{ readonly items: readonly T[]; readonly nextCursor: string | null }>,
): Promise<{ items: T[] }> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({
      limit: '100',
      ...(cursor === null ? {} : { cursor }),
    });
    const answer: { readonly items: readonly T[]; readonly nextCursor: string | null } = await api.get(
      `${path}?${query.toString()}`,
      page,
    );
    items.push(...answer.items);
    cursor = answer.nextCursor;
  } while (cursor !== null);
  return { items };
}

/** `POST /auth/token`. */
export async function logIn(username: string, password: string): Promise<string> {
  const answer = await call(undefined, {
    method: 'POST',
    path: '/auth/token',
    body: { username, password },
    schema: AccessToken,
  });
  return answer.accessToken;
}
