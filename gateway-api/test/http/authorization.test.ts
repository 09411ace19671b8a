import request from 'supertest';
import { creditLine, receivable } from '../support/fixtures';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { anyString, containing, problem } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
  gateway.ledger
    .on('GetReceivable', () => receivable())
    .on('RegisterParticipant', ({ args }) => ({
      id: args[0],
      name: args[1],
      kind: args[2],
      mspId: 'EnterpriseMSP',
      status: 'ACTIVE',
    }))
    .on('GrantCreditLine', () => creditLine());
});
afterAll(() => gateway.stop());

beforeEach(() => {
  gateway.ledger.calls.length = 0;
});

const post = (path: string, body: object, token: string): request.Test =>
  request(gateway.app).post(`/api/v1${path}`).set(bearer(token)).send(body);

const expectForbidden = (response: request.Response): void => {
  expect(response.status).toBe(403);
  expect(problem(response).code).toBe('FORBIDDEN');
  expect(gateway.ledger.calls.filter((call) => call.kind === 'submit')).toEqual([]);
};

const writes: ReadonlyArray<readonly [string, object]> = [
  ['/credit-lines', { obligorId: 'CORE', currency: 'EUR', limit: '10.00' }],
  ['/receivables', { creditorId: 'SUP1', amount: '1.00', currency: 'EUR', dueDate: '2030-01-01' }],
  ['/receivables/R1/accept', {}],
  ['/receivables/R1/reject', { reason: 'no' }],
  ['/receivables/R1/cancel', {}],
  ['/receivables/R1/transfer', { toId: 'SUP2', amount: '1.00' }],
  ['/receivables/R1/split', { parts: [{ amount: '1.00' }, { amount: '1250.50' }] }],
  ['/receivables/R1/financing-requests', { bankId: 'BANKA' }],
  ['/financing-requests/FR-1/approve', { advanceAmount: '1.00' }],
  ['/financing-requests/FR-1/reject', { reason: 'no' }],
  ['/receivables/R1/settle', { paymentRef: 'PAY-1' }],
];

describe('auditors never write: 403 before touching Fabric', () => {
  test.each(writes)('auditor operator: %s', async (path, body) => {
    expectForbidden(await post(path, body, tokens.auditor));
  });

  test.each(writes)('auditor admin: %s', async (path, body) => {
    expectForbidden(await post(path, body, tokens.auditorAdmin));
  });
});

describe('viewers and unbound administrators never write', () => {
  test.each(writes)('viewer: %s', async (path, body) => {
    expectForbidden(await post(path, body, tokens.sup1Viewer));
  });

  test.each(writes)('enterprise admin: %s', async (path, body) => {
    expectForbidden(await post(path, body, tokens.enterpriseAdmin));
  });
});

describe('bank-only actions', () => {
  test.each([
    ['/credit-lines', { obligorId: 'CORE', currency: 'EUR', limit: '10.00' }],
    ['/financing-requests/FR-1/approve', { advanceAmount: '1.00' }],
    ['/financing-requests/FR-1/reject', { reason: 'no' }],
  ] as const)('an enterprise operator may not %s', async (path, body) => {
    expectForbidden(await post(path, body, tokens.core));
  });

  test('a bank operator may grant a credit line', async () => {
    const response = await post(
      '/credit-lines',
      { obligorId: 'CORE', currency: 'EUR', limit: '10.00' },
      tokens.bankA,
    );
    expect(response.status).toBe(201);
    expect(gateway.ledger.callsOf('GrantCreditLine')).toEqual([
      containing({
        args: ['', 'CORE', 'EUR', '1000'],
        callerId: 'ops@banka',
        mspId: 'BankAMSP',
      }),
    ]);
  });
});

describe('participants', () => {
  test('only an org admin registers participants', async () => {
    expectForbidden(await post('/participants', { id: 'P9', name: 'P9', kind: 'ENTERPRISE' }, tokens.core));
  });

  test("only participants of the admin's own kind", async () => {
    expectForbidden(
      await post('/participants', { id: 'P9', name: 'P9', kind: 'BANK' }, tokens.enterpriseAdmin),
    );
  });

  test('an org admin registers one of its org', async () => {
    const response = await post(
      '/participants',
      { id: 'P9', name: ' Nine ', kind: 'ENTERPRISE' },
      tokens.enterpriseAdmin,
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: 'P9',
      name: 'Nine',
      kind: 'ENTERPRISE',
      txId: anyString,
    });
  });

  test('the auditor org admin registers auditor participants', async () => {
    const response = await post(
      '/participants',
      { id: 'AUD2', name: 'Audit', kind: 'AUDITOR' },
      tokens.auditorAdmin,
    );
    expect(response.status).toBe(201);
  });
});

