import request from 'supertest';
import { commitRejected, commitUnknown } from '../../src/ledger/fabric-errors';
import { receivable } from '../support/fixtures';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { containing, problem } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable({ status: 'PENDING_ACCEPTANCE' }) }));
});
afterAll(() => gateway.stop());
beforeEach(() => {
  gateway.ledger.calls.length = 0;
});

const issue = { creditorId: 'SUP1', amount: '1250.50', currency: 'EUR', dueDate: '2030-06-30' };
const post = (key: string, body: object = issue, token: string = tokens.core): request.Test =>
  request(gateway.app).post('/api/v1/receivables').set(bearer(token)).set('Idempotency-Key', key).send(body);

test('a retry with the same key returns the first result without submitting again', async () => {
  const first = await post('key-1');
  const retry = await post('key-1', {
    dueDate: issue.dueDate,
    currency: 'EUR',
    amount: '1250.50',
    creditorId: 'SUP1',
  });
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.body).toEqual(first.body);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(1);
});

test('the same key with another body → 422 IDEMPOTENCY_KEY_REUSED', async () => {
  await post('key-2');
  const response = await post('key-2', { ...issue, amount: '1.00' });
  expect(response.status).toBe(422);
  expect(problem(response).code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(1);
});

test('keys are per user', async () => {
  await post('key-3');
  const other = await post('key-3', issue, tokens.sup1);
  expect(other.headers['idempotent-replayed']).toBeUndefined();
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(2);
});

test('a concurrent duplicate while the first is in flight → 409', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  gateway.ledger.on('IssueReceivable', async () => {
    await gate;
    return { receivable: receivable() };
  });
  const first = post('key-4').then((response) => response);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const duplicate = await post('key-4');
  expect(duplicate.status).toBe(409);
  expect(problem(duplicate).code).toBe('CONFLICT');
  release();
  expect((await first).status).toBe(201);
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable() }));
});

test('a failed request frees its key for a retry', async () => {
  gateway.ledger.on('IssueReceivable', () => {
    throw new Error('boom');
  });
  expect((await post('key-5')).status).toBe(500);
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable() }));
  const retry = await post('key-5');
  expect(retry.status).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBeUndefined();
});

/** Makes the next IssueReceivable submit end with an unknown commit outcome; answers its txId. */
function unknownOutcomeOnce(): () => string {
  let failed = false;
  gateway.ledger.on('IssueReceivable', () => {
    if (!failed) {
      failed = true;
      throw commitUnknown(new Error('commit timeout'), 'tx');
    }
    return { receivable: receivable() };
  });
  return () => gateway.ledger.callsOf('IssueReceivable')[0]!.transactionId!;
}

function committed(transactionId: string, validationCode = 'VALID'): void {
  gateway.ledger.transactions.set(transactionId, {
    transactionId,
    validationCode,
    blockNumber: 9n,
    creatorMspId: 'EnterpriseMSP',
    timestamp: undefined,
  });
}

test('a retry of an unknown outcome found committed answers COMMITTED and sends nothing', async () => {
  const firstTx = unknownOutcomeOnce();
  const first = await post('key-u1');
  expect(first.status).toBe(503);
  const txId = firstTx();
  committed(txId);
  const done = await post('key-u1');
  expect(done.status).toBe(409);
  expect(problem(done)).toMatchObject({ code: 'CONFLICT', outcome: 'COMMITTED', transactionId: txId });
  expect((await post('key-u1')).body).toMatchObject({ outcome: 'COMMITTED', transactionId: txId });
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(1);
});

test('a retry of an unknown outcome not on the ledger sends the same transaction again, under its id', async () => {
  const firstTx = unknownOutcomeOnce();
  expect((await post('key-u5')).status).toBe(503);
  const retry = await post('key-u5');
  expect(retry.status).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBeUndefined();
  expect(gateway.ledger.callsOf('IssueReceivable').map((call) => call.transactionId)).toEqual([
    firstTx(),
    firstTx(),
  ]);
  expect((await post('key-u5')).headers['idempotent-replayed']).toBe('true');
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(2);
});

test('a resent transaction refused before ordering keeps its key bound to its id (the first may still commit)', async () => {
  const firstTx = unknownOutcomeOnce();
  expect((await post('key-u6')).status).toBe(503);
  gateway.ledger.on('IssueReceivable', () => {
    throw new Error('duplicate transaction found');
  });
  const refused = await post('key-u6');
  expect(refused.status).toBeGreaterThanOrEqual(500);
  committed(firstTx());
  expect(problem(await post('key-u6'))).toMatchObject({ outcome: 'COMMITTED', transactionId: firstTx() });
  expect(new Set(gateway.ledger.callsOf('IssueReceivable').map((call) => call.transactionId))).toEqual(
    new Set([firstTx()]),
  );
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable() }));
});

test('a retry of a transaction found committed invalid submits anew, once', async () => {
  const firstTx = unknownOutcomeOnce();
  expect((await post('key-u2')).status).toBe(503);
  committed(firstTx(), 'MVCC_READ_CONFLICT');
  const retry = await post('key-u2');
  expect(retry.status).toBe(201);
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(2);
  expect((await post('key-u2')).headers['idempotent-replayed']).toBe('true');
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(2);
});

test('a transaction committed invalid frees its key at once', async () => {
  let calls = 0;
  gateway.ledger.on('IssueReceivable', () => {
    calls += 1;
    if (calls === 1) {
      throw commitRejected('MVCC_READ_CONFLICT', 'tx');
    }
    return { receivable: receivable() };
  });
  expect((await post('key-u3')).status).toBe(409);
  const retry = await post('key-u3');
  expect(retry.status).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBeUndefined();
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(2);
});

test('a malformed key → 400', async () => {
  const response = await post('has spaces');
  expect(response.status).toBe(400);
  expect(problem(response).errors).toEqual([containing({ path: 'header.idempotency-key' })]);
});

test('replays survive a restart (persisted in SQLite)', async () => {
  const first = await post('key-6');
  gateway = await gateway.restart();
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable({ id: 'R-other' }) }));
  const again = await post('key-6');
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(0);
});

test('a key left bound by an unknown outcome stays bound across a restart, and its retry resends that transaction', async () => {
  const firstTx = unknownOutcomeOnce();
  expect((await post('key-u4')).status).toBe(503);
  const txId = firstTx();
  gateway = await gateway.restart();
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable() }));
  const retry = await post('key-u4');
  expect(retry.status).toBe(201);
  expect(gateway.ledger.callsOf('IssueReceivable').map((call) => call.transactionId)).toEqual([txId]);
  expect((await post('key-u4')).headers['idempotent-replayed']).toBe('true');
  expect(gateway.ledger.callsOf('IssueReceivable')).toHaveLength(1);
});
