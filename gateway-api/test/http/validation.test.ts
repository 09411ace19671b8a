import request from 'supertest';
import { receivable } from '../support/fixtures';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { arrayContaining, containing, problem } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
  gateway.ledger
    .on('GetReceivable', ({ args }) =>
      receivable({ id: args[0], currency: args[0] === 'RJPY' ? 'JPY' : 'EUR' }),
    )
    .on('GetFinancingRequest', () => ({
      id: 'FR-1',
      receivableId: 'R1',
      requesterId: 'SUP1',
      bankId: 'BANKA',
      amount: '125050',
      status: 'REQUESTED',
      requestedTxId: 'a'.repeat(64),
    }));
});
afterAll(() => gateway.stop());

beforeEach(() => {
  gateway.ledger.calls.length = 0;
});

const post = (path: string, body: unknown, token: string = tokens.core): request.Test =>
  request(gateway.app)
    .post(`/api/v1${path}`)
    .set(bearer(token))
    .send(body as object);

const expectInvalid = (response: request.Response, path: string): void => {
  expect(response.status).toBe(400);
  expect(response.type).toBe('application/problem+json');
  expect(problem(response).code).toBe('VALIDATION_FAILED');
  expect(problem(response).errors).toEqual(arrayContaining([containing({ path })]));
  expect(gateway.ledger.calls.filter((call) => call.kind === 'submit')).toEqual([]);
};

const issue = { creditorId: 'SUP1', amount: '1250.50', currency: 'EUR', dueDate: '2030-06-30' };

describe('unknown fields are refused on every body', () => {
  test.each([
    ['/participants', { id: 'P1', name: 'P', kind: 'ENTERPRISE', extra: 1 }, 'enterpriseAdmin'],
    [
      '/participants/SUP1/users',
      { username: 'x@enterprise', password: 'p'.repeat(12), role: 'viewer', x: 1 },
      'enterpriseAdmin',
    ],
    ['/credit-lines', { obligorId: 'CORE', currency: 'EUR', limit: '10.00', id: 'CL' }, 'bankA'],
    ['/receivables', { ...issue, holderId: 'SUP2' }, 'core'],
    ['/receivables/R1/accept', { note: 'x' }, 'sup1'],
    ['/receivables/R1/reject', { reason: 'no', code: 1 }, 'sup1'],
    ['/receivables/R1/transfer', { toId: 'SUP2', memo: 'x' }, 'sup1'],
    ['/receivables/R1/split', { parts: [{ amount: '1.00', to: 'x' }, { amount: '1.00' }] }, 'sup1'],
    ['/receivables/R1/financing-requests', { bankId: 'BANKA', rate: '5' }, 'sup1'],
    ['/financing-requests/FR-1/approve', { advanceAmount: '1.00', fee: '1' }, 'bankA'],
    ['/financing-requests/FR-1/reject', { why: 'x' }, 'bankA'],
    ['/receivables/R1/settle', { paymentRef: 'P', amount: '1' }, 'core'],
  ] as const)('%s', async (path, body, who) => {
    const response = await post(path, body, tokens[who]);
    expect(response.status).toBe(400);
    expect(problem(response).code).toBe('VALIDATION_FAILED');
  });
});

describe('amounts', () => {
  test.each([
    ['1250.5', 'EUR', 'exactly 2 decimal digit'],
    ['1250', 'EUR', 'exactly 2'],
    ['1250.500', 'EUR', 'exactly 2'],
    ['1250.00', 'JPY', 'exactly 0'],
    ['1.50', 'BHD', 'exactly 3'],
    ['0.00', 'EUR', 'greater than zero'],
    ['1234567890123456789.00', 'EUR', 'at most 18 digits'],
    ['99999999999999999.99', 'EUR', 'at most 18 digits'],
  ])('%s %s is refused', async (amount, currency, message) => {
    const response = await post('/receivables', { ...issue, amount, currency });
    expectInvalid(response, 'body.amount');
    expect(JSON.stringify(problem(response).errors)).toContain(message);
  });

  test.each([['-1.00'], ['1e3'], ['1,00'], [' 1.00'], ['01.00'], ['.50'], ['1.'], ['']])(
    '%j is not a decimal',
    async (amount) => {
      expectInvalid(await post('/receivables', { ...issue, amount }), 'body.amount');
    },
  );

  test('a number instead of a string is refused', async () => {
    expectInvalid(await post('/receivables', { ...issue, amount: 1250.5 }), 'body.amount');
  });

  test('a huge string is refused', async () => {
    expectInvalid(await post('/receivables', { ...issue, amount: '9'.repeat(41) }), 'body.amount');
  });

  test.each([['EURO'], ['eur'], ['XXX'], ['ABC']])('currency %s is refused', async (currency) => {
    expectInvalid(await post('/receivables', { ...issue, currency }), 'body.currency');
  });

  test('split parts use the receivable currency (JPY has no minor digits)', async () => {
    const response = await post(
      '/receivables/RJPY/split',
      { parts: [{ amount: '10.00' }, { amount: '5' }] },
      tokens.sup1,
    );
    expectInvalid(response, 'body.parts.0.amount');
  });

  test('a partial transfer amount uses the receivable currency', async () => {
    expectInvalid(
      await post('/receivables/R1/transfer', { toId: 'SUP2', amount: '10' }, tokens.sup1),
      'body.amount',
    );
  });

  test('an advance amount uses the currency of the financed receivable', async () => {
    expectInvalid(
      await post('/financing-requests/FR-1/approve', { advanceAmount: '10.000' }, tokens.bankA),
      'body.advanceAmount',
    );
  });

  test('a credit line limit must fit its currency', async () => {
    expectInvalid(
      await post('/credit-lines', { obligorId: 'CORE', currency: 'KWD', limit: '100.00' }, tokens.bankA),
      'body.limit',
    );
  });

  test('a split needs at least two parts', async () => {
    expectInvalid(
      await post('/receivables/R1/split', { parts: [{ amount: '1.00' }] }, tokens.sup1),
      'body.parts',
    );
  });
});

