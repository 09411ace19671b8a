import request from 'supertest';
import { ReceivableWriteView } from '../../src/api/schemas';
import { EvaluationError } from '../../src/domain/errors';
import { readIssueRequest } from 'receivables-chaincode/contract';
import { creditLine, receivable } from '../support/fixtures';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { anyString, body, containing, matching, parseJson } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
});
afterAll(() => gateway.stop());
beforeEach(() => {
  gateway.ledger.calls.length = 0;
});

const argsOf = (fn: string): readonly string[] => gateway.ledger.callsOf(fn).at(-1)?.args ?? [];

test('issue: the amount goes on chain in minor units, comes back as a decimal, 201 with txId', async () => {
  gateway.ledger.on('IssueReceivable', ({ args }) => {
    const { creditorId, ...issued } = readIssueRequest(parseJson(args[0]!), 'requestJson');
    return {
      receivable: receivable({ ...issued, holderId: creditorId, status: 'PENDING_ACCEPTANCE' }),
    };
  });
  const response = await request(gateway.app)
    .post('/api/v1/receivables')
    .set(bearer(tokens.core))
    .send({ id: 'R1', creditorId: 'SUP1', amount: '1250.50', currency: 'EUR', dueDate: '2030-06-30' });
  expect(response.status).toBe(201);
  expect(parseJson(argsOf('IssueReceivable')[0]!)).toEqual({
    id: 'R1',
    creditorId: 'SUP1',
    amount: '125050',
    currency: 'EUR',
    dueDate: '2030-06-30',
  });
  expect(response.body).toMatchObject({
    id: 'R1',
    amount: '1250.50',
    status: 'PENDING_ACCEPTANCE',
    hops: [{ kind: 'ISSUE', amount: '1250.50' }],
    txId: matching(/^[0-9a-f]{64}$/),
  });
});

test.each([
  ['JPY', '1250', '1250'],
  ['BHD', '1.500', '1500'],
  ['EUR', '0.01', '1'],
  ['EUR', '9999999999999999.99', '999999999999999999'],
])('%s %s is %s minor units', async (currency, amount, minor) => {
  gateway.ledger.on('IssueReceivable', () => ({ receivable: receivable({ currency, amount: minor }) }));
  const response = await request(gateway.app)
    .post('/api/v1/receivables')
    .set(bearer(tokens.core))
    .send({ creditorId: 'SUP1', amount, currency, dueDate: '2030-06-30' });
  expect(response.status).toBe(201);
  expect(parseJson(argsOf('IssueReceivable')[0]!)).toMatchObject({ amount: minor });
  expect(body(response, ReceivableWriteView).amount).toBe(amount);
});

test('accept → 200 with the resulting state', async () => {
  gateway.ledger.on('AcceptReceivable', () => ({ receivable: receivable({ status: 'ACTIVE' }) }));
  const response = await request(gateway.app).post('/api/v1/receivables/R1/accept').set(bearer(tokens.sup1));
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ id: 'R1', status: 'ACTIVE', txId: anyString });
  expect(argsOf('AcceptReceivable')).toEqual(['R1']);
});

test('reject requires a reason and passes it on', async () => {
  gateway.ledger.on('RejectReceivable', () => ({ receivable: receivable({ status: 'REJECTED' }) }));
  const response = await request(gateway.app)
    .post('/api/v1/receivables/R1/reject')
    .set(bearer(tokens.sup1))
    .send({ reason: ' wrong amount ' });
  expect(response.status).toBe(200);
  expect(argsOf('RejectReceivable')).toEqual(['R1', 'wrong amount']);
  const missing = await request(gateway.app).post('/api/v1/receivables/R1/reject').set(bearer(tokens.sup1));
  expect(missing.status).toBe(400);
});

