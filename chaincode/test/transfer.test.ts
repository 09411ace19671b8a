import { TransactionInvalidError, type Endorsement } from './support/ledger';
import {
  AUDITOR,
  BANK_A,
  BANK_B,
  CORE,
  json,
  MSP,
  partsOf,
  receivableOf,
  Scenario,
  SUP1,
  SUP2,
  SUP3,
} from './support/fixtures';

describe('TransferReceivable (whole)', () => {
  test('moves the receivable to the new holder, records the hop and re-endorses the key by its org', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'TransferReceivable', [active.id, BANK_B.id, '']);
    const moved = receivableOf(result);
    expect(json(result)).toEqual({ receivable: moved });
    expect(moved).toEqual({
      ...active,
      holderId: BANK_B.id,
      hops: [
        ...active.hops,
        {
          kind: 'TRANSFER',
          txId: result.txId,
          timestamp: result.timestamp,
          fromId: 'SUP1',
          toId: 'BANKB',
          amount: '1000',
        },
      ],
      updatedTxId: result.txId,
    });
    expect(result.event).toEqual({ name: 'ReceivableTransferred', payload: result.result });
    const { state, policies } = s.ledger.snapshot();
    expect(policies).toContainEqual([`/receivable/${active.id}/`, ['BankBMSP']]);
    expect(state).toContainEqual([`/rcv~holder/BANKB/ACTIVE/${active.id}/`, '\u0000']);
    expect(state.some(([key]) => key.startsWith('/rcv~holder/SUP1/'))).toBe(false);
  });

  test('treats the whole amount as a whole transfer', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '1000']);
    const { hops, ...rest } = receivableOf(result);
    expect(rest).toEqual({ ...active, holderId: SUP2.id, hops: undefined, updatedTxId: result.txId });
    expect(hops.map((hop) => hop.kind)).toEqual(['ISSUE', 'TRANSFER']);
    expect(json(result)).not.toHaveProperty('parts');
  });

  test('refuses a transfer the holder’s org did not endorse (no single org can forge)', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.submit(SUP1, 'TransferReceivable', [active.id, BANK_B.id, '']);
    const forged = s.ledger.submit(s.as(BANK_B), 'TransferReceivable', [active.id, SUP3.id, ''], {
      endorsingOrgs: [MSP.enterprise],
    });
    await expect(forged).rejects.toThrow(TransactionInvalidError);
    await expect(forged).rejects.toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
    expect((await s.receivable(active.id)).holderId).toBe(BANK_B.id);
    await s.ledger.submit(s.as(BANK_B), 'TransferReceivable', [active.id, SUP3.id, ''], {
      endorsingOrgs: [MSP.bankB, MSP.enterprise],
    });
    expect((await s.receivable(active.id)).holderId).toBe(SUP3.id);
  });

  test('lets only one of two concurrent spends of the same receivable commit (no double spend)', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const toSup2 = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, SUP2.id, '']);
    const toSup3 = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, SUP3.id, '400']);
    s.ledger.commit(toSup2);
    expect(() => s.ledger.commit(toSup3)).toThrow('MVCC_READ_CONFLICT');
    expect((await s.receivable(active.id)).holderId).toBe(SUP2.id);
    // Resubmitted, the loser is refused on its merits: it held the receivable, which has moved on.
    const error = await s.refused(
      () => s.submit(SUP1, 'TransferReceivable', [active.id, SUP3.id, '400']),
      'CONFLICT',
    );
    expect(error.message).toBe(
      `CONFLICT: receivable ${active.id} is no longer held by SUP1 (holder is now SUP2)`,
    );
  });

  test('rewrites the key-level policy only when the holder’s org changes', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const key = `\u0000receivable\u0000${active.id}\u0000`;
    const sameOrg = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, SUP2.id, '']);
    expect(sameOrg.stub.writeSet.values.has(key)).toBe(true);
    expect(sameOrg.stub.writeSet.policies.has(key)).toBe(false);
    s.ledger.commit(sameOrg);
    expect(s.ledger.snapshot().policies).toContainEqual([`/receivable/${active.id}/`, [MSP.enterprise]]);
    const otherOrg = await s.ledger.endorse(s.as(SUP2), 'TransferReceivable', [active.id, BANK_B.id, '']);
    expect(otherOrg.stub.writeSet.policies.has(key)).toBe(true);
    s.ledger.commit(otherOrg);
    expect(s.ledger.snapshot().policies).toContainEqual([`/receivable/${active.id}/`, [MSP.bankB]]);
  });

  test('ends a race of two same-org moves as MVCC_READ_CONFLICT: neither touches the validation parameter', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const key = `\u0000receivable\u0000${active.id}\u0000`;
    const toSup2 = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, SUP2.id, '']);
    const toSup3 = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, SUP3.id, '']);
    // Fabric reports ENDORSEMENT_POLICY_FAILURE for a loser in the winner's block only when the winner
    // changed the key's validation parameter: here no one does.
    expect([toSup2, toSup3].map(({ stub }) => stub.writeSet.policies.has(key))).toEqual([false, false]);
    s.ledger.commit(toSup2);
    expect(() => s.ledger.commit(toSup3)).toThrow(
      new TransactionInvalidError(toSup3.txId, 'MVCC_READ_CONFLICT'),
    );
    expect((await s.receivable(active.id)).holderId).toBe(SUP2.id);
  });
});

