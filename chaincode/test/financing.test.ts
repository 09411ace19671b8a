import {
  AUDITOR,
  BANK_A,
  BANK_B,
  CORE,
  financingRequestOf,
  json,
  receivableOf,
  Scenario,
  SUP1,
  SUP2,
} from './support/fixtures';
import type { Receivable } from '../src/contract';

async function requested(s: Scenario, requestId = 'FR-1'): Promise<Receivable> {
  const active = await s.active('1000');
  await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_A.id, requestId]);
  return active;
}

describe('RequestFinancing', () => {
  test('records a request endorsed by the requester’s and the bank’s orgs; the receivable waits for the bank', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']);
    expect(financingRequestOf(result)).toEqual({
      id: 'FR-1',
      receivableId: active.id,
      requesterId: 'SUP1',
      bankId: 'BANKA',
      amount: '1000',
      status: 'REQUESTED',
      requestedTxId: result.txId,
    });
    expect(receivableOf(result)).toEqual({
      ...active,
      status: 'FINANCING_REQUESTED',
      financing: { requestId: 'FR-1', bankId: 'BANKA', status: 'REQUESTED' },
      updatedTxId: result.txId,
    });
    expect(result.event).toEqual({ name: 'FinancingRequested', payload: result.result });
    expect(s.ledger.snapshot().policies).toContainEqual(['/financing/FR-1/', ['BankAMSP', 'EnterpriseMSP']]);
  });

  test('names the request FR- and the first 16 characters of the tx id when no id is given', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_A.id, '']);
    expect(financingRequestOf(result).id).toBe(`FR-${result.txId.slice(0, 16)}`);
  });

  test('refuses a bank holder, anyone but the holder, and a receivable that is not ACTIVE', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.refused(() => s.submit(CORE, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP2, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']), 'NOT_FOUND');
    const pending = await s.issue('10');
    await s.refused(() => s.submit(SUP1, 'RequestFinancing', [pending.id, BANK_A.id, 'FR-1']), 'CONFLICT');
    await s.submit(SUP1, 'TransferReceivable', [active.id, BANK_B.id, '']);
    const error = await s.refused(
      () => s.submit(BANK_B, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: a BANK participant cannot request financing');
  });

  test('refuses a second request while one is pending', async () => {
    const s = await new Scenario().standard();
    const active = await requested(s);
    await s.refused(() => s.submit(SUP1, 'RequestFinancing', [active.id, BANK_B.id, 'FR-2']), 'CONFLICT');
  });

  test('refuses an unknown bank, a bank id that is not a bank and a request id already used', async () => {
    const s = await new Scenario().standard();
    await requested(s);
    const other = await s.active('50');
    await s.refused(() => s.submit(SUP1, 'RequestFinancing', [other.id, 'GHOST', 'FR-2']), 'NOT_FOUND');
    await s.refused(
      () => s.submit(SUP1, 'RequestFinancing', [other.id, SUP2.id, 'FR-2']),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.submit(SUP1, 'RequestFinancing', [other.id, BANK_A.id, 'FR-1']), 'CONFLICT');
    await s.refused(
      () => s.submit(SUP1, 'RequestFinancing', [other.id, BANK_A.id, 'FR 2']),
      'VALIDATION_FAILED',
    );
  });
});

describe('ApproveFinancing', () => {
  test('makes the bank the holder of a FINANCED receivable and re-endorses its key by the bank', async () => {
    const s = await new Scenario().standard();
    const active = await requested(s);
    const result = await s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '950']);
    expect(financingRequestOf(result)).toMatchObject({
      status: 'APPROVED',
      advanceAmount: '950',
      decidedTxId: result.txId,
    });
    const financed = receivableOf(result);
    expect(financed).toMatchObject({
      status: 'FINANCED',
      holderId: 'BANKA',
      financing: {
        requestId: 'FR-1',
        bankId: 'BANKA',
        status: 'APPROVED',
        advanceAmount: '950',
        approvedTxId: result.txId,
        approvedAt: result.timestamp,
      },
    });
    expect(financed.hops.at(-1)).toEqual({
      kind: 'FINANCE',
      txId: result.txId,
      timestamp: result.timestamp,
      fromId: 'SUP1',
      toId: 'BANKA',
      amount: '1000',
    });
    expect(result.event).toEqual({ name: 'FinancingApproved', payload: result.result });
    expect(s.ledger.snapshot().policies).toContainEqual([`/receivable/${active.id}/`, ['BankAMSP']]);
    expect(s.ledger.snapshot().state).toContainEqual([`/rcv~holder/BANKA/FINANCED/${active.id}/`, '\u0000']);
  });

  test('accepts an advance of the whole amount and refuses more', async () => {
    const s = await new Scenario().standard();
    await requested(s);
    await s.refused(() => s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '1001']), 'VALIDATION_FAILED');
    await s.refused(() => s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '0']), 'VALIDATION_FAILED');
    await s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '1000']);
  });

  test('refuses the requester, another bank and a decided request', async () => {
    const s = await new Scenario().standard();
    await requested(s);
    await s.refused(() => s.submit(SUP1, 'ApproveFinancing', ['FR-1', '900']), 'FORBIDDEN');
    await s.refused(() => s.submit(BANK_B, 'ApproveFinancing', ['FR-1', '900']), 'NOT_FOUND');
    await s.refused(() => s.submit(BANK_A, 'ApproveFinancing', ['FR-NONE', '900']), 'NOT_FOUND');
    await s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '900']);
    await s.refused(() => s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '900']), 'CONFLICT');
    await s.refused(() => s.submit(BANK_A, 'RejectFinancing', ['FR-1', 'changed my mind']), 'CONFLICT');
  });
});

describe('RejectFinancing', () => {
  test('records the reason and puts the receivable back to ACTIVE, free for another request', async () => {
    const s = await new Scenario().standard();
    const active = await requested(s);
    const result = await s.submit(BANK_A, 'RejectFinancing', ['FR-1', 'concentration limit']);
    expect(financingRequestOf(result)).toMatchObject({
      status: 'REJECTED',
      reason: 'concentration limit',
      decidedTxId: result.txId,
    });
    expect(receivableOf(result)).toEqual({ ...active, updatedTxId: result.txId });
    expect(result.event?.name).toBe('FinancingRejected');
    await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_B.id, 'FR-2']);
  });

  test('refuses the requester and a missing reason', async () => {
    const s = await new Scenario().standard();
    await requested(s);
    await s.refused(() => s.submit(SUP1, 'RejectFinancing', ['FR-1', 'no']), 'FORBIDDEN');
    await s.refused(() => s.submit(BANK_A, 'RejectFinancing', ['FR-1', '']), 'VALIDATION_FAILED');
  });
});

describe('GetFinancingRequest', () => {
  test('shows a request to its requester, its bank and auditors only', async () => {
    const s = await new Scenario().standard();
    await requested(s);
    for (const reader of [
      s.as(SUP1, 'viewer'),
      s.as(BANK_A, 'viewer'),
      s.auditor(),
      s.as(AUDITOR, 'admin'),
    ]) {
      expect(json(await s.evaluate(reader, 'GetFinancingRequest', ['FR-1']))).toMatchObject({ id: 'FR-1' });
    }
    await s.refused(() => s.evaluate(BANK_B, 'GetFinancingRequest', ['FR-1']), 'NOT_FOUND');
    await s.refused(() => s.evaluate(CORE, 'GetFinancingRequest', ['FR-1']), 'NOT_FOUND');
  });
});