describe('split and transfer', () => {
  const parts = [
    receivable({ id: 'R1.1', parentId: 'R1', amount: '100000' }),
    receivable({ id: 'R1.2', parentId: 'R1', amount: '25050' }),
  ];

  beforeEach(() => {
    gateway.ledger.on('GetReceivable', () => receivable());
  });

  test('split converts each part and returns the new parts', async () => {
    gateway.ledger.on('SplitReceivable', () => ({ receivable: receivable({ status: 'SPLIT' }), parts }));
    const response = await request(gateway.app)
      .post('/api/v1/receivables/R1/split')
      .set(bearer(tokens.sup1))
      .send({ parts: [{ amount: '1000.00' }, { amount: '250.50' }] });
    expect(response.status).toBe(200);
    expect(argsOf('SplitReceivable')).toEqual(['R1', '["100000","25050"]']);
    const split = body(response, ReceivableWriteView);
    expect(split.status).toBe('SPLIT');
    expect(split.parts?.map((part) => part.amount)).toEqual(['1000.00', '250.50']);
  });

  test('a whole transfer sends "" as the amount', async () => {
    gateway.ledger.on('TransferReceivable', () => ({ receivable: receivable({ holderId: 'SUP2' }) }));
    const response = await request(gateway.app)
      .post('/api/v1/receivables/R1/transfer')
      .set(bearer(tokens.sup1))
      .send({ toId: 'SUP2' });
    expect(response.status).toBe(200);
    expect(argsOf('TransferReceivable')).toEqual(['R1', 'SUP2', '']);
    expect(body(response, ReceivableWriteView).parts).toBeUndefined();
  });

  test('a partial transfer returns the parent and both parts', async () => {
    gateway.ledger.on('TransferReceivable', () => ({ receivable: receivable({ status: 'SPLIT' }), parts }));
    const response = await request(gateway.app)
      .post('/api/v1/receivables/R1/transfer')
      .set(bearer(tokens.sup1))
      .send({ toId: 'SUP2', amount: '1000.00' });
    expect(argsOf('TransferReceivable')).toEqual(['R1', 'SUP2', '100000']);
    expect(body(response, ReceivableWriteView).parts).toHaveLength(2);
  });
});

describe('the currency of a receivable is remembered (it never changes)', () => {
  const transferPart = (amount: string): request.Test =>
    request(gateway.app)
      .post('/api/v1/receivables/R9/transfer')
      .set(bearer(tokens.sup1))
      .send({ toId: 'SUP2', amount });

  beforeEach(async () => {
    gateway.ledger
      .on('GetReceivable', () => receivable({ id: 'R9', rootId: 'R9', currency: 'JPY' }))
      .on('TransferReceivable', () => ({ receivable: receivable({ id: 'R9', currency: 'JPY' }) }));
    await request(gateway.app).get('/api/v1/receivables/R9').set(bearer(tokens.sup1)).expect(200);
    gateway.ledger.calls.length = 0;
  });

  test('a partial transfer of a receivable seen before converts its amount without reading it again', async () => {
    const response = await transferPart('1000');
    expect(response.status).toBe(200);
    expect(argsOf('TransferReceivable')).toEqual(['R9', 'SUP2', '1000']);
    expect(gateway.ledger.callsOf('GetReceivable')).toEqual([]);
  });

  test('an amount refused by a remembered currency is refused only once the user is shown to read it', async () => {
    gateway.ledger.on('GetReceivable', () => {
      throw new EvaluationError({ code: 'NOT_FOUND', message: 'NOT_FOUND: no receivable R9' });
    });
    const response = await transferPart('10.50');
    expect(response.status).toBe(404);
    expect(gateway.ledger.callsOf('GetReceivable')).toHaveLength(1);
    expect(gateway.ledger.callsOf('TransferReceivable')).toEqual([]);
  });
});