describe('TransferReceivable (partial)', () => {
  test('splits into the transferred part .1 and the remainder .2 kept by the holder', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '300']);
    const parent = receivableOf(result);
    const [transferred, kept] = partsOf(result);
    expect(parent).toEqual({
      ...active,
      status: 'SPLIT',
      childIds: [`${active.id}.1`, `${active.id}.2`],
      updatedTxId: result.txId,
    });
    const stamp = { txId: result.txId, timestamp: result.timestamp };
    expect(transferred).toEqual({
      ...active,
      id: `${active.id}.1`,
      parentId: active.id,
      holderId: SUP2.id,
      amount: '300',
      hops: [
        { kind: 'SPLIT', ...stamp, fromId: 'SUP1', toId: 'SUP1', amount: '300' },
        { kind: 'TRANSFER', ...stamp, fromId: 'SUP1', toId: 'SUP2', amount: '300' },
      ],
      createdTxId: result.txId,
      updatedTxId: result.txId,
    });
    expect(kept).toMatchObject({
      id: `${active.id}.2`,
      holderId: SUP1.id,
      amount: '700',
      status: 'ACTIVE',
      hops: [{ kind: 'SPLIT', amount: '700' }],
    });
    expect(result.event?.name).toBe('ReceivableTransferred');
    // No read-your-writes: the parent and both parts are committed as computed in the one transaction.
    expect(await s.receivable(active.id)).toEqual(parent);
    expect(await s.receivable(`${active.id}.1`)).toEqual(transferred);
    expect(await s.receivable(`${active.id}.2`)).toEqual(kept);
    const { policies } = s.ledger.snapshot();
    expect(policies).toContainEqual([`/receivable/${active.id}.1/`, ['EnterpriseMSP']]);
    expect(policies).toContainEqual([`/receivable/${active.id}.2/`, ['EnterpriseMSP']]);
  });

  test('endorses each part by its own holder’s org', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.submit(SUP1, 'TransferReceivable', [active.id, BANK_B.id, '1']);
    const { policies } = s.ledger.snapshot();
    expect(policies).toContainEqual([`/receivable/${active.id}.1/`, ['BankBMSP']]);
    expect(policies).toContainEqual([`/receivable/${active.id}.2/`, ['EnterpriseMSP']]);
  });

  test('refuses more than the amount, and bad amounts', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    for (const amount of ['1001', '0', '-1', '2.5', '1000000000000000000', 'x']) {
      await s.refused(
        () => s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, amount]),
        'VALIDATION_FAILED',
      );
    }
  });
});

describe('TransferReceivable refusals', () => {
  test('refuses anyone but the holder: FORBIDDEN to a party, NOT_FOUND to a stranger', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.refused(() => s.submit(CORE, 'TransferReceivable', [active.id, SUP2.id, '']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP3, 'TransferReceivable', [active.id, SUP2.id, '']), 'NOT_FOUND');
    await s.refused(
      () => s.submit(s.as(AUDITOR, 'operator'), 'TransferReceivable', [active.id, SUP2.id, '']),
      'FORBIDDEN',
    );
  });

  test('refuses a receivable that is not ACTIVE', async () => {
    const s = await new Scenario().standard();
    const pending = await s.issue('1000');
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [pending.id, SUP2.id, '']), 'CONFLICT');
    const active = await s.active('1000');
    await s.submit(SUP1, 'SplitReceivable', [active.id, '["500","500"]']);
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '']), 'CONFLICT');
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '100']), 'CONFLICT');
  });

  test('refuses the holder, an auditor or an unknown participant as recipient', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.refused(
      () => s.submit(SUP1, 'TransferReceivable', [active.id, SUP1.id, '']),
      'VALIDATION_FAILED',
    );
    await s.refused(
      () => s.submit(SUP1, 'TransferReceivable', [active.id, AUDITOR.id, '']),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [active.id, 'GHOST', '']), 'NOT_FOUND');
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', [active.id, 'a b', '']), 'VALIDATION_FAILED');
  });
});

