import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { portOffset, stateDir } from '../../../scripts/test/support/network';
import { kindOfOrg, loadNetworkProfile } from '../../src/config/network-profile';

/**
 * REST calls to the gateway of the shared test network (`./test-network.sh up` starts it on
 * 3000 + SCF_PORT_OFFSET), answered raw: status, headers and JSON body, so tests assert on them.
 */

export const gatewayUrl = `http://127.0.0.1:${3000 + portOffset}`;

/** The org administrators' password on the test network. */
export const ADMIN_PASSWORD = process.env.SCF_ADMIN_PASSWORD ?? 'adminpw';

/** A suffix that makes this run's ids unique (participants and users persist on the ledger). */
export function runSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();
}

/** A JSON body as the gateway answers it (a resource, a list or a problem document). */
export type Json = Record<string, unknown> & {
  readonly code?: string;
  readonly txId?: string;
  readonly transactionId?: string;
  readonly validationCode?: string;
  readonly id?: string;
  readonly status?: string | number;
  readonly holderId?: string;
  readonly parts?: readonly Json[];
  readonly receivable?: Json;
  readonly items?: readonly Json[];
};

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json;
  readonly contentType: string;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: object;
  readonly idempotencyKey?: string;
}

/** One call to `/api/v1{path}`; never throws on an HTTP error status. */
export async function call(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${gatewayUrl}/api/v1${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: Json;
  try {
    body = (text === '' ? {} : JSON.parse(text)) as Json;
  } catch {
    body = { unparsed: text };
  }
  return {
    status: response.status,
    headers: response.headers,
    body,
    contentType: response.headers.get('content-type') ?? '',
  };
}

export const get = (token: string, path: string): Promise<Answer> => call('GET', path, { token });
export const post = (
  token: string,
  path: string,
  body: object = {},
  idempotencyKey?: string,
): Promise<Answer> =>
  call('POST', path, { token, body, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });

/** The status and body of an answer, for one `toEqual`/`toMatchObject` that shows both on failure. */
export function outcome(answer: Answer): { status: number; body: Json } {
  return { status: answer.status, body: answer.body };
}

/** Expects a successful answer and returns its body (the failure message carries the problem). */
export function ok(answer: Answer, status: number): Json {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Logs in and answers the access token. */
export async function login(username: string, password: string): Promise<string> {
  const body = ok(await call('POST', '/auth/token', { body: { username, password } }), 200);
  return String(body.accessToken);
}

/** An org of the test network, as its profile (written from the topology) names it. */
export type OrgKey = string;

/** The kind of participant an org registers, as the test network's profile says. */
function kindOf(org: OrgKey): string {
  const kind = kindOfOrg(loadNetworkProfile(join(stateDir(), 'network', 'profile.json')), org);
  if (kind === undefined) {
    throw new Error(`the test network has no org ${org}`);
  }
  return kind;
}

/** A participant with one user, enrolled at its org's real CA through `POST /participants/{id}/users`. */
export interface Actor {
  readonly participantId: string;
  readonly username: string;
  /** Its login password (for a browser's login form). */
  readonly password: string;
  readonly token: string;
  /** The transaction that registered the participant. */
  readonly registeredTxId: string;
}

const adminTokens = new Map<OrgKey, Promise<string>>();

/** The token of `admin@<org>` (logged in once per test file). */
export function adminToken(org: OrgKey): Promise<string> {
  let token = adminTokens.get(org);
  if (token === undefined) {
    token = login(`admin@${org}`, ADMIN_PASSWORD);
    adminTokens.set(org, token);
  }
  return token;
}

/**
 * Registers a participant: one attempt. Registrations in one org do not race (the org's anchor key
 * is written blind, chaincode/src/registration.ts), so a lost race would be a regression to see.
 */
function registerParticipant(admin: string, participantId: string, kind: string): Promise<Answer> {
  return post(admin, '/participants', { id: participantId, name: `${participantId} Ltd`, kind });
}

/**
 * Registers participant `participantId` of `org` (its admin), enrols the user
 * `<participantId lower case>@<org>` with `role`, and logs it in.
 */
export async function onboard(
  org: OrgKey,
  participantId: string,
  role: 'operator' | 'viewer' = 'operator',
): Promise<Actor> {
  const admin = await adminToken(org);
  const registered = ok(await registerParticipant(admin, participantId, kindOf(org)), 201);
  const username = `${participantId.toLowerCase()}@${org}`;
  const password = `${randomBytes(12).toString('base64url')}-it`;
  ok(await post(admin, `/participants/${participantId}/users`, { username, password, role }), 201);
  return {
    participantId,
    username,
    password,
    token: await login(username, password),
    registeredTxId: String(registered.txId),
  };
}

/**
 * Retries `check` until it stops throwing (a read on another org's peer may trail the commit the
 * write waited for by a block), then answers its result; rethrows the last failure after `timeoutMs`.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A due date 90 days from now, `YYYY-MM-DD`. */
export function dueDateIn(days = 90): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** One server-sent event as the gateway streams it. */
export interface StreamedEvent {
  readonly id: number;
  readonly event: string;
  readonly data: string;
}

/**
 * Reads `GET /events` as `token` (after `lastEventId` when given) until `done` holds for the
 * events read so far, then closes the stream.
 */
export async function readEvents(
  token: string,
  lastEventId: number | undefined,
  done: (events: readonly StreamedEvent[]) => boolean,
): Promise<StreamedEvent[]> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const response = await fetch(`${gatewayUrl}/api/v1/events`, { headers, signal: abort.signal });
  if (response.status !== 200 || response.body === null)
    throw new Error(`GET /events answered ${response.status}`);
  const events: StreamedEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const fields = new Map(
          buffer
            .slice(0, end)
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)] as const),
        );
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const id = fields.get('id');
        if (id !== undefined) {
          events.push({ id: Number(id), event: fields.get('event') ?? '', data: fields.get('data') ?? '' });
        }
      }
      if (done(events)) break;
    }
  } finally {
    abort.abort();
  }
  return events;
}