test('financing: request (201) and approval (200) with decimal amounts', async () => {
  const request_ = {
    id: 'FR-1',
    receivableId: 'R1',
    requesterId: 'SUP1',
    bankId: 'BANKA',
    amount: '125050',
    status: 'REQUESTED' as const,
    requestedTxId: 'c'.repeat(64),
  };
  gateway.ledger
    .on('RequestFinancing', () => ({
      financingRequest: request_,
      receivable: receivable({ status: 'FINANCING_REQUESTED' }),
    }))
    .on('GetFinancingRequest', () => request_)
    .on('GetReceivable', () => receivable())
    .on('ApproveFinancing', ({ args }) => ({
      financingRequest: { ...request_, status: 'APPROVED', advanceAmount: args[1] },
      receivable: receivable({
        status: 'FINANCED',
        holderId: 'BANKA',
        financing: { requestId: 'FR-1', bankId: 'BANKA', status: 'APPROVED', advanceAmount: args[1] },
      }),
    }));
  const requested = await request(gateway.app)
    .post('/api/v1/receivables/R1/financing-requests')
    .set(bearer(tokens.sup1))
    .send({ bankId: 'BANKA' });
  expect(requested.status).toBe(201);
  expect(requested.body).toMatchObject({
    id: 'FR-1',
    amount: '1250.50',
    currency: 'EUR',
    receivable: { id: 'R1' },
  });
  expect(argsOf('RequestFinancing')).toEqual(['R1', 'BANKA', '']);

  const approved = await request(gateway.app)
    .post('/api/v1/financing-requests/FR-1/approve')
    .set(bearer(tokens.bankA))
    .send({ advanceAmount: '1200.00' });
  expect(approved.status).toBe(200);
  expect(argsOf('ApproveFinancing')).toEqual(['FR-1', '120000']);
  expect(approved.body).toMatchObject({
    status: 'APPROVED',
    advanceAmount: '1200.00',
    receivable: { holderId: 'BANKA', financing: { advanceAmount: '1200.00' } },
  });
});

test('settle returns the root and the settled parts', async () => {
  gateway.ledger.on('SettleReceivable', () => ({
    receivable: receivable({
      status: 'SETTLED',
      settlement: { paymentRef: 'PAY-1', txId: 'd'.repeat(64), timestamp: '2030-01-02T00:00:00.000Z' },
    }),
    parts: [],
  }));
  const response = await request(gateway.app)
    .post('/api/v1/receivables/R1/settle')
    .set(bearer(tokens.core))
    .send({ paymentRef: 'PAY-1' });
  expect(response.status).toBe(200);
  expect(argsOf('SettleReceivable')).toEqual(['R1', 'PAY-1']);
  expect(response.body).toMatchObject({ status: 'SETTLED', settlement: { paymentRef: 'PAY-1' }, parts: [] });
});

