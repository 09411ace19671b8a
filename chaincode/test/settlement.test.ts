import {
  BANK_A,
  BANK_B,
  CORE,
  financingRequestOf,
  json,
  partsOf,
  receivableOf,
  Scenario,
  SUP1,
  SUP2,
  SUP3,
} from './support/fixtures';

describe('SettleReceivable', () => {
  test('settles an ACTIVE root and restores the credit line', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(CORE, 'SettleReceivable', [active.id, 'PAY-2025-001']);
    const settlement = { paymentRef: 'PAY-2025-001', txId: result.txId, timestamp: result.timestamp };
    expect(json(result)).toEqual({
      receivable: { ...active, status: 'SETTLED', settlement, updatedTxId: result.txId },
      parts: [],
    });
    expect(result.event).toEqual({ name: 'ReceivableSettled', payload: result.result });
    expect((await s.creditLine()).used).toBe('0');
  });

  test('settles every live part of a split tree at once, cancelling pending financing', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000');
    await s.submit(SUP1, 'SplitReceivable', [root.id, '["100","200","700"]']);
    await s.submit(SUP1, 'TransferReceivable', [`${root.id}.3`, SUP2.id, '300']);
    await s.submit(SUP2, 'RequestFinancing', [`${root.id}.3.1`, BANK_A.id, 'FR-A']);
    await s.submit(SUP1, 'RequestFinancing', [`${root.id}.2`, BANK_B.id, 'FR-B']);
    await s.submit(BANK_B, 'ApproveFinancing', ['FR-B', '190']);
    await s.submit(SUP1, 'TransferReceivable', [`${root.id}.1`, SUP3.id, '']);
    const result = await s.submit(CORE, 'SettleReceivable', [root.id, 'PAY-1']);
    const settledRoot = receivableOf(result);
    expect(settledRoot).toMatchObject({
      status: 'SPLIT',
      settlement: { paymentRef: 'PAY-1', txId: result.txId },
    });
    const parts = partsOf(result);
    expect(parts.map((part) => [part.id, part.status, part.holderId, part.amount])).toEqual([
      [`${root.id}.1`, 'SETTLED', 'SUP3', '100'],
      [`${root.id}.2`, 'SETTLED', 'BANKB', '200'],
      [`${root.id}.3.1`, 'SETTLED', 'SUP2', '300'],
      [`${root.id}.3.2`, 'SETTLED', 'SUP1', '400'],
    ]);
    expect(parts.find((part) => part.id === `${root.id}.3.1`)?.financing).toBeUndefined();
    expect(parts.find((part) => part.id === `${root.id}.2`)?.financing).toMatchObject({
      status: 'APPROVED',
      advanceAmount: '190',
    });
    expect(await s.receivable(`${root.id}.3`)).toMatchObject({ status: 'SPLIT' });
    expect(json(await s.evaluate(SUP2, 'GetFinancingRequest', ['FR-A']))).toMatchObject({
      status: 'CANCELLED',
      decidedTxId: result.txId,
    });
    expect((await s.creditLine()).used).toBe('0');
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [`${root.id}.3.2`, SUP2.id, '']), 'CONFLICT');
    await s.refused(() => s.submit(BANK_A, 'ApproveFinancing', ['FR-A', '1']), 'CONFLICT');
  });

  test('settles a FINANCED root held by the bank', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000');
    await s.submit(SUP1, 'RequestFinancing', [root.id, BANK_A.id, 'FR-1']);
    expect(financingRequestOf(await s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '980'])).status).toBe(
      'APPROVED',
    );
    const settled = receivableOf(await s.submit(CORE, 'SettleReceivable', [root.id, 'PAY-1']));
    expect(settled).toMatchObject({
      status: 'SETTLED',
      holderId: 'BANKA',
      financing: { status: 'APPROVED' },
    });
  });

  test('refuses a second settlement, of a SPLIT root too', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000');
    await s.submit(SUP1, 'SplitReceivable', [root.id, '["1","999"]']);
    await s.submit(CORE, 'SettleReceivable', [root.id, 'PAY-1']);
    const error = await s.refused(() => s.submit(CORE, 'SettleReceivable', [root.id, 'PAY-2']), 'CONFLICT');
    expect(error.message).toBe(`CONFLICT: receivable ${root.id} is already settled`);
  });

  test('refuses a root that was never accepted', async () => {
    const s = await new Scenario().standard();
    const pending = await s.issue('10');
    await s.refused(() => s.submit(CORE, 'SettleReceivable', [pending.id, 'PAY-1']), 'CONFLICT');
    await s.submit(SUP1, 'RejectReceivable', [pending.id, 'no']);
    await s.refused(() => s.submit(CORE, 'SettleReceivable', [pending.id, 'PAY-1']), 'CONFLICT');
  });

  test('refuses a part instead of its root', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000');
    await s.submit(SUP1, 'SplitReceivable', [root.id, '["1","999"]']);
    const error = await s.refused(
      () => s.submit(CORE, 'SettleReceivable', [`${root.id}.1`, 'PAY-1']),
      'VALIDATION_FAILED',
    );
    expect(error.message).toBe(
      `VALIDATION_FAILED: receivable ${root.id}.1 is a part: settle its root ${root.id}`,
    );
  });

  test('refuses anyone but the obligor, and a bad payment reference', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000');
    await s.refused(() => s.submit(SUP1, 'SettleReceivable', [root.id, 'PAY-1']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP2, 'SettleReceivable', [root.id, 'PAY-1']), 'NOT_FOUND');
    await s.refused(() => s.submit(CORE, 'SettleReceivable', [root.id, '']), 'VALIDATION_FAILED');
    await s.refused(
      () => s.submit(CORE, 'SettleReceivable', [root.id, 'P'.repeat(129)]),
      'VALIDATION_FAILED',
    );
    await s.submit(CORE, 'SettleReceivable', [root.id, 'P'.repeat(128)]);
  });
});
