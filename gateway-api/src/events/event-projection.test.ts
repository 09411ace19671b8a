import { PUBLIC_AUDIENCE } from '../store/event-log';
import { projectEvent } from './event-projection';

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const noBank = (): undefined => undefined;
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
  hops: [
    { kind: 'ISSUE', txId: TX, timestamp: 't', fromId: 'CORE', toId: 'SUP1', amount: '10000' },
    { kind: 'TRANSFER', txId: TX, timestamp: 't', fromId: 'SUP1', toId: 'SUP2', amount: '5000' },
  ],
  financing: { requestId: 'FR-1', bankId: 'BANKA', status: 'APPROVED', advanceAmount: '4900' },
  createdTxId: TX,
  updatedTxId: TX,
};

test('a participant registration is public', () => {
  const projection = projectEvent(
    'ParticipantRegistered',
    bytes({ id: 'P', name: 'P', kind: 'BANK', mspId: 'BankAMSP', status: 'ACTIVE' }),
    noBank,
  );
  expect(projection.audience).toEqual([PUBLIC_AUDIENCE]);
});

test('a credit line is seen by its bank and obligor, and remembered', () => {
  const projection = projectEvent(
    'CreditLineGranted',
    bytes({ id: 'CL-1', bankId: 'BANKB', obligorId: 'CORE', currency: 'JPY', limit: '1000', used: '0' }),
    noBank,
  );
  expect(projection).toEqual({
    data: { id: 'CL-1', bankId: 'BANKB', obligorId: 'CORE', currency: 'JPY', limit: '1000', used: '0' },
    audience: ['BANKB', 'CORE'],
    creditLine: { id: 'CL-1', bankId: 'BANKB' },
  });
});

test('a receivable event names everyone on its path, its financing bank and its credit line bank', () => {
  const projection = projectEvent('ReceivableTransferred', bytes({ receivable }), () => 'BANKB');
  expect(new Set(projection.audience)).toEqual(new Set(['CORE', 'SUP1', 'SUP2', 'BANKA', 'BANKB']));
  expect(projection.data).toMatchObject({
    receivable: { amount: '50.00', financing: { advanceAmount: '49.00' } },
  });
});

test('a financing event names requester and bank', () => {
  const financingRequest = {
    id: 'FR-1',
    receivableId: 'R1.1',
    requesterId: 'SUP2',
    bankId: 'BANKA',
    amount: '5000',
    status: 'APPROVED',
    requestedTxId: TX,
  };
  const projection = projectEvent('FinancingApproved', bytes({ financingRequest, receivable }), noBank);
  expect(projection.audience).toEqual(expect.arrayContaining(['SUP2', 'BANKA']));
  expect(projection.data).toMatchObject({ financingRequest: { amount: '50.00', currency: 'EUR' } });
});

test('an unreadable event is kept raw, for auditors only', () => {
  expect(projectEvent('Mystery', bytes({ x: 1 }), noBank)).toEqual({
    data: { unreadable: true, payload: { x: 1 } },
    audience: [],
  });
  expect(projectEvent('ReceivableIssued', Buffer.from([0xff]), noBank)).toEqual({
    data: { unreadable: true, payload: '/w==' },
    audience: [],
  });
});