describe('suspension', () => {
  test.each(['suspend', 'reinstate'])('only an org admin may %s a participant', async (change) => {
    expectForbidden(await post(`/participants/SUP2/${change}`, {}, tokens.core));
    expectForbidden(await post(`/participants/SUP2/${change}`, {}, tokens.sup1Viewer));
  });

  test('an org admin suspends a participant: the chaincode is asked, the changed participant answered', async () => {
    gateway.ledger.on('SuspendParticipant', ({ args }) => ({
      id: args[0],
      name: 'Sup 2',
      kind: 'ENTERPRISE',
      mspId: 'EnterpriseMSP',
      status: 'SUSPENDED',
    }));
    const response = await post('/participants/SUP2/suspend', {}, tokens.enterpriseAdmin);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'SUP2', status: 'SUSPENDED', txId: anyString });
    expect(gateway.ledger.calls).toEqual([
      containing({ kind: 'submit', fn: 'SuspendParticipant', args: ['SUP2'] }),
    ]);
  });
});

describe('user enrolment', () => {
  const user = { username: 'new.ops@enterprise', password: 'a long enough password', role: 'operator' };

  test('only an org admin enrols users', async () => {
    const response = await post('/participants/SUP1/users', user, tokens.core);
    expect(response.status).toBe(403);
  });

  test("only for a participant of the admin's org", async () => {
    const admin = await gateway.token('admin@banka', 'adminpw');
    const response = await post('/participants/SUP1/users', { ...user, username: 'x@banka' }, admin);
    expect(response.status).toBe(403);
    expect(problem(response).detail).toMatch(/not of the banka org/);
  });

  test("the user name must carry the admin's org", async () => {
    const response = await post(
      '/participants/SUP1/users',
      { ...user, username: 'x@banka' },
      tokens.enterpriseAdmin,
    );
    expect(response.status).toBe(400);
    expect(problem(response).errors).toEqual([
      { path: 'body.username', message: 'must end with @enterprise' },
    ]);
  });

  test('an unknown participant → 404', async () => {
    const response = await post('/participants/NOPE/users', user, tokens.enterpriseAdmin);
    expect(response.status).toBe(404);
  });

  test('enrols at the CA with scf.participant and scf.role, and logs in', async () => {
    const response = await post('/participants/SUP2/users', user, tokens.enterpriseAdmin);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      username: 'new.ops@enterprise',
      org: 'enterprise',
      mspId: 'EnterpriseMSP',
      participantId: 'SUP2',
      role: 'operator',
    });
    expect(gateway.authorities.get('enterprise')?.identities.get('new.ops@enterprise')?.attributes).toEqual({
      'scf.participant': 'SUP2',
      'scf.role': 'operator',
    });
    expect(await gateway.token('new.ops@enterprise', user.password)).toEqual(anyString);
  });

  test('a second enrolment of the same user name → 409', async () => {
    const response = await post('/participants/SUP2/users', user, tokens.enterpriseAdmin);
    expect(response.status).toBe(409);
    expect(problem(response).code).toBe('CONFLICT');
  });

  test('an identity registered at the CA outside the gateway → 409, and the name stays free', async () => {
    const ca = gateway.authorities.get('enterprise')!;
    ca.identities.set('outsider@enterprise', { secret: 's', attributes: {} });
    const response = await post(
      '/participants/SUP2/users',
      { ...user, username: 'outsider@enterprise' },
      tokens.enterpriseAdmin,
    );
    expect(response.status).toBe(409);
    ca.identities.delete('outsider@enterprise');
    const retry = await post(
      '/participants/SUP2/users',
      { ...user, username: 'outsider@enterprise' },
      tokens.enterpriseAdmin,
    );
    expect(retry.status).toBe(201);
  });
});

test('reads are signed with the reader’s own identity', async () => {
  const response = await request(gateway.app).get('/api/v1/receivables/R1').set(bearer(tokens.auditor));
  expect(response.status).toBe(200);
  expect(gateway.ledger.callsOf('GetReceivable')).toEqual([
    containing({ kind: 'evaluate', callerId: 'aud@auditor', mspId: 'AuditorMSP' }),
  ]);
});
