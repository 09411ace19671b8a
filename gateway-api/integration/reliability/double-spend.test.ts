import { randomBytes } from 'node:crypto';
import { type CliUser, enrollUser, query } from '../../../scripts/test/support/fabric';
import {
  type Actor,
  type Answer,
  type Json,
  adminToken,
  dueDateIn,
  eventually,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { recordFigures, scaled } from './support/figures';

/**
 * Reliability case 1, no double spend through REST: N concurrent moves of one receivable by its
 * holder (transfers to two receivers, splits, financing requests), 30 in the light mode, 100 with
 * SCF_RELIABILITY=full. Those endorsed on the same state as the winner are ordered, invalidated by
 * the peers (MVCC_READ_CONFLICT, or ENDORSEMENT_POLICY_FAILURE in the winner's block when it changed
 * the key's policy) and answered 409; one planned after the winner committed is refused by the
 * chaincode (409) and never ordered. Exactly one commits, and the money is conserved. Then
 * `GET /transactions/{txId}` tells the winner's and the losers' validation codes.
 */

jest.setTimeout(600_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const RACED = id('RACE');
const CONTENDERS = scaled(30, 100);
const AMOUNT = '1000.00';

type Move = 'transfer' | 'split' | 'financing';
const MOVES: readonly Move[] = ['transfer', 'split', 'financing'];

let core: Actor;
let holder: Actor;
let bank: Actor;
const receivers: Actor[] = [];
let auditor: string;
let ledgerReader: CliUser;
let answers: Answer[] = [];
let issueTxId = '';
let acceptTxId = '';

/** The transaction id of a write's answer (a financing request answers the request, with its txId). */
const txIdOf = (body: Json): string => String(body.txId);

function attempt(index: number): Promise<Answer> {
  const move = MOVES[index % MOVES.length];
  if (move === 'transfer') {
    return post(holder.token, `/receivables/${RACED}/transfer`, {
      toId: receivers[index % 2]!.participantId,
    });
  }
  if (move === 'split') {
    return post(holder.token, `/receivables/${RACED}/split`, {
      parts: [{ amount: '400.00' }, { amount: '600.00' }],
    });
  }
  return post(holder.token, `/receivables/${RACED}/financing-requests`, { bankId: bank.participantId });
}

beforeAll(async () => {
  core = await onboard('enterprise', id('CORE'));
  holder = await onboard('enterprise', id('HOLD'));
  receivers.push(await onboard('enterprise', id('RCVA')), await onboard('enterprise', id('RCVB')));
  bank = await onboard('banka', id('BANK'));
  auditor = await adminToken('auditor');
  ledgerReader = await enrollUser('auditor', `itrace${run.toLowerCase()}`, { role: 'viewer' });
  ok(
    await post(bank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'USD',
      limit: '500000.00',
    }),
    201,
  );
  issueTxId = String(
    ok(
      await post(core.token, '/receivables', {
        id: RACED,
        creditorId: holder.participantId,
        amount: AMOUNT,
        currency: 'USD',
        dueDate: dueDateIn(),
      }),
      201,
    ).txId,
  );
  acceptTxId = String(ok(await post(holder.token, `/receivables/${RACED}/accept`), 200).txId);
});

describe(`${CONTENDERS} concurrent transfers, splits and financing requests of one receivable`, () => {
  test('exactly one succeeds; every other answers 409 CONFLICT: invalidated at commit, or refused because the receivable moved on', async () => {
    answers = await Promise.all(Array.from({ length: CONTENDERS }, (_, index) => attempt(index)));
    const succeeded = answers.filter((answer) => answer.status >= 200 && answer.status < 300);
    const conflicts = answers.filter((answer) => answer.status === 409);
    const serverErrors = answers.filter((answer) => answer.status >= 500).length;
    const unexpected = answers.filter((answer) => answer.status !== 409 && !succeeded.includes(answer));
    const invalidated = conflicts.filter((answer) => answer.body.validationCode !== undefined);
    process.stderr.write(
      `[double-spend] ${invalidated.length} × 409 invalidated at commit, ${conflicts.length - invalidated.length} × 409 refused after the winner committed\n`,
    );
    expect({
      succeeded: succeeded.length,
      conflicts: conflicts.length,
      unexpected: unexpected.map((answer) => [answer.status, answer.body]),
    }).toEqual({ succeeded: 1, conflicts: CONTENDERS - 1, unexpected: [] });
    for (const loser of conflicts) {
      expect(loser.contentType).toMatch(/^application\/problem\+json/);
      expect(loser.body).toMatchObject({ status: 409, code: 'CONFLICT' });
      if (loser.body.validationCode !== undefined) {
        expect(loser.body).toMatchObject({
          validationCode: expect.stringMatching(
            /^(MVCC_READ_CONFLICT|ENDORSEMENT_POLICY_FAILURE)$/,
          ) as unknown,
          transactionId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        });
      }
    }
    const winnerTx = txIdOf(succeeded[0]!.body);
    const onLedger = await eventually(async () => {
      const body = ok(await get(auditor, `/receivables/${RACED}`), 200);
      expect(body.updatedTxId).toBe(winnerTx);
      return body;
    });
    recordFigures(1, {
      tried: CONTENDERS,
      committed: 1,
      lost: onLedger.updatedTxId === winnerTx ? 0 : 1,
      serverErrors,
      note: `${CONTENDERS} concurrent moves of one receivable through REST (transfers, splits, financing requests in turn): 1 committed, ${invalidated.length} invalidated at commit (409), ${conflicts.length - invalidated.length} refused after the winner committed (409), conservation of ${AMOUNT} checked on the ledger.`,
    });
  });

  test("the ledger changed once and the money is conserved: the winner's state, one history entry for it, the credit line used once", async () => {
    const winner = answers.find((answer) => answer.status >= 200 && answer.status < 300)!.body;
    const winnerTx = txIdOf(winner);
    const now = ok(await get(auditor, `/receivables/${RACED}`), 200);
    if (winner.parts !== undefined) {
      expect(now).toMatchObject({ status: 'SPLIT', holderId: holder.participantId, amount: AMOUNT });
      const parts = await Promise.all(
        winner.parts.map(async (part) => ok(await get(auditor, `/receivables/${String(part.id)}`), 200)),
      );
      const cents = parts.reduce((sum, part) => sum + BigInt(String(part.amount).replace('.', '')), 0n);
      expect(cents).toBe(100_000n);
      for (const part of parts)
        expect(part).toMatchObject({ status: 'ACTIVE', holderId: holder.participantId });
    } else if (winner.receivable !== undefined) {
      expect(now).toMatchObject({
        status: 'FINANCING_REQUESTED',
        holderId: holder.participantId,
        amount: AMOUNT,
        financing: { bankId: bank.participantId, status: 'REQUESTED' },
      });
    } else {
      expect(receivers.map((receiver) => receiver.participantId)).toContain(winner.holderId);
      expect(now).toMatchObject({ status: 'ACTIVE', holderId: winner.holderId, amount: AMOUNT });
      const loser = receivers.find((receiver) => receiver.participantId !== winner.holderId)!;
      expect(ok(await get(auditor, `/receivables?holderId=${loser.participantId}`), 200).items).toEqual([]);
    }
    const history = ok(await get(auditor, `/receivables/${RACED}/history`), 200) as unknown as Json[];
    expect(history.map((entry) => entry.txId)).toEqual([winnerTx, acceptTxId, issueTxId]);
    await eventually(async () => {
      expect(await query(ledgerReader, 'GetHistory', [RACED])).toHaveLength(3);
    });
    const lines = ok(await get(auditor, `/credit-lines?obligorId=${core.participantId}`), 200);
    expect(lines.items?.map((line) => line.used)).toEqual([AMOUNT]);
  });
});

describe('GET /transactions/{txId}', () => {
  test('the committed winner: VALID, its block, created by the holder org', async () => {
    const winner = answers.find((answer) => answer.status >= 200 && answer.status < 300)!.body;
    const info = await eventually(async () => ok(await get(auditor, `/transactions/${txIdOf(winner)}`), 200));
    expect(info).toEqual({
      txId: txIdOf(winner),
      validationCode: 'VALID',
      blockNumber: expect.stringMatching(/^[1-9][0-9]*$/) as unknown,
      creatorMspId: 'EnterpriseMSP',
      timestamp: expect.any(String) as unknown,
    });
    // Earlier transactions sit in earlier blocks.
    const issued = ok(await get(holder.token, `/transactions/${issueTxId}`), 200);
    expect(issued).toMatchObject({ validationCode: 'VALID', creatorMspId: 'EnterpriseMSP' });
    expect(BigInt(String(issued.blockNumber))).toBeLessThan(BigInt(String(info.blockNumber)));
  });

  test('a move invalidated at commit is recorded in a block with its validation code; one refused before ordering is in none (404)', async () => {
    const invalidated = answers.filter(
      (answer) => answer.status === 409 && answer.body.validationCode !== undefined,
    );
    const losers = invalidated.map((answer) => String(answer.body.transactionId));
    expect(new Set(losers).size).toBe(losers.length);
    const infos = await Promise.all(losers.map((txId) => get(holder.token, `/transactions/${txId}`)));
    expect(
      infos.map((answer) => [answer.status, answer.body.validationCode, answer.body.creatorMspId]),
    ).toEqual(invalidated.map((answer) => [200, answer.body.validationCode, 'EnterpriseMSP']));
    const winner = answers.find((answer) => answer.status >= 200 && answer.status < 300)!.body;
    const winnerBlock = ok(await get(holder.token, `/transactions/${txIdOf(winner)}`), 200).blockNumber;
    // Invalidated in the winner's block or a later one, never before it.
    for (const info of infos) {
      expect(BigInt(String(info.body.blockNumber))).toBeGreaterThanOrEqual(BigInt(String(winnerBlock)));
    }
    for (const late of answers.filter(
      (answer) =>
        answer.status === 409 &&
        answer.body.validationCode === undefined &&
        answer.body.transactionId !== undefined,
    )) {
      const lookup = await get(holder.token, `/transactions/${String(late.body.transactionId)}`);
      expect({ status: lookup.status, code: lookup.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
  });

  test('an unknown transaction id answers 404 NOT_FOUND', async () => {
    const unknown = await get(holder.token, `/transactions/${randomBytes(32).toString('hex')}`);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  test('a malformed transaction id answers 400 VALIDATION_FAILED', async () => {
    const malformed = await get(holder.token, '/transactions/not-a-tx-id');
    expect({ status: malformed.status, code: malformed.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});
