import { TransactionInvalidError } from './support/ledger';
import {
  BANK_A,
  BANK_B,
  CORE,
  DUE,
  json,
  LINE,
  MSP,
  OTHER_CORE,
  receivableOf,
  Scenario,
  SUP1,
  SUP2,
  AUDITOR,
} from './support/fixtures';

function request(fields: Record<string, unknown>): string[] {
  return [JSON.stringify({ creditorId: SUP1.id, amount: '1000', currency: 'CNY', dueDate: DUE, ...fields })];
}

describe('IssueReceivable', () => {
  test('issues a pending receivable to the creditor within the credit line', async () => {
    const s = await new Scenario().standard();
    const hashes = ['a'.repeat(64), 'b'.repeat(64)];
    const result = await s.submit(CORE, 'IssueReceivable', request({ id: 'INV-1', invoiceHashes: hashes }));
    const receivable = receivableOf(result);
    expect(receivable).toEqual({
      id: 'INV-1',
      rootId: 'INV-1',
      parentId: null,
      obligorId: 'CORE',
      originalCreditorId: 'SUP1',
      holderId: 'SUP1',
      amount: '1000',
      currency: 'CNY',
      issueDate: result.timestamp.slice(0, 10),
      dueDate: DUE,
      status: 'PENDING_ACCEPTANCE',
      invoiceHashes: hashes,
      creditLineId: LINE.id,
      childIds: [],
      hops: [
        {
          kind: 'ISSUE',
          txId: result.txId,
          timestamp: result.timestamp,
          fromId: 'CORE',
          toId: 'SUP1',
          amount: '1000',
        },
      ],
      createdTxId: result.txId,
      updatedTxId: result.txId,
    });
    expect(json(result)).toEqual({ receivable });
    expect(result.event).toEqual({ name: 'ReceivableIssued', payload: result.result });
    expect((await s.creditLine()).used).toBe('1000');
    const { state, policies } = s.ledger.snapshot();
    expect(policies).toContainEqual(['/receivable/INV-1/', ['EnterpriseMSP']]);
    for (const index of [
      '/rcv~holder/SUP1/PENDING_ACCEPTANCE/INV-1/',
      '/rcv~obligor/CORE/PENDING_ACCEPTANCE/INV-1/',
      '/rcv~status/PENDING_ACCEPTANCE/INV-1/',
    ]) {
      expect(state).toContainEqual([index, '\u0000']);
    }
  });

  test('names the receivable R- and the first 16 characters of the tx id when no id is given', async () => {
    const s = await new Scenario().standard();
    const result = await s.submit(CORE, 'IssueReceivable', request({}));
    expect(receivableOf(result).id).toBe(`R-${result.txId.slice(0, 16)}`);
  });

  test('endorses the receivable key by the creditor’s org, which may be a bank', async () => {
    const s = await new Scenario().standard();
    const receivable = receivableOf(
      await s.submit(CORE, 'IssueReceivable', request({ id: 'TO-BANK', creditorId: BANK_B.id })),
    );
    expect(receivable.holderId).toBe(BANK_B.id);
    expect(s.ledger.snapshot().policies).toContainEqual(['/receivable/TO-BANK/', ['BankBMSP']]);
  });

  test('draws on the first line (by id) of the obligor and currency that has room', async () => {
    const s = await new Scenario().standard();
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-0', CORE.id, 'CNY', '500']);
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-Z', CORE.id, 'CNY', '5000000']);
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-E', CORE.id, 'EUR', '5000000']);
    expect(
      receivableOf(await s.submit(CORE, 'IssueReceivable', request({ amount: '400' }))).creditLineId,
    ).toBe('CL-0');
    expect(
      receivableOf(await s.submit(CORE, 'IssueReceivable', request({ amount: '400' }))).creditLineId,
    ).toBe(LINE.id);
    expect((await s.creditLine('CL-0')).used).toBe('400');
    expect((await s.creditLine()).used).toBe('400');
  });

  test('draws on the given line', async () => {
    const s = await new Scenario().standard();
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-0', CORE.id, 'CNY', '5000']);
    expect(
      receivableOf(await s.submit(CORE, 'IssueReceivable', request({ creditLineId: LINE.id }))).creditLineId,
    ).toBe(LINE.id);
    expect((await s.creditLine('CL-0')).used).toBe('0');
  });

  test('issues up to exactly the limit and refuses one minor unit more', async () => {
    const s = await new Scenario().standard();
    await s.submit(CORE, 'IssueReceivable', request({ amount: '999999' }));
    await s.submit(CORE, 'IssueReceivable', request({ amount: '1' }));
    const error = await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ amount: '1' })),
      'LIMIT_EXCEEDED',
    );
    expect(error.message).toBe('LIMIT_EXCEEDED: no credit line of CORE in CNY has room for 1');
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ amount: '1', creditLineId: LINE.id })),
      'LIMIT_EXCEEDED',
    );
  });

  test('refuses an issuance with no line in that currency', async () => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(CORE, 'IssueReceivable', request({ currency: 'USD' })), 'LIMIT_EXCEEDED');
  });

  test('refuses a given line in another currency or of another obligor', async () => {
    const s = await new Scenario().standard();
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-E', CORE.id, 'EUR', '5000']);
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-O', OTHER_CORE.id, 'CNY', '5000']);
    const mismatch = await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ creditLineId: 'CL-E' })),
      'VALIDATION_FAILED',
    );
    expect(mismatch.message).toBe('VALIDATION_FAILED: credit line CL-E is in EUR, not CNY');
    await s.refused(() => s.submit(CORE, 'IssueReceivable', request({ creditLineId: 'CL-O' })), 'NOT_FOUND');
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ creditLineId: 'CL-NONE' })),
      'NOT_FOUND',
    );
  });

  test.each([
    ['a zero amount', { amount: '0' }],
    ['a negative amount', { amount: '-100' }],
    ['a fractional amount', { amount: '10.50' }],
    ['a 19-digit amount', { amount: '1000000000000000000' }],
    ['a non-digit amount', { amount: '1O0' }],
    ['a numeric amount', { amount: 1000 }],
    ['a bad currency', { currency: 'cny' }],
    ['an impossible due date', { dueDate: '2025-02-30' }],
    ['a due date before the issue date', { dueDate: '2024-12-31' }],
    ['a bad id', { id: 'a..b' }],
    ['an id ending in .<digits>', { id: 'INV.2' }],
    ['a bad creditor id', { creditorId: 42 }],
    ['duplicate invoice hashes', { invoiceHashes: ['c'.repeat(64), 'c'.repeat(64)] }],
    [
      'more than 50 invoice hashes',
      { invoiceHashes: Array.from({ length: 51 }, (_, i) => i.toString(16).padStart(64, '0')) },
    ],
    ['an unknown field', { memo: 'hi' }],
    ['a null credit line', { creditLineId: null }],
  ])('refuses %s', async (_, fields) => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(CORE, 'IssueReceivable', request(fields)), 'VALIDATION_FAILED');
  });

  test.each([
    ['text that is not JSON', 'not json'],
    ['a JSON array', '[]'],
    ['a request without amount', JSON.stringify({ creditorId: 'SUP1', currency: 'CNY', dueDate: DUE })],
  ])('refuses %s as the request', async (_, body) => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(CORE, 'IssueReceivable', [body]), 'VALIDATION_FAILED');
  });

  test('refuses the obligor as creditor, an auditor creditor and an unknown creditor', async () => {
    const s = await new Scenario().standard();
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ creditorId: CORE.id })),
      'VALIDATION_FAILED',
    );
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ creditorId: AUDITOR.id })),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.submit(CORE, 'IssueReceivable', request({ creditorId: 'GHOST' })), 'NOT_FOUND');
  });

  test('refuses a bank issuing', async () => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(BANK_A, 'IssueReceivable', request({})), 'FORBIDDEN');
  });

  test('refuses an id already used', async () => {
    const s = await new Scenario().standard();
    await s.submit(CORE, 'IssueReceivable', request({ id: 'INV-1' }));
    await s.refused(() => s.submit(CORE, 'IssueReceivable', request({ id: 'INV-1' })), 'CONFLICT');
  });

  test('lets only one of two concurrent issuances on a line commit; the client resubmits the other', async () => {
    const s = await new Scenario().standard();
    const first = await s.ledger.endorse(
      s.as(CORE),
      'IssueReceivable',
      request({ id: 'A', amount: '600000' }),
    );
    const second = await s.ledger.endorse(
      s.as(CORE),
      'IssueReceivable',
      request({ id: 'B', amount: '600000' }),
    );
    s.ledger.commit(first);
    expect(() => s.ledger.commit(second)).toThrow(TransactionInvalidError);
    expect(s.ledger.transaction(second.txId)?.validationCode).toBe('MVCC_READ_CONFLICT');
    expect((await s.creditLine()).used).toBe('600000');
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ id: 'B', amount: '600000' })),
      'LIMIT_EXCEEDED',
    );
    const third = await s.ledger.endorse(
      s.as(CORE),
      'IssueReceivable',
      request({ id: 'C', amount: '400000' }),
    );
    const fourth = await s.ledger.endorse(s.as(CORE), 'IssueReceivable', request({ id: 'D', amount: '1' }));
    s.ledger.commit(third);
    expect(() => s.ledger.commit(fourth)).toThrow('MVCC_READ_CONFLICT');
    await s.refused(
      () => s.submit(CORE, 'IssueReceivable', request({ id: 'D', amount: '1' })),
      'LIMIT_EXCEEDED',
    );
    expect((await s.creditLine()).used).toBe('1000000');
  });
});

