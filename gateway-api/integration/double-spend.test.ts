import { randomBytes } from 'node:crypto';
import { type CliUser, enrollUser, query } from '../../scripts/test/support/fabric';
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
} from './support/rest';

/**
 * No double spend through REST: 20 concurrent transfers of one receivable by its holder. Those
 * endorsed on the same state as the winner are ordered, invalidated by the peers
 * (MVCC_READ_CONFLICT, or ENDORSEMENT_POLICY_FAILURE in the winner's block when it changed the key's
 * policy) and answered 409; one planned after the winner committed is refused by the chaincode
 * (409: the receivable is no longer held by the caller) and never ordered. Exactly one commits.
 * Then `GET /transactions/{txId}` tells the winner's and the losers' validation codes.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const RACED = id('RACE');
const CONTENDERS = 20;

let core: Actor;
let holder: Actor;
const receivers: Actor[] = [];
let auditor: string;
let ledgerReader: CliUser;
let answers: Answer[] = [];
let issueTxId = '';
let acceptTxId = '';

beforeAll(async () => {
  core = await onboard('enterprise', id('CORE'));
  holder = await onboard('enterprise', id('HOLD'));
  receivers.push(await onboard('enterprise', id('RCVA')), await onboard('enterprise', id('RCVB')));
  const bank = await onboard('banka', id('BANK'));
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
        amount: '1000.00',
        currency: 'USD',
        dueDate: dueDateIn(),
      }),
      201,
    ).txId,
  );
  acceptTxId = String(ok(await post(holder.token, `/receivables/${RACED}/accept`), 200).txId);
});

describe('20 concurrent transfers of one receivable', () => {
  test('exactly one answers 200; the other 19 answer 409 CONFLICT: invalidated at commit, or refused because the receivable moved on', async () => {
    answers = await Promise.all(
      Array.from({ length: CONTENDERS }, (_, index) =>
        post(holder.token, `/receivables/${RACED}/transfer`, {
          toId: receivers[index % 2]!.participantId,
        }),
      ),
    );
    const count = (status: number): number => answers.filter((answer) => answer.status === status).length;
    const unexpected = answers.filter((answer) => ![200, 409].includes(answer.status)).map((a) => a.body);
    expect({ ok: count(200), conflicts: count(409), unexpected }).toEqual({
      ok: 1,
      conflicts: CONTENDERS - 1,
      unexpected: [],
    });
    const invalidated = answers.filter(
      (answer) => answer.status === 409 && answer.body.validationCode !== undefined,
    );
    process.stderr.write(
      `[double-spend] ${invalidated.length} × 409 invalidated at commit, ${count(409) - invalidated.length} × 409 refused after the winner committed\n`,
    );
    for (const loser of answers.filter((answer) => answer.status === 409)) {
      expect(loser.contentType).toMatch(/^application\/problem\+json/);
      expect(loser.body).toMatchObject({ status: 409, code: 'CONFLICT' });
      if (loser.body.validationCode === undefined) {
        expect(loser.body.detail).toContain('no longer held by');
      } else {
        expect(loser.body).toMatchObject({
          validationCode: expect.stringMatching(
            /^(MVCC_READ_CONFLICT|ENDORSEMENT_POLICY_FAILURE)$/,
          ) as unknown,
          transactionId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        });
      }
    }
  });

  test('the ledger changed once: the winner holds it, its history has one transfer', async () => {
    const winner = answers.find((answer) => answer.status === 200)!.body;
    const receiverIds = receivers.map((receiver) => receiver.participantId);
    expect(receiverIds).toContain(winner.holderId);
    const now = await eventually(async () => {
      const body = ok(await get(auditor, `/receivables/${RACED}`), 200);
      expect(body.updatedTxId).toBe(winner.txId);
      return body;
    });
    expect(now).toMatchObject({ id: RACED, status: 'ACTIVE', holderId: winner.holderId, amount: '1000.00' });
    expect((now.hops as Json[]).map((hop) => [hop.kind, hop.toId, hop.txId])).toEqual([
      ['ISSUE', holder.participantId, issueTxId],
      ['TRANSFER', winner.holderId, winner.txId],
    ]);

    const history = ok(await get(auditor, `/receivables/${RACED}/history`), 200) as unknown as Json[];
    expect(history.map((entry) => [entry.txId, (entry.value as Json).holderId])).toEqual([
      [winner.txId, winner.holderId],
      [acceptTxId, holder.participantId],
      [issueTxId, holder.participantId],
    ]);
    // The same through the peer CLI, and the indexes: one holder only.
    await eventually(async () => {
      expect(await query(ledgerReader, 'GetHistory', [RACED])).toHaveLength(3);
    });
    const loser = receiverIds.find((receiverId) => receiverId !== winner.holderId)!;
    const held = ok(await get(auditor, `/receivables?holderId=${loser}`), 200);
    expect(held.items).toEqual([]);
    const won = ok(await get(auditor, `/receivables?holderId=${String(winner.holderId)}`), 200);
    expect(won.items?.map((item) => item.id)).toEqual([RACED]);
  });
});

describe('GET /transactions/{txId}', () => {
  test('a committed transfer: VALID, its block, created by the holder org', async () => {
    const winner = answers.find((answer) => answer.status === 200)!.body;
    const info = await eventually(async () =>
      ok(await get(auditor, `/transactions/${String(winner.txId)}`), 200),
    );
    expect(info).toEqual({
      txId: winner.txId,
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

  test('a transfer invalidated at commit is recorded in a block with its validation code; one refused before ordering is in none (404)', async () => {
    const invalidated = answers.filter(
      (answer) => answer.status === 409 && answer.body.validationCode !== undefined,
    );
    const losers = invalidated.map((answer) => String(answer.body.transactionId));
    expect(new Set(losers).size).toBe(losers.length);
    const infos = await Promise.all(losers.map((txId) => get(holder.token, `/transactions/${txId}`)));
    expect(
      infos.map((answer) => [answer.status, answer.body.validationCode, answer.body.creatorMspId]),
    ).toEqual(invalidated.map((answer) => [200, answer.body.validationCode, 'EnterpriseMSP']));
    const winner = answers.find((answer) => answer.status === 200)!.body;
    const winnerBlock = ok(await get(holder.token, `/transactions/${String(winner.txId)}`), 200).blockNumber;
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
