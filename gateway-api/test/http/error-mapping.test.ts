import Database from 'better-sqlite3';
import request from 'supertest';
import { ReceivableWriteView } from '../../src/api/schemas';
import { OverloadError } from '../../src/domain/errors';
import {
  commitRejected,
  commitUnknown,
  endorsementFailure,
  evaluationFailure,
  submissionFailure,
} from '../../src/ledger/fabric-errors';
import { DeadlineExceededError } from '../../src/ledger/deadline';
import {
  committedInvalid,
  discoveryFailed,
  endorsementRefusal,
  evaluateRefusal,
} from '../support/fabric-errors';
import { receivable } from '../support/fixtures';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { body, problem } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;
const TX = 'b'.repeat(64);

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
});
afterAll(() => gateway.stop());

const accept = (): request.Test =>
  request(gateway.app).post('/api/v1/receivables/R1/accept').set(bearer(tokens.sup1)).send({});

const failAcceptWith = (error: unknown): void => {
  gateway.ledger.on('AcceptReceivable', () => {
    throw error;
  });
};

describe('chaincode refusals (at the plan, at endorsement) map by their code prefix', () => {
  test.each([
    ['VALIDATION_FAILED', 400],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['LIMIT_EXCEEDED', 422],
  ])('%s → %i', async (code, httpStatus) => {
    failAcceptWith(endorsementFailure(evaluateRefusal(`${code}: refused for a reason`), TX));
    const response = await accept();
    expect(response.status).toBe(httpStatus);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      status: httpStatus,
      code,
      detail: 'refused for a reason',
      transactionId: TX,
      type: `urn:scf-ledger:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    });
  });
});

test('a refusal at endorsement ("No valid responses from any peers") maps by its code too', async () => {
  failAcceptWith(endorsementFailure(endorsementRefusal('FORBIDDEN: not the holder'), TX));
  const response = await accept();
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ code: 'FORBIDDEN', detail: 'not the holder', transactionId: TX });
});

test('reads: a refusal in an evaluate error maps too', async () => {
  gateway.ledger.on('GetReceivable', () => {
    throw evaluationFailure(evaluateRefusal('NOT_FOUND: no R2'));
  });
  const response = await request(gateway.app).get('/api/v1/receivables/R2').set(bearer(tokens.sup1));
  expect(response.status).toBe(404);
  expect(response.body).toMatchObject({ code: 'NOT_FOUND', detail: 'no R2' });
});

test('a transaction committed with MVCC_READ_CONFLICT → 409 with the validation code', async () => {
  failAcceptWith(
    commitRejected('MVCC_READ_CONFLICT', TX, { cause: committedInvalid('MVCC_READ_CONFLICT', TX) }),
  );
  const response = await accept();
  expect(response.status).toBe(409);
  expect(response.body).toMatchObject({
    code: 'CONFLICT',
    validationCode: 'MVCC_READ_CONFLICT',
    transactionId: TX,
  });
});

test('PHANTOM_READ_CONFLICT → 409', async () => {
  failAcceptWith(commitRejected('PHANTOM_READ_CONFLICT', TX));
  expect((await accept()).status).toBe(409);
});

test('ENDORSEMENT_POLICY_FAILURE → 502', async () => {
  failAcceptWith(commitRejected('ENDORSEMENT_POLICY_FAILURE', TX));
  const response = await accept();
  expect(response.status).toBe(502);
  expect(response.body).toMatchObject({
    code: 'UPSTREAM_FAILED',
    validationCode: 'ENDORSEMENT_POLICY_FAILURE',
  });
});

test.each([
  ['discovery failed (peers unreachable)', discoveryFailed()],
  ['the request deadline passed', new DeadlineExceededError('endorse: the request deadline passed')],
])('%s → 503 UPSTREAM_UNAVAILABLE with Retry-After', async (_name, cause) => {
  failAcceptWith(endorsementFailure(cause, TX));
  const response = await accept();
  expect(response.status).toBe(503);
  expect(problem(response).code).toBe('UPSTREAM_UNAVAILABLE');
  expect(response.headers['retry-after']).toBe('2');
});

test('a submission failure (peers unreachable) → 503', async () => {
  failAcceptWith(submissionFailure(discoveryFailed(), TX));
  expect((await accept()).status).toBe(503);
});

test('an unknown commit status → 503 naming the transaction to look up', async () => {
  failAcceptWith(
    commitUnknown(new DeadlineExceededError('submit AcceptReceivable: the request deadline passed'), TX),
  );
  const response = await accept();
  expect(response.status).toBe(503);
  expect(problem(response).transactionId).toBe(TX);
  expect(problem(response).detail).toMatch(/look it up/);
});

test('a persistent "Peer endorsements do not match" → 503', async () => {
  failAcceptWith(
    endorsementFailure(
      new Error(
        'No valid responses from any peers. Errors:\n    peer=undefined, status=grpc, message=Peer endorsements do not match',
      ),
      TX,
    ),
  );
  expect((await accept()).status).toBe(503);
});

test('another endorsement failure → 502', async () => {
  failAcceptWith(endorsementFailure(endorsementRefusal('corrupt ledger value for rcv R1'), TX));
  const response = await accept();
  expect(response.status).toBe(502);
  expect(problem(response).code).toBe('UPSTREAM_FAILED');
});

test('back-pressure: too many submits in flight → 503 OVERLOADED with Retry-After', async () => {
  failAcceptWith(new OverloadError());
  const response = await accept();
  expect(response.status).toBe(503);
  expect(problem(response).code).toBe('OVERLOADED');
  expect(response.headers['retry-after']).toBe('1');
});

test('a chaincode result outside the contract → 502', async () => {
  gateway.ledger.on('AcceptReceivable', () => ({ receivable: { id: 'R1' } }));
  const response = await accept();
  expect(response.status).toBe(502);
  expect(problem(response).code).toBe('UPSTREAM_FAILED');
  expect(problem(response).transactionId).toMatch(/^[0-9a-f]{64}$/);
});

test('an unexpected error → 500 without its message', async () => {
  failAcceptWith(new Error('secret internals'));
  const response = await accept();
  expect(response.status).toBe(500);
  expect(problem(response).code).toBe('INTERNAL');
  expect(JSON.stringify(response.body)).not.toContain('secret internals');
});

test('the journal records each submitted transaction and its outcome', async () => {
  gateway.ledger.on('AcceptReceivable', () => ({ receivable: receivable() }));
  const response = await accept();
  expect(response.status).toBe(200);
  const db = new Database(`${gateway.dataDir}/gateway.db`, { readonly: true });
  try {
    expect(
      db
        .prepare('SELECT state, fn, username FROM transaction_journal WHERE tx_id = ?')
        .get(body(response, ReceivableWriteView).txId),
    ).toEqual({ state: 'COMMITTED', fn: 'AcceptReceivable', username: 'sup1.ops@enterprise' });
  } finally {
    db.close();
  }
});