describe('SplitReceivable', () => {
  test('splits into parts <id>.1 … <id>.N that add up exactly, kept by the holder', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const result = await s.submit(SUP1, 'SplitReceivable', [active.id, '["1","2","997"]']);
    const parent = receivableOf(result);
    const parts = partsOf(result);
    expect(parent).toMatchObject({ status: 'SPLIT', childIds: [1, 2, 3].map((n) => `${active.id}.${n}`) });
    expect(
      parts.map((part) => [part.id, part.amount, part.holderId, part.status, part.parentId, part.rootId]),
    ).toEqual([
      [`${active.id}.1`, '1', 'SUP1', 'ACTIVE', active.id, active.id],
      [`${active.id}.2`, '2', 'SUP1', 'ACTIVE', active.id, active.id],
      [`${active.id}.3`, '997', 'SUP1', 'ACTIVE', active.id, active.id],
    ]);
    expect(result.event).toEqual({ name: 'ReceivableSplit', payload: result.result });
    for (const part of parts) {
      expect(await s.receivable(part.id)).toEqual(part);
    }
    const { state } = s.ledger.snapshot();
    expect(state).toContainEqual([`/rcv~status/SPLIT/${active.id}/`, '\u0000']);
    expect(state.filter(([key]) => key.startsWith('/rcv~holder/SUP1/ACTIVE/'))).toHaveLength(3);
  });

  test('splits parts again, down to 100 parts at once', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.submit(SUP1, 'SplitReceivable', [active.id, '["100","900"]']);
    const result = await s.submit(SUP1, 'SplitReceivable', [
      `${active.id}.2`,
      JSON.stringify(Array.from({ length: 100 }, () => '9')),
    ]);
    expect(partsOf(result)).toHaveLength(100);
    expect(partsOf(result)[99]?.id).toBe(`${active.id}.2.100`);
  });

  test.each([
    ['parts that do not add up', '["500","499"]'],
    ['parts that add up to more', '["500","501"]'],
    ['a single part', '["1000"]'],
    ['101 parts', JSON.stringify([...Array.from({ length: 100 }, () => '9'), '100'])],
    ['a zero part', '["0","1000"]'],
    ['a fractional part', '["999.5","0.5"]'],
    ['a numeric part', '[500,"500"]'],
    ['a list that is not JSON', '500,500'],
    ['an object', '{"a":"1000"}'],
  ])('refuses %s', async (_, amounts) => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const error = await s.refused(
      () => s.submit(SUP1, 'SplitReceivable', [active.id, amounts]),
      'VALIDATION_FAILED',
    );
    if (amounts === '["500","499"]') {
      expect(error.message).toBe('VALIDATION_FAILED: the parts add up to 999, not to the amount 1000');
    }
  });

  test('refuses anyone but the holder and a receivable that is not ACTIVE', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.refused(() => s.submit(CORE, 'SplitReceivable', [active.id, '["500","500"]']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP2, 'SplitReceivable', [active.id, '["500","500"]']), 'NOT_FOUND');
    const pending = await s.issue('1000');
    await s.refused(() => s.submit(SUP1, 'SplitReceivable', [pending.id, '["500","500"]']), 'CONFLICT');
  });

  test('refuses a split whose part ids would be longer than 128 characters', async () => {
    const s = await new Scenario().standard();
    const id = `R${'x'.repeat(125)}`;
    await s.active('1000', SUP1, { id });
    await s.submit(SUP1, 'SplitReceivable', [id, '["10","990"]']);
    const error = await s.refused(
      () => s.submit(SUP1, 'SplitReceivable', [`${id}.1`, '["5","5"]']),
      'VALIDATION_FAILED',
    );
    expect(error.message).toMatch(/split too deep/);
  });
});

