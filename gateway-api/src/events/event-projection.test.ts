import { projectEvent, subjectsOf } from './event-projection';

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const TX = 'a'.repeat(64);

const receivable = {
  id: 'R1.1',
  rootId: 'R1',
  parentId: 'R1',
  obligorId: 'CORE',
  originalCreditorId: 'SUP1',
  holderId: 'BANKA',
  amount: '5000',
  currency: 'EUR',
  issueDate: '2030-01-01',
  dueDate: '2030-06-30',
  status: 'FINANCED',
  invoiceHashes: [],
  creditLineId: 'CL-1',
  childIds: [],
  hops: [
    {
      kind: 'ISSUE',
      txId: TX,
      timestamp: '2030-01-01T00:00:00.000Z',
      fromId: 'CORE',
      toId: 'SUP1',
      amount: '10000',
    },
    {
      kind: 'TRANSFER',
      txId: TX,
      timestamp: '2030-01-01T00:00:00.000Z',
      fromId: 'SUP1',
      toId: 'SUP2',
      amount: '5000',
    },
  ],
  financing: { requestId: 'FR-1', bankId: 'BANKA', status: 'APPROVED', advanceAmount: '4900' },
  createdTxId: TX,
  updatedTxId: TX,
};

test('a participant registration is asked of GetParticipant', () => {
  const projection = projectEvent(
    'ParticipantRegistered',
    bytes({ id: 'P', name: 'P', kind: 'BANK', mspId: 'BankAMSP', status: 'ACTIVE' }),
  );
  expect(subjectsOf('ParticipantRegistered', projection.data)).toEqual({
    anyOf: [{ fn: 'GetParticipant', id: 'P' }],
    parts: [],
  });
});

test('a credit line is asked of GetCreditLine', () => {
  const projection = projectEvent(
    'CreditLineGranted',
    bytes({ id: 'CL-1', bankId: 'BANKB', obligorId: 'CORE', currency: 'JPY', limit: '1000', used: '0' }),
  );
  expect(projection).toEqual({
    data: { id: 'CL-1', bankId: 'BANKB', obligorId: 'CORE', currency: 'JPY', limit: '1000', used: '0' },
    receivables: [],
  });
  expect(subjectsOf('CreditLineGranted', projection.data).anyOf).toEqual([
    { fn: 'GetCreditLine', id: 'CL-1' },
  ]);
});

test('a receivable event is asked of GetReceivable, each part too', () => {
  const projection = projectEvent('ReceivableTransferred', bytes({ receivable }));
  expect(subjectsOf('ReceivableTransferred', projection.data)).toEqual({
    anyOf: [{ fn: 'GetReceivable', id: 'R1.1' }],
    parts: [],
  });
  const split = projectEvent('ReceivableSplit', bytes({ receivable, parts: [receivable] })).data;
  expect(subjectsOf('ReceivableSplit', split).parts).toEqual(['R1.1']);
  expect(projection.data).toMatchObject({
    receivable: { amount: '50.00', financing: { advanceAmount: '49.00' } },
  });
  expect(projection.receivables.map(({ id, currency }) => [id, currency])).toEqual([['R1.1', 'EUR']]);
});

test('a financing event is asked of GetFinancingRequest, then GetReceivable', () => {
  const financingRequest = {
    id: 'FR-1',
    receivableId: 'R1.1',
    requesterId: 'SUP2',
    bankId: 'BANKA',
    amount: '5000',
    status: 'APPROVED',
    requestedTxId: TX,
  };
  const projection = projectEvent('FinancingApproved', bytes({ financingRequest, receivable }));
  expect(subjectsOf('FinancingApproved', projection.data).anyOf).toEqual([
    { fn: 'GetFinancingRequest', id: 'FR-1' },
    { fn: 'GetReceivable', id: 'R1.1' },
  ]);
  expect(projection.data).toMatchObject({ financingRequest: { amount: '50.00', currency: 'EUR' } });
});

test('an unreadable event is kept raw, and no chaincode read vouches for it', () => {
  expect(projectEvent('Mystery', bytes({ x: 1 }))).toEqual({
    data: { unreadable: true, payload: { x: 1 } },
    receivables: [],
  });
  expect(subjectsOf('Mystery', { unreadable: true })).toEqual({ anyOf: [], parts: [] });
  expect(projectEvent('ReceivableIssued', Buffer.from([0xff]))).toEqual({
    data: { unreadable: true, payload: '/w==' },
    receivables: [],
  });
});