describe('AcceptReceivable', () => {
  test('makes a pending receivable ACTIVE at the creditor’s request', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    const result = await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    expect(receivableOf(result)).toEqual({ ...issued, status: 'ACTIVE', updatedTxId: result.txId });
    expect(result.event).toEqual({ name: 'ReceivableAccepted', payload: result.result });
    const { state } = s.ledger.snapshot();
    expect(state).toContainEqual([`/rcv~status/ACTIVE/${issued.id}/`, '\u0000']);
    expect(state.some(([key]) => key.includes('PENDING_ACCEPTANCE'))).toBe(false);
  });

  test('refuses the obligor, a stranger and a second acceptance', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    await s.refused(() => s.submit(CORE, 'AcceptReceivable', [issued.id]), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP2, 'AcceptReceivable', [issued.id]), 'NOT_FOUND');
    await s.refused(() => s.submit(SUP1, 'AcceptReceivable', ['NOPE']), 'NOT_FOUND');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.refused(() => s.submit(SUP1, 'AcceptReceivable', [issued.id]), 'CONFLICT');
  });
});

describe('RejectReceivable', () => {
  test('records the creditor’s reason and gives the amount back to the line', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    const result = await s.submit(SUP1, 'RejectReceivable', [issued.id, 'wrong invoice']);
    expect(receivableOf(result)).toMatchObject({
      status: 'REJECTED',
      rejection: { reason: 'wrong invoice', txId: result.txId, timestamp: result.timestamp },
    });
    expect(result.event?.name).toBe('ReceivableRejected');
    expect((await s.creditLine()).used).toBe('0');
  });

  test('refuses the obligor, an empty reason and a receivable already accepted', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    await s.refused(() => s.submit(CORE, 'RejectReceivable', [issued.id, 'no']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP1, 'RejectReceivable', [issued.id, ' ']), 'VALIDATION_FAILED');
    await s.refused(
      () => s.submit(SUP1, 'RejectReceivable', [issued.id, 'x'.repeat(513)]),
      'VALIDATION_FAILED',
    );
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.refused(() => s.submit(SUP1, 'RejectReceivable', [issued.id, 'too late']), 'CONFLICT');
  });
});

