import { type CliUser, enrollUser, query } from '../../scripts/test/support/fabric';
import {
  type Actor,
  type Answer,
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
 * Who may see and move a receivable, through REST on the real network: a participant that is no
 * party to a receivable cannot read it (404, as if it did not exist) nor move it (404: visibility is
 * checked before the caller's part); a party that is not the holder cannot move it (403); an
 * auditor reads everything and every write of an auditor is refused (403). Refusals change nothing.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const RCV = id('ACC');

let core: Actor;
let holder: Actor;
let outsider: Actor;
let otherBank: Actor;
let lineBank: Actor;
let auditorUser: Actor;
let auditorAdmin: string;
let ledgerReader: CliUser;
let acceptTxId = '';

function problem(answer: Answer): { status: number; code: unknown; type: string } {
  return { status: answer.status, code: answer.body.code, type: answer.contentType.split(';')[0] ?? '' };
}

const notFound = { status: 404, code: 'NOT_FOUND', type: 'application/problem+json' };
const forbidden = { status: 403, code: 'FORBIDDEN', type: 'application/problem+json' };

beforeAll(async () => {
  core = await onboard('enterprise', id('CORE'));
  holder = await onboard('enterprise', id('HOLD'));
  outsider = await onboard('enterprise', id('OUT'));
  lineBank = await onboard('banka', id('BANKA'));
  otherBank = await onboard('bankb', id('BANKB'));
  auditorUser = await onboard('auditor', id('AUD'), 'viewer');
  auditorAdmin = await adminToken('auditor');
  ledgerReader = await enrollUser('auditor', `itaccess${run.toLowerCase()}`, { role: 'viewer' });
  ok(
    await post(lineBank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'EUR',
      limit: '10000.00',
    }),
    201,
  );
  ok(
    await post(core.token, '/receivables', {
      id: RCV,
      creditorId: holder.participantId,
      amount: '5000.00',
      currency: 'EUR',
      dueDate: dueDateIn(),
    }),
    201,
  );
  acceptTxId = String(ok(await post(holder.token, `/receivables/${RCV}/accept`), 200).txId);
});

describe('reading a receivable', () => {
  test('its parties, the bank of its credit line and auditors read it (200)', async () => {
    for (const token of [holder.token, core.token, lineBank.token, auditorUser.token, auditorAdmin]) {
      const answer = await eventually(async () => ok(await get(token, `/receivables/${RCV}`), 200));
      expect(answer).toMatchObject({ id: RCV, holderId: holder.participantId });
    }
  });

  test('another participant of the same org gets 404 NOT_FOUND for it, its provenance and its history', async () => {
    for (const path of [
      `/receivables/${RCV}`,
      `/receivables/${RCV}/provenance`,
      `/receivables/${RCV}/history`,
    ]) {
      expect({ path, ...problem(await get(outsider.token, path)) }).toEqual({ path, ...notFound });
    }
  });

  test('a bank with no part in it gets 404 NOT_FOUND, and its lists leave it out', async () => {
    expect(problem(await eventually(async () => get(otherBank.token, `/receivables/${RCV}`)))).toEqual(
      notFound,
    );
    const listed = ok(await get(otherBank.token, `/receivables?obligorId=${core.participantId}`), 200);
    expect(listed.items).toEqual([]);
    const byOutsider = ok(await get(outsider.token, `/receivables?holderId=${holder.participantId}`), 200);
    expect(byOutsider.items).toEqual([]);
  });
});

describe('moving a receivable', () => {
  test('a participant that cannot see it gets 404 NOT_FOUND for a transfer, a split or a financing request', async () => {
    expect(
      problem(await post(outsider.token, `/receivables/${RCV}/transfer`, { toId: outsider.participantId })),
    ).toEqual(notFound);
    expect(
      problem(
        await post(outsider.token, `/receivables/${RCV}/split`, {
          parts: [{ amount: '1000.00' }, { amount: '4000.00' }],
        }),
      ),
    ).toEqual(notFound);
    expect(
      problem(
        await post(outsider.token, `/receivables/${RCV}/financing-requests`, {
          bankId: lineBank.participantId,
        }),
      ),
    ).toEqual(notFound);
  });

  test('a party that is not its holder (the obligor) gets 403 FORBIDDEN for a transfer', async () => {
    expect(
      problem(await post(core.token, `/receivables/${RCV}/transfer`, { toId: outsider.participantId })),
    ).toEqual(forbidden);
  });

  test('a bank that sees it but does not hold it gets 403 FORBIDDEN for a transfer', async () => {
    expect(
      problem(await post(lineBank.token, `/receivables/${RCV}/transfer`, { toId: outsider.participantId })),
    ).toEqual(forbidden);
  });
});

describe('auditors never write', () => {
  test("an auditor's transfer, issue, credit line or settlement is refused with 403 FORBIDDEN", async () => {
    for (const token of [auditorUser.token, auditorAdmin]) {
      expect(
        problem(await post(token, `/receivables/${RCV}/transfer`, { toId: outsider.participantId })),
      ).toEqual(forbidden);
      expect(
        problem(
          await post(token, '/receivables', {
            creditorId: holder.participantId,
            amount: '1.00',
            currency: 'EUR',
            dueDate: dueDateIn(),
          }),
        ),
      ).toEqual(forbidden);
      expect(
        problem(
          await post(token, '/credit-lines', {
            obligorId: core.participantId,
            currency: 'EUR',
            limit: '1.00',
          }),
        ),
      ).toEqual(forbidden);
      expect(problem(await post(token, `/receivables/${RCV}/settle`, { paymentRef: 'AUDITOR-PAY' }))).toEqual(
        forbidden,
      );
    }
  });
});

test('every refusal above changed nothing on the ledger', async () => {
  const now = ok(await get(auditorAdmin, `/receivables/${RCV}`), 200);
  expect(now).toMatchObject({
    holderId: holder.participantId,
    status: 'ACTIVE',
    amount: '5000.00',
    updatedTxId: acceptTxId,
  });
  expect(ok(await get(auditorAdmin, `/receivables/${RCV}/history`), 200)).toHaveLength(2);
  expect(await query(ledgerReader, 'GetHistory', [RCV])).toHaveLength(2);
  const lines = ok(await get(auditorAdmin, `/credit-lines?obligorId=${core.participantId}`), 200);
  expect(lines.items?.map((line) => [line.bankId, line.used])).toEqual([[lineBank.participantId, '5000.00']]);
});