describe('a holder racing itself', () => {
  /** 20 transfers of `id` by SUP1 to SUP2 and SUP3 (whole, or of `partial`), endorsed on the same state. */
  async function twentyTransfers(s: Scenario, id: string, partial = ''): Promise<Endorsement[]> {
    const endorsements: Endorsement[] = [];
    for (let index = 0; index < 20; index += 1) {
      const to = index % 2 === 0 ? SUP2 : SUP3;
      endorsements.push(
        await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [id, to.id, index === 0 ? '' : partial], {
          endorsingOrgs: [MSP.enterprise],
        }),
      );
    }
    return endorsements;
  }

  test('20 concurrent whole transfers in one block: one commits, the others fail MVCC_READ_CONFLICT', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const outcomes = s.ledger.commitBlock(await twentyTransfers(s, active.id));
    expect(outcomes[0]).not.toBeInstanceOf(TransactionInvalidError);
    for (const outcome of outcomes.slice(1)) {
      expect(outcome).toMatchObject({ validationCode: 'MVCC_READ_CONFLICT' });
    }
    expect((await s.receivable(active.id)).holderId).toBe(SUP2.id);
  });

  test('partial transfers in one block create the same new parts: losers after the first one fail ENDORSEMENT_POLICY_FAILURE', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const [won, first, ...others] = s.ledger.commitBlock(await twentyTransfers(s, active.id, '10'));
    expect(won).not.toBeInstanceOf(TransactionInvalidError);
    // The first partial loser wrote the policies of the new keys <id>.1 and <id>.2 (and passed the
    // endorsement check): Fabric fails every later writer of those keys in the block at that check.
    expect(first).toMatchObject({ validationCode: 'MVCC_READ_CONFLICT' });
    for (const outcome of others) {
      expect(outcome).toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
    }
    expect((await s.receivable(active.id)).holderId).toBe(SUP2.id);
  });

  test('the winner’s block ends losers with ENDORSEMENT_POLICY_FAILURE when the holder’s org changes', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const toBank = await s.ledger.endorse(s.as(SUP1), 'TransferReceivable', [active.id, BANK_B.id, ''], {
      endorsingOrgs: [MSP.enterprise],
    });
    const [won, ...lost] = s.ledger.commitBlock([toBank, ...(await twentyTransfers(s, active.id))]);
    expect(won).not.toBeInstanceOf(TransactionInvalidError);
    for (const outcome of lost) {
      expect(outcome).toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
    }
  });

  test('a loser simulated after the winner committed gets CONFLICT, not FORBIDDEN (whole and partial, later blocks)', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    const [winner, ...losers] = await twentyTransfers(s, active.id, '10');
    s.ledger.commit(winner as Endorsement);
    for (const loser of losers.slice(0, 3)) {
      expect(() => s.ledger.commit(loser)).toThrow('MVCC_READ_CONFLICT');
    }
    for (const amount of ['', '10']) {
      const error = await s.refused(
        () => s.submit(SUP1, 'TransferReceivable', [active.id, SUP3.id, amount]),
        'CONFLICT',
      );
      expect(error.message).toBe(
        `CONFLICT: receivable ${active.id} is no longer held by SUP1 (holder is now SUP2)`,
      );
    }
    // The plan answers what the submit would.
    await s.refused(
      () =>
        s.evaluate(SUP1, 'GetEndorsementPlan', [
          'TransferReceivable',
          JSON.stringify([active.id, SUP3.id, '']),
        ]),
      'CONFLICT',
    );
  });

  test('every holder-only operation answers a past holder CONFLICT naming the holder now', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '']);
    const attempts: [string, string[]][] = [
      ['TransferReceivable', [active.id, SUP3.id, '']],
      ['SplitReceivable', [active.id, '["500","500"]']],
      ['RequestFinancing', [active.id, BANK_A.id, 'FR-1']],
      ['AcceptReceivable', [active.id]],
      ['RejectReceivable', [active.id, 'no']],
    ];
    for (const [fcn, args] of attempts) {
      const error = await s.refused(() => s.submit(SUP1, fcn, args), 'CONFLICT');
      expect(error.message).toBe(
        `CONFLICT: receivable ${active.id} is no longer held by SUP1 (holder is now SUP2)`,
      );
    }
    // Who never held it keeps its refusal: FORBIDDEN for a party that sees it, NOT_FOUND for a stranger.
    await s.refused(() => s.submit(CORE, 'TransferReceivable', [active.id, SUP3.id, '']), 'FORBIDDEN');
    await s.refused(() => s.submit(BANK_A, 'SplitReceivable', [active.id, '["1","999"]']), 'FORBIDDEN');
    await s.refused(() => s.submit(SUP3, 'TransferReceivable', [active.id, SUP1.id, '']), 'NOT_FOUND');
  });

  test('a holder whose receivable a bank financed gets CONFLICT; the holder of a part it transferred too', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000');
    await s.submit(SUP1, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1']);
    await s.submit(BANK_A, 'ApproveFinancing', ['FR-1', '900']);
    const financed = await s.refused(
      () => s.submit(SUP1, 'TransferReceivable', [active.id, SUP2.id, '']),
      'CONFLICT',
    );
    expect(financed.message).toBe(
      `CONFLICT: receivable ${active.id} is no longer held by SUP1 (holder is now BANKA)`,
    );
    const other = await s.active('1000', SUP1, { id: 'P' });
    await s.submit(SUP1, 'TransferReceivable', [other.id, SUP2.id, '300']);
    await s.refused(() => s.submit(SUP1, 'SplitReceivable', ['P.1', '["100","200"]']), 'CONFLICT');
    // The remainder it still holds; its parent it still holds too, but SPLIT: a state CONFLICT.
    await s.submit(SUP1, 'SplitReceivable', ['P.2', '["300","400"]']);
    await s.refused(() => s.submit(SUP1, 'TransferReceivable', ['P', SUP2.id, '']), 'CONFLICT');
  });
});
