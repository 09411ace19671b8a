import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliUser, enrollUser, query } from '../../../scripts/test/support/fabric';
import { stateDir } from '../../../scripts/test/support/network';
import {
  type Actor,
  type Answer,
  type Json,
  adminToken,
  call,
  dueDateIn,
  eventually,
  gatewayUrl,
  get,
  login,
  ok,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { recordFigures } from './support/figures';

/**
 * Reliability case 3, the authorization matrix, through REST on the real network: every operation
 * of the served OpenAPI document × every kind of caller: an enterprise's admin, operator and viewer,
 * the bank of the credit line, an auditor, an operator of another enterprise, and no token, an
 * expired token, a token signed with the wrong key. Only the allowed cells succeed; every id is
 * checked at object level (another enterprise gets 404 for what it is no party to); refusals are
 * problem documents and change nothing.
 */

jest.setTimeout(600_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;

const ROLES = [
  'admin',
  'operator',
  'viewer',
  'bank',
  'auditor',
  'other',
  'none',
  'expired',
  'wrongKey',
] as const;
type Role = (typeof ROLES)[number];
const BAD_TOKENS: readonly Role[] = ['none', 'expired', 'wrongKey'];

const tokens = {} as Record<Role, string>;
let enterprise: Actor;
let obligor: Actor;
let bank: Actor;
let ledgerReader: CliUser;

/** An HS256 token of the gateway's shape: `secret`, expiring `expiresIn` seconds from now. */
function signedToken(subject: string, secret: Buffer, expiresIn: number): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    sub: subject,
    iss: 'scf-gateway',
    aud: 'scf-gateway-api',
    iat: now - 3600,
    exp: now + expiresIn,
    jti: randomBytes(8).toString('hex'),
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A receivable issued by `from` to `to`, accepted by `to` when `accept`. */
async function receivable(name: string, from: Actor, to: Actor, accept: boolean): Promise<string> {
  const receivableId = id(name);
  ok(
    await post(from.token, '/receivables', {
      id: receivableId,
      creditorId: to.participantId,
      amount: '1000.00',
      currency: 'EUR',
      dueDate: dueDateIn(),
    }),
    201,
  );
  if (accept) ok(await post(to.token, `/receivables/${receivableId}/accept`), 200);
  return receivableId;
}

/** One operation of the matrix: a request, the roles it is allowed to (last, as it may write). */
interface Cell {
  readonly method: 'GET' | 'POST';
  readonly template: string;
  readonly path: string;
  readonly body?: object;
  readonly allowed: readonly Role[];
  /** What each refused role gets: 403 FORBIDDEN or 404 NOT_FOUND (no party: as if it did not exist). */
  readonly refusal: Partial<Record<Role, 403 | 404>>;
  /** Where the written state shows (read before and after the refusals). */
  readonly state?: string;
}

let cells: Cell[] = [];
const outcomes: string[] = [];
let requests = 0;
let serverErrors = 0;

async function ask(cell: Cell, role: Role): Promise<Answer> {
  requests += 1;
  const token = role === 'none' ? undefined : tokens[role];
  if (cell.template === '/events') {
    const abort = new AbortController();
    const response = await fetch(`${gatewayUrl}/api/v1/events`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    const body = (contentType.startsWith('application/') ? await response.json() : {}) as Json;
    abort.abort();
    return { status: response.status, headers: response.headers, body, contentType };
  }
  const answer = await call(cell.method, cell.path, {
    ...(token === undefined ? {} : { token }),
    ...(cell.body === undefined ? {} : { body: cell.body }),
  });
  if (answer.status >= 500) serverErrors += 1;
  return answer;
}

async function stateOf(cell: Cell): Promise<unknown> {
  if (cell.state === undefined) return undefined;
  const answer = await get(tokens.auditor, cell.state);
  return [answer.status, answer.body.updatedTxId ?? answer.body.status ?? answer.body.items];
}

beforeAll(async () => {
  enterprise = await onboard('enterprise', id('ENT'));
  obligor = await onboard('enterprise', id('OBL'));
  bank = await onboard('banka', id('BANK'));
  const other = await onboard('enterprise', id('OTHER'));
  const auditor = await onboard('auditor', id('AUD'), 'viewer');
  const admin = await adminToken('enterprise');
  // The participants the admin suspends and reinstates (the latter suspended already).
  for (const target of [id('SUS'), id('RST')]) {
    ok(await post(admin, '/participants', { id: target, name: 'Suspendable', kind: 'ENTERPRISE' }), 201);
  }
  ok(await post(admin, `/participants/${id('RST')}/suspend`, {}), 200);
  const viewerName = `${id('view').toLowerCase()}@enterprise`;
  const viewerPassword = `${randomBytes(12).toString('base64url')}-it`;
  ok(
    await post(admin, `/participants/${enterprise.participantId}/users`, {
      username: viewerName,
      password: viewerPassword,
      role: 'viewer',
    }),
    201,
  );
  const secret = readFileSync(join(stateDir(), 'gateway', 'secrets', 'token-signing.key'));
  Object.assign(tokens, {
    admin,
    operator: enterprise.token,
    viewer: await login(viewerName, viewerPassword),
    bank: bank.token,
    auditor: auditor.token,
    other: other.token,
    none: '',
    expired: signedToken(enterprise.username, secret, -60),
    wrongKey: signedToken(enterprise.username, randomBytes(32), 900),
  });
  ledgerReader = await enrollUser('auditor', `itauthz${run.toLowerCase()}`, { role: 'viewer' });
  for (const obligorId of [obligor.participantId, enterprise.participantId]) {
    ok(await post(bank.token, '/credit-lines', { obligorId, currency: 'EUR', limit: '100000.00' }), 201);
  }
  const toAccept = await receivable('ACC', obligor, enterprise, false);
  const toReject = await receivable('REJ', obligor, enterprise, false);
  const toCancel = await receivable('CAN', enterprise, obligor, false);
  const toRead = await receivable('READ', obligor, enterprise, true);
  const toTransfer = await receivable('TRF', obligor, enterprise, true);
  const toSplit = await receivable('SPL', obligor, enterprise, true);
  const toFinance = await receivable('FIN', obligor, enterprise, true);
  const toSettle = await receivable('SET', enterprise, obligor, true);
  const financed = await Promise.all(
    ['APR', 'DEC'].map(async (name) => {
      const financedId = await receivable(name, obligor, enterprise, true);
      const request = ok(
        await post(enterprise.token, `/receivables/${financedId}/financing-requests`, {
          bankId: bank.participantId,
        }),
        201,
      );
      return String(request.id);
    }),
  );
  const [toApprove, toDecline] = financed as [string, string];
  const readTx = String(ok(await get(enterprise.token, `/receivables/${toRead}`), 200).updatedTxId);
  const everyoneReads: Cell['refusal'] = {};
  // An org's admin manages identities and is no party to a receivable: it sees none, like an outsider.
  const partiesRead: Cell['refusal'] = { admin: 404, other: 404 };
  const holderWrites: Cell['refusal'] = { admin: 403, viewer: 403, bank: 403, auditor: 403, other: 404 };
  // A financing decision is a bank's: anyone else is refused on the role, before the object is read.
  const bankWrites: Cell['refusal'] = { admin: 403, operator: 403, viewer: 403, auditor: 403, other: 403 };
  const receivableCell = (
    template: string,
    target: string,
    body: object,
    refusal: Cell['refusal'] = holderWrites,
  ): Cell => ({
    method: 'POST',
    template,
    path: template.replace('{id}', target),
    body,
    allowed: ['operator'],
    refusal,
    state: `/receivables/${target}`,
  });
  // The auditor's peer, which reads the cells' state, may trail the suspension's commit by a block.
  await eventually(async () => {
    expect(ok(await get(tokens.auditor, `/participants/${id('RST')}`), 200).status).toBe('SUSPENDED');
  });
  cells = [
    {
      method: 'POST',
      template: '/participants',
      path: '/participants',
      body: { id: id('NEWP'), name: 'New', kind: 'ENTERPRISE' },
      allowed: ['admin'],
      refusal: { operator: 403, viewer: 403, bank: 403, auditor: 403, other: 403 },
      state: `/participants/${id('NEWP')}`,
    },
    {
      method: 'GET',
      template: '/participants',
      path: '/participants',
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    {
      method: 'GET',
      template: '/participants/{id}',
      path: `/participants/${enterprise.participantId}`,
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    {
      method: 'POST',
      template: '/participants/{id}/users',
      path: `/participants/${enterprise.participantId}/users`,
      body: {
        username: `${id('nu').toLowerCase()}@enterprise`,
        password: 'a-long-password-1',
        role: 'viewer',
      },
      allowed: ['admin'],
      refusal: { operator: 403, viewer: 403, bank: 403, auditor: 403, other: 403 },
    },
    ...['suspend', 'reinstate'].map((change): Cell => ({
      method: 'POST',
      template: `/participants/{id}/${change}`,
      path: `/participants/${id('SUS')}/${change}`,
      body: {},
      allowed: ['admin'],
      refusal: { operator: 403, viewer: 403, bank: 403, auditor: 403, other: 403 },
      state: `/participants/${id('SUS')}`,
    })),
    {
      method: 'POST',
      template: '/credit-lines',
      path: '/credit-lines',
      body: { obligorId: other.participantId, currency: 'EUR', limit: '10.00' },
      allowed: ['bank'],
      refusal: { admin: 403, operator: 403, viewer: 403, auditor: 403, other: 403 },
      state: `/credit-lines?obligorId=${other.participantId}`,
    },
    {
      method: 'GET',
      template: '/credit-lines',
      path: `/credit-lines?obligorId=${obligor.participantId}`,
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    {
      method: 'POST',
      template: '/receivables',
      path: '/receivables',
      // No id: the operator and another enterprise's operator each issue their own IOU.
      body: { creditorId: obligor.participantId, amount: '5.00', currency: 'EUR', dueDate: dueDateIn() },
      allowed: ['operator', 'other'],
      refusal: { admin: 403, viewer: 403, bank: 403, auditor: 403 },
    },
    {
      method: 'GET',
      template: '/receivables',
      path: '/receivables',
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    ...['', '/provenance', '/history'].map((suffix): Cell => ({
      method: 'GET',
      template: `/receivables/{id}${suffix}`,
      path: `/receivables/${toRead}${suffix}`,
      allowed: ['operator', 'viewer', 'bank', 'auditor'],
      refusal: partiesRead,
    })),
    receivableCell('/receivables/{id}/accept', toAccept, {}),
    receivableCell('/receivables/{id}/reject', toReject, { reason: 'no' }),
    receivableCell('/receivables/{id}/cancel', toCancel, {}),
    receivableCell('/receivables/{id}/transfer', toTransfer, { toId: obligor.participantId }),
    receivableCell('/receivables/{id}/split', toSplit, {
      parts: [{ amount: '400.00' }, { amount: '600.00' }],
    }),
    receivableCell('/receivables/{id}/financing-requests', toFinance, { bankId: bank.participantId }),
    receivableCell('/receivables/{id}/settle', toSettle, { paymentRef: `PAY-${run}` }),
    {
      method: 'GET',
      template: '/financing-requests/{id}',
      path: `/financing-requests/${toApprove}`,
      allowed: ['operator', 'viewer', 'bank', 'auditor'],
      refusal: partiesRead,
    },
    {
      method: 'POST',
      template: '/financing-requests/{id}/approve',
      path: `/financing-requests/${toApprove}/approve`,
      body: { advanceAmount: '900.00' },
      allowed: ['bank'],
      refusal: bankWrites,
      state: `/financing-requests/${toApprove}`,
    },
    {
      method: 'POST',
      template: '/financing-requests/{id}/reject',
      path: `/financing-requests/${toDecline}/reject`,
      body: { reason: 'no' },
      allowed: ['bank'],
      refusal: bankWrites,
      state: `/financing-requests/${toDecline}`,
    },
    {
      method: 'GET',
      template: '/transactions/{txId}',
      path: `/transactions/${readTx}`,
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    {
      method: 'GET',
      template: '/events',
      path: '/events',
      allowed: ROLES.slice(0, 6),
      refusal: everyoneReads,
    },
    { method: 'GET', template: '/me', path: '/me', allowed: ROLES.slice(0, 6), refusal: everyoneReads },
    {
      // The risk figures span every participant: the auditor org's only.
      method: 'GET',
      template: '/risk',
      path: '/risk',
      allowed: ['auditor'],
      refusal: { admin: 403, operator: 403, viewer: 403, bank: 403, other: 403 },
    },
  ];
});

test('the matrix covers every operation of the served OpenAPI document', async () => {
  const document = (await (await fetch(`${gatewayUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const served = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
  const covered = cells.map((cell) => `${cell.method} ${cell.template}`);
  expect([...new Set([...covered, 'POST /auth/token'])].sort()).toEqual([...new Set(served)].sort());
});

test('every operation × every role: only the allowed cells succeed; refusals are 401/403/404 problems and change nothing', async () => {
  const mismatches: string[] = [];
  for (const cell of cells) {
    const before = await stateOf(cell);
    const refused = ROLES.filter((role) => !cell.allowed.includes(role));
    for (const role of refused) {
      const answer = await ask(cell, role);
      const expected = BAD_TOKENS.includes(role) ? 401 : (cell.refusal[role] ?? 'unset');
      const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[answer.status as 401];
      outcomes.push(`${cell.method} ${cell.template} ${role} ${answer.status}`);
      if (
        answer.status !== expected ||
        answer.body.code !== code ||
        !answer.contentType.startsWith('application/problem+json')
      ) {
        mismatches.push(
          `${cell.method} ${cell.template} as ${role}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
      }
    }
    const after = await stateOf(cell);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      mismatches.push(
        `${cell.method} ${cell.template}: a refusal changed ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
      );
    }
    for (const role of cell.allowed) {
      const answer = await ask(cell, role);
      outcomes.push(`${cell.method} ${cell.template} ${role} ${answer.status}`);
      if (answer.status < 200 || answer.status >= 300) {
        mismatches.push(
          `${cell.method} ${cell.template} as ${role}: expected 2xx, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
      }
    }
  }
  expect(mismatches).toEqual([]);
  const writes = cells.filter((cell) => cell.method === 'POST');
  recordFigures(3, {
    tried: writes.length * ROLES.length,
    // every allowed write but a user's enrolment (at the CA, not on the ledger) committed
    committed: writes
      .filter((cell) => cell.template !== '/participants/{id}/users')
      .reduce((sum, cell) => sum + cell.allowed.length, 0),
    lost: 0,
    serverErrors,
    note: `${cells.length + 1} operations × ${ROLES.length} callers (admin, operator, viewer, bank, auditor, another enterprise, no token, expired token, wrong-key token): ${requests} requests, each refused cell answered its 401/403/404 problem and changed nothing, each allowed cell succeeded.`,
  });
});

test("the ledger holds the allowed writes only: the refused ones left no trace in the receivables' histories", async () => {
  const moved = cells.filter(
    (cell) => cell.method === 'POST' && cell.template.startsWith('/receivables/{id}/'),
  );
  for (const cell of moved) {
    const receivableId = cell.path.split('/')[2] ?? '';
    const history = (await query(ledgerReader, 'GetHistory', [receivableId])) as unknown[];
    // issue, then accept when it was active, then the one allowed write
    const accepted = !/accept|reject|cancel/.test(cell.template);
    expect({ receivableId, entries: history.length }).toEqual({ receivableId, entries: accepted ? 3 : 2 });
  }
});
