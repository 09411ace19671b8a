/**
 * SuspendParticipant and ReinstateParticipant: a participant's org admin suspends and reinstates
 * it; a suspended participant is refused as the caller of a write and as a counterparty.
 */
import { readParticipant } from '../src/contract';
import { TransactionInvalidError } from './support/ledger';
import { BANK_A, BANK_B, CORE, json, MSP, Scenario, SUP1, SUP2 } from './support/fixtures';

async function suspended(...ids: readonly string[]): Promise<Scenario> {
  const s = await new Scenario().standard();
  for (const id of ids) {
    const mspId = [CORE, SUP1, SUP2].some((party) => party.id === id) ? MSP.enterprise : MSP.bankB;
    await s.submit(s.admin(mspId), 'SuspendParticipant', [id]);
  }
  return s;
}

describe('SuspendParticipant and ReinstateParticipant', () => {
  test('the org admin suspends its participant (event, endorsed by its org only), then reinstates it', async () => {
    const s = await new Scenario().standard();
    const forged = s.ledger.submit(s.admin(MSP.enterprise), 'SuspendParticipant', [SUP2.id], {
      endorsingOrgs: [MSP.bankA],
    });
    await expect(forged).rejects.toBeInstanceOf(TransactionInvalidError);
    const result = await s.submit(s.admin(MSP.enterprise), 'SuspendParticipant', [SUP2.id], {
      endorsingOrgs: [MSP.enterprise],
    });
    expect(readParticipant(json(result), 'result')).toMatchObject({ id: SUP2.id, status: 'SUSPENDED' });
    expect(result.event).toEqual({ name: 'ParticipantSuspended', payload: result.result });
    const back = await s.submit(s.admin(MSP.enterprise), 'ReinstateParticipant', [SUP2.id]);
    expect(readParticipant(json(back), 'result')).toMatchObject({ status: 'ACTIVE' });
    expect(back.event?.name).toBe('ParticipantReinstated');
  });

  test('is refused to an admin of another org, to a non-admin, and along no edge of the machine', async () => {
    const s = await new Scenario().standard();
    const other = await s.refused(
      () => s.submit(s.admin(MSP.bankA), 'SuspendParticipant', [SUP2.id]),
      'FORBIDDEN',
    );
    expect(other.message).toBe(`FORBIDDEN: participant ${SUP2.id} is not of BankAMSP`);
    await s.refused(() => s.submit(s.as(SUP1), 'SuspendParticipant', [SUP2.id]), 'FORBIDDEN');
    await s.refused(() => s.submit(s.admin(MSP.enterprise), 'SuspendParticipant', ['NOBODY']), 'NOT_FOUND');
    await s.refused(() => s.submit(s.admin(MSP.enterprise), 'ReinstateParticipant', [SUP2.id]), 'CONFLICT');
    await s.submit(s.admin(MSP.enterprise), 'SuspendParticipant', [SUP2.id]);
    const again = await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'SuspendParticipant', [SUP2.id]),
      'CONFLICT',
    );
    expect(again.message).toBe(`CONFLICT: participant ${SUP2.id} is SUSPENDED: SUSPEND is not allowed`);
  });

  test('a suspended participant cannot write; reinstated, it can again', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('100');
    await s.submit(s.admin(MSP.enterprise), 'SuspendParticipant', [SUP1.id]);
    const refused = await s.refused(() => s.submit(SUP1, 'AcceptReceivable', [issued.id]), 'FORBIDDEN');
    expect(refused.message).toBe(`FORBIDDEN: participant ${SUP1.id} is SUSPENDED`);
    await s.submit(s.admin(MSP.enterprise), 'ReinstateParticipant', [SUP1.id]);
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
  });

  test('a suspended participant is refused as the counterparty of an issue, a transfer, a line and a financing', async () => {
    const s = await suspended(SUP2.id, BANK_B.id);
    const issued = await s.issue('100');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.refused(() => s.issue('10', SUP2), 'VALIDATION_FAILED');
    await s.refused(
      () => s.submit(SUP1, 'TransferReceivable', [issued.id, SUP2.id, '']),
      'VALIDATION_FAILED',
    );
    await s.refused(
      () => s.submit(SUP1, 'RequestFinancing', [issued.id, BANK_B.id, '']),
      'VALIDATION_FAILED',
    );
    await s.refused(
      () => s.submit(BANK_A, 'GrantCreditLine', ['', SUP2.id, 'CNY', '10']),
      'VALIDATION_FAILED',
    );
  });
});
