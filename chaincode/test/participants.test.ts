import { AUDITOR, BANK_A, CAST, CORE, json, MSP, Scenario, SUP1 } from './support/fixtures';

describe('RegisterParticipant', () => {
  test('registers an active participant of the admin’s org, endorsed by that org', async () => {
    const s = new Scenario();
    const result = await s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', [
      'CORE',
      'Core Enterprise',
      'ENTERPRISE',
    ]);
    const participant = {
      id: 'CORE',
      name: 'Core Enterprise',
      kind: 'ENTERPRISE',
      mspId: 'EnterpriseMSP',
      status: 'ACTIVE',
    };
    expect(json(result)).toEqual(participant);
    expect(result.event).toEqual({ name: 'ParticipantRegistered', payload: result.result });
    expect(s.ledger.snapshot().policies).toEqual([
      ['/org/EnterpriseMSP/', ['EnterpriseMSP']],
      ['/participant/CORE/', ['EnterpriseMSP']],
    ]);
  });

  test('keeps each org’s registry of participant ids sorted', async () => {
    const s = new Scenario();
    for (const id of ['ZED', 'ALPHA', 'MID']) {
      await s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', [id, id, 'ENTERPRISE']);
    }
    const registry = s.ledger.snapshot().state.find(([key]) => key === '/org/EnterpriseMSP/');
    expect(registry?.[1]).toBe('{"mspId":"EnterpriseMSP","participants":["ALPHA","MID","ZED"]}');
  });

  test('lets an auditor org admin register its own auditor participants', async () => {
    const s = new Scenario();
    await s.register(AUDITOR);
    expect(json(await s.evaluate(s.auditor(), 'GetParticipant', [AUDITOR.id]))).toMatchObject({
      kind: 'AUDITOR',
      mspId: 'AuditorMSP',
    });
  });

  test('refuses a caller who is not an org admin', async () => {
    const s = new Scenario();
    await s.register(CORE);
    await s.refused(
      () => s.submit(s.as(CORE, 'operator'), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
    await s.refused(
      () => s.submit(s.ledger.identity(MSP.enterprise), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
  });

  test('refuses a kind that does not fit the admin’s org', async () => {
    const s = new Scenario();
    const error = await s.refused(
      () => s.submit(s.admin(MSP.bankA), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: an admin of BankAMSP registers BANK participants only');
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', ['X', 'X', 'AUDITOR']),
      'FORBIDDEN',
    );
  });

  test('refuses an org outside the consortium', async () => {
    const s = new Scenario();
    await s.refused(
      () => s.submit(s.admin('MalloryMSP'), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
  });

  test.each([
    ['a malformed id', ['a/b', 'Name', 'ENTERPRISE']],
    ['an empty name', ['X', '', 'ENTERPRISE']],
    ['a name with control characters', ['X', 'Bad\u0007Name', 'ENTERPRISE']],
    ['an unknown kind', ['X', 'Name', 'SUPPLIER']],
  ])('refuses %s', async (_, args) => {
    const s = new Scenario();
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', args),
      'VALIDATION_FAILED',
    );
  });

  test('refuses an id already registered, in any org', async () => {
    const s = new Scenario();
    await s.register(CORE);
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', ['CORE', 'Again', 'ENTERPRISE']),
      'CONFLICT',
    );
    await s.refused(
      () => s.submit(s.admin(MSP.bankA), 'RegisterParticipant', ['CORE', 'Bank', 'BANK']),
      'CONFLICT',
    );
  });
});

describe('GetParticipant and ListParticipants', () => {
  test('let any caller with a role read participants, listed by id', async () => {
    const s = new Scenario();
    await s.register(...CAST);
    const viewer = s.ledger.identity(MSP.bankB, { role: 'viewer' });
    expect(json(await s.evaluate(viewer, 'GetParticipant', [BANK_A.id]))).toEqual({
      id: 'BANKA',
      name: 'BANKA Ltd',
      kind: 'BANK',
      mspId: 'BankAMSP',
      status: 'ACTIVE',
    });
    const listed = json(await s.evaluate(SUP1, 'ListParticipants'));
    expect(Array.isArray(listed) && listed.map((entry: { id: string }) => entry.id)).toEqual([
      'AUD',
      'BANKA',
      'BANKB',
      'CORE',
      'CORE2',
      'SUP1',
      'SUP2',
      'SUP3',
    ]);
  });

  test('answers NOT_FOUND for an unknown participant', async () => {
    const s = new Scenario();
    await s.refused(() => s.evaluate(s.admin(MSP.enterprise), 'GetParticipant', ['NOBODY']), 'NOT_FOUND');
    await s.refused(
      () => s.evaluate(s.admin(MSP.enterprise), 'GetParticipant', ['no/body']),
      'VALIDATION_FAILED',
    );
  });
});