describe('lists', () => {
  test('receivables: default page size, filters, cursor and next cursor', async () => {
    gateway.ledger.on('QueryReceivables', () => ({
      items: [receivable()],
      bookmark: 'next-page',
      fetched: 1,
    }));
    const first = await request(gateway.app).get('/api/v1/receivables').set(bearer(tokens.sup1));
    expect(first.status).toBe(200);
    expect(parseJson(argsOf('QueryReceivables')[0]!)).toEqual({ pageSize: 20 });
    expect(first.body).toMatchObject({ items: [{ id: 'R1', amount: '1250.50' }], nextCursor: 'next-page' });

    gateway.ledger.on('QueryReceivables', () => ({ items: [], bookmark: '', fetched: 0 }));
    const last = await request(gateway.app)
      .get('/api/v1/receivables?holderId=SUP1&status=ACTIVE&limit=100&cursor=next-page')
      .set(bearer(tokens.sup1));
    expect(parseJson(argsOf('QueryReceivables')[0]!)).toEqual({
      holderId: 'SUP1',
      status: 'ACTIVE',
      pageSize: 100,
      bookmark: 'next-page',
    });
    expect(last.body).toEqual({ items: [], nextCursor: null });
  });

  test('credit lines, optionally of one obligor, a page at a time', async () => {
    gateway.ledger.on('ListCreditLines', () => ({
      items: [creditLine({ used: '125050' })],
      bookmark: 'next-page',
      fetched: 2,
    }));
    const response = await request(gateway.app)
      .get('/api/v1/credit-lines?obligorId=CORE&limit=2&cursor=this-page')
      .set(bearer(tokens.core));
    expect(response.body).toEqual({
      items: [
        {
          id: 'CL-1',
          bankId: 'BANKA',
          obligorId: 'CORE',
          currency: 'EUR',
          limit: '1000000.00',
          used: '1250.50',
        },
      ],
      nextCursor: 'next-page',
    });
    expect(parseJson(argsOf('ListCreditLines')[0]!)).toEqual({
      obligorId: 'CORE',
      pageSize: 2,
      bookmark: 'this-page',
    });
  });

  test('participants, a page at a time (the default page size, no cursor on the first page)', async () => {
    gateway.ledger.on('ListParticipants', () => ({ items: [], bookmark: '', fetched: 0 }));
    const response = await request(gateway.app).get('/api/v1/participants').set(bearer(tokens.core));
    expect(response.body).toEqual({ items: [], nextCursor: null });
    expect(parseJson(argsOf('ListParticipants')[0]!)).toEqual({ pageSize: 20 });
  });
});

test('provenance: path and tree with decimal amounts', async () => {
  const hop = receivable().hops[0]!;
  gateway.ledger
    .on('GetReceivable', () => receivable())
    .on('GetProvenance', () => ({
      path: [hop],
      tree: {
        id: 'R1',
        amount: '125050',
        holderId: 'SUP1',
        status: 'SPLIT',
        children: [{ id: 'R1.1', amount: '125050', holderId: 'SUP2', status: 'ACTIVE', children: [] }],
      },
    }));
  const response = await request(gateway.app)
    .get('/api/v1/receivables/R1/provenance')
    .set(bearer(tokens.sup1));
  expect(response.status).toBe(200);
  expect(response.body).toEqual({
    currency: 'EUR',
    path: [{ ...hop, amount: '1250.50' }],
    tree: {
      id: 'R1',
      amount: '1250.50',
      holderId: 'SUP1',
      status: 'SPLIT',
      children: [{ id: 'R1.1', amount: '1250.50', holderId: 'SUP2', status: 'ACTIVE', children: [] }],
    },
  });
});

test('history', async () => {
  gateway.ledger.on('GetHistory', () => [
    { txId: 'e'.repeat(64), timestamp: '2030-01-02T00:00:00.000Z', isDelete: false, value: receivable() },
  ]);
  const response = await request(gateway.app)
    .get('/api/v1/receivables/R1/history')
    .set(bearer(tokens.auditor));
  expect(response.body).toEqual([
    containing({ txId: 'e'.repeat(64), value: containing({ amount: '1250.50' }) }),
  ]);
});

test('transactions: found and not found', async () => {
  const txId = '1'.repeat(64);
  gateway.ledger.transactions.set(txId, {
    transactionId: txId,
    validationCode: 'VALID',
    blockNumber: 12n,
    creatorMspId: 'EnterpriseMSP',
    timestamp: '2030-01-01T00:00:00.000Z',
  });
  const found = await request(gateway.app).get(`/api/v1/transactions/${txId}`).set(bearer(tokens.sup1));
  expect(found.body).toEqual({
    txId,
    validationCode: 'VALID',
    blockNumber: '12',
    creatorMspId: 'EnterpriseMSP',
    timestamp: '2030-01-01T00:00:00.000Z',
  });
  const missing = await request(gateway.app)
    .get(`/api/v1/transactions/${'2'.repeat(64)}`)
    .set(bearer(tokens.sup1));
  expect(missing.status).toBe(404);
});