describe('CancelReceivable', () => {
  test('lets the obligor withdraw a pending receivable and restores the line', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    const result = await s.submit(CORE, 'CancelReceivable', [issued.id]);
    expect(receivableOf(result).status).toBe('CANCELLED');
    expect(result.event?.name).toBe('ReceivableCancelled');
    expect((await s.creditLine()).used).toBe('0');
    await s.refused(() => s.submit(CORE, 'CancelReceivable', [issued.id]), 'CONFLICT');
  });

  test('refuses the creditor and a receivable already accepted', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('1000');
    await s.refused(() => s.submit(SUP1, 'CancelReceivable', [issued.id]), 'FORBIDDEN');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.refused(() => s.submit(CORE, 'CancelReceivable', [issued.id]), 'CONFLICT');
    await s.refused(
      () =>
        s.submit(
          s.ledger.identity(MSP.enterprise, { role: 'viewer', participant: CORE.id }),
          'CancelReceivable',
          [issued.id],
        ),
      'FORBIDDEN',
    );
  });
});

test('accepting never takes the financing-rejected edge FINANCING_REQUESTED → ACTIVE', async () => {
  const s = await new Scenario().standard();
  const active = await s.active('1000');
  await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']);
  const error = await s.refused(() => s.submit(SUP1, 'AcceptReceivable', [active.id]), 'CONFLICT');
  expect(error.message).toBe(
    `CONFLICT: receivable ${active.id} is FINANCING_REQUESTED: ACCEPT is not allowed`,
  );
});
