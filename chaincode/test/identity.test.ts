import { PARTICIPANTS } from '../src/participant';
import { AUDITOR, BANK_A, CORE, LINE, MSP, Scenario, SUP1 } from './support/fixtures';

const grant = ['CL-X', CORE.id, 'CNY', '100'];

describe('the caller of a write', () => {
  test.each([
    ['has no role attribute', { participant: BANK_A.id }],
    ['has an unknown role', { participant: BANK_A.id, role: 'superuser' }],
    ['is a viewer', { participant: BANK_A.id, role: 'viewer' }],
    ['has no participant attribute', { role: 'operator' }],
    ['names an unknown participant', { role: 'operator', participant: 'GHOST' }],
    ['names a malformed participant id', { role: 'operator', participant: '../BANKA' }],
  ])('is refused when it %s', async (_, attributes) => {
    const s = await new Scenario().standard();
    await s.refused(
      () => s.submit(s.ledger.identity(MSP.bankA, attributes), 'GrantCreditLine', grant),
      'FORBIDDEN',
    );
  });

  test('is refused when its participant belongs to another org', async () => {
    const s = await new Scenario().standard();
    const error = await s.refused(
      () =>
        s.submit(
          s.ledger.identity(MSP.bankB, { role: 'operator', participant: BANK_A.id }),
          'GrantCreditLine',
          grant,
        ),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: scf.participant BANKA is not a participant of BankBMSP');
  });

  test('is refused when its org is not in the consortium', async () => {
    const s = await new Scenario().standard();
    await s.refused(
      () =>
        s.submit(
          s.ledger.identity('MalloryMSP', { role: 'operator', participant: BANK_A.id }),
          'GrantCreditLine',
          grant,
        ),
      'FORBIDDEN',
    );
  });

  test('is refused when it is an auditor, whatever its role', async () => {
    const s = await new Scenario().standard();
    for (const role of ['admin', 'operator']) {
      const error = await s.refused(
        () =>
          s.submit(s.as(AUDITOR, role), 'IssueReceivable', [
            JSON.stringify({ creditorId: SUP1.id, amount: '1', currency: 'CNY', dueDate: '2026-01-01' }),
          ]),
        'FORBIDDEN',
      );
      expect(error.message).toBe('FORBIDDEN: auditors cannot write');
    }
  });

  test('is refused when its participant is not active', async () => {
    const s = await new Scenario().standard();
    // No transaction suspends a participant yet; write the state such a transaction would.
    const key = `\u0000${PARTICIPANTS.objectType}\u0000${BANK_A.id}\u0000`;
    const suspended = JSON.stringify({
      id: BANK_A.id,
      kind: 'BANK',
      mspId: MSP.bankA,
      name: 'Bank A',
      status: 'SUSPENDED',
    });
    s.ledger.world.commit('f'.repeat(64), new Date(), {
      values: new Map([[key, Buffer.from(suspended)]]),
      policies: new Map(),
    });
    const error = await s.refused(() => s.submit(BANK_A, 'GrantCreditLine', grant), 'FORBIDDEN');
    expect(error.message).toBe('FORBIDDEN: participant BANKA is SUSPENDED');
  });

  test('acts as an admin as well as an operator', async () => {
    const s = await new Scenario().standard();
    await s.submit(s.as(BANK_A, 'admin'), 'GrantCreditLine', grant);
  });
});

describe('the caller of a read', () => {
  test('needs a role', async () => {
    const s = await new Scenario().standard();
    await s.refused(
      () =>
        s.evaluate(s.ledger.identity(MSP.enterprise, { participant: CORE.id }), 'ListParticipants', [
          '{"pageSize":100}',
        ]),
      'FORBIDDEN',
    );
  });

  test('may have no participant binding, and then sees no receivable or credit line', async () => {
    const s = await new Scenario().standard();
    const receivable = await s.issue('10');
    const unbound = s.ledger.identity(MSP.enterprise, { role: 'viewer' });
    await s.evaluate(unbound, 'ListParticipants', ['{"pageSize":100}']);
    await s.refused(() => s.evaluate(unbound, 'GetReceivable', [receivable.id]), 'NOT_FOUND');
    await s.refused(() => s.evaluate(unbound, 'GetCreditLine', [LINE.id]), 'NOT_FOUND');
  });

  test('is refused when its binding names a participant of another org', async () => {
    const s = await new Scenario().standard();
    await s.refused(
      () =>
        s.evaluate(
          s.ledger.identity(MSP.bankA, { role: 'viewer', participant: CORE.id }),
          'ListParticipants',
          ['{"pageSize":100}'],
        ),
      'FORBIDDEN',
    );
  });

  test('is an auditor without participant binding and sees everything', async () => {
    const s = await new Scenario().standard();
    const receivable = await s.issue('10');
    const auditor = s.ledger.identity(MSP.auditor, { role: 'viewer' });
    await s.evaluate(auditor, 'GetReceivable', [receivable.id]);
    await s.evaluate(auditor, 'GetCreditLine', [LINE.id]);
  });
});

describe('corrupt ledger state', () => {
  test('fails as an internal error, not as a refusal', async () => {
    const s = await new Scenario().standard();
    const key = `\u0000${PARTICIPANTS.objectType}\u0000${BANK_A.id}\u0000`;
    s.ledger.world.commit('e'.repeat(64), new Date(), {
      values: new Map([[key, Buffer.from('{"id":')]]),
      policies: new Map(),
    });
    const failure = s.evaluate(SUP1, 'GetParticipant', [BANK_A.id]);
    await expect(failure).rejects.toThrow(/^corrupt ledger value for participant BANKA: /);
    await expect(failure).rejects.not.toHaveProperty('code');
    s.ledger.world.commit('e'.repeat(64), new Date(), {
      values: new Map([[key, Buffer.from('{"id":"BANKA"}')]]),
      policies: new Map(),
    });
    await expect(s.evaluate(SUP1, 'GetParticipant', [BANK_A.id])).rejects.toThrow(
      'corrupt ledger value for participant BANKA: VALIDATION_FAILED: participant.name is required',
    );
  });
});