describe('identifiers and other values', () => {
  test.each([['a..b'], ['a/b'], ['-a'], ['a b'], ['x'.repeat(129)], ['é']])(
    'receivable id %j',
    async (id) => {
      const response = await request(gateway.app)
        .get(`/api/v1/receivables/${encodeURIComponent(id)}`)
        .set(bearer(tokens.core));
      expectInvalid(response, 'params.id');
    },
  );

  test('creditor id', async () => {
    expectInvalid(await post('/receivables', { ...issue, creditorId: 'SUP 1' }), 'body.creditorId');
  });

  test.each([['2030-02-30'], ['30-06-2030'], ['2030-6-30'], ['tomorrow']])('due date %s', async (dueDate) => {
    expectInvalid(await post('/receivables', { ...issue, dueDate }), 'body.dueDate');
  });

  test('invoice hashes must be distinct lowercase SHA-256 digests', async () => {
    const hash = 'a'.repeat(64);
    expectInvalid(
      await post('/receivables', { ...issue, invoiceHashes: [hash, hash] }),
      'body.invoiceHashes',
    );
    expectInvalid(
      await post('/receivables', { ...issue, invoiceHashes: ['A'.repeat(64)] }),
      'body.invoiceHashes.0',
    );
  });

  test('transaction ids are 64 hex digits', async () => {
    const response = await request(gateway.app).get('/api/v1/transactions/xyz').set(bearer(tokens.core));
    expectInvalid(response, 'params.txId');
  });

  test('participant kinds are an enumeration', async () => {
    expectInvalid(
      await post('/participants', { id: 'P1', name: 'P', kind: 'SUPPLIER' }, tokens.enterpriseAdmin),
      'body.kind',
    );
  });

  test('user names are <name>@<org> and passwords at least 12 characters', async () => {
    const response = await post(
      '/participants/SUP1/users',
      { username: 'Bob', password: 'short', role: 'operator' },
      tokens.enterpriseAdmin,
    );
    expectInvalid(response, 'body.username');
    expect(problem(response).errors).toEqual(arrayContaining([containing({ path: 'body.password' })]));
  });

  test('payment references are printable', async () => {
    expectInvalid(await post('/receivables/R1/settle', { paymentRef: 'a\nb' }), 'body.paymentRef');
  });
});

describe('queries and pagination', () => {
  const list = (query: string): request.Test =>
    request(gateway.app).get(`/api/v1/receivables${query}`).set(bearer(tokens.core));

  test('page size is capped at 100', async () => {
    expectInvalid(await list('?limit=101'), 'query.limit');
    expectInvalid(await list('?limit=0'), 'query.limit');
    expectInvalid(await list('?limit=ten'), 'query.limit');
  });

  test('unknown query parameters are refused', async () => {
    expectInvalid(await list('?owner=SUP1'), 'query');
  });

  test('a repeated parameter is refused', async () => {
    expectInvalid(await list('?status=ACTIVE&status=SPLIT'), 'query.status');
  });

  test('status is an enumeration', async () => {
    expectInvalid(await list('?status=PAID'), 'query.status');
  });
});

describe('request bodies', () => {
  test('a body over the size cap → 413', async () => {
    const response = await post('/receivables', { ...issue, id: 'R'.repeat(4000) });
    expect(response.status).toBe(413);
    expect(problem(response).code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('malformed JSON → 400', async () => {
    const response = await request(gateway.app)
      .post('/api/v1/receivables')
      .set(bearer(tokens.core))
      .set('Content-Type', 'application/json')
      .send('{"creditorId": ');
    expect(response.status).toBe(400);
    expect(problem(response).code).toBe('VALIDATION_FAILED');
  });

  test('a body that is not JSON → 400', async () => {
    const response = await request(gateway.app)
      .post('/api/v1/receivables/R1/accept')
      .set(bearer(tokens.sup1))
      .set('Content-Type', 'text/plain')
      .send('accept please');
    expectInvalid(response, 'body');
  });

  test('a JSON array instead of an object → 400', async () => {
    expectInvalid(await post('/receivables', [issue]), 'body');
  });
});

test('unknown paths answer a 404 problem', async () => {
  const response = await request(gateway.app).get('/api/v1/nothing').set(bearer(tokens.core));
  expect(response.status).toBe(404);
  expect(problem(response).code).toBe('NOT_FOUND');
});
