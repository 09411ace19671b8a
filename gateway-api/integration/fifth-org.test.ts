import { type CliUser, enrollUser, query } from '../../scripts/test/support/fabric';
import {
  type Actor,
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
 * Adding an org is configuration only: the test network runs network/topology-five-orgs.sh, the
 * default topology plus one row for a third bank (`bankc`, BankCMSP), and no code names it. Its
 * admin registers a bank participant, which grants a credit line and finances a receivable through
 * REST; the ledger, read on the fifth org's own peer, holds the result.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const ROOT = id('R5');

let bank: Actor;
let core: Actor;
let supplier: Actor;
let auditor: string;
let bankReader: CliUser;

beforeAll(async () => {
  [bank, core, supplier] = await Promise.all([
    onboard('bankc', id('BANKC')),
    onboard('enterprise', id('CORE5')),
    onboard('enterprise', id('SUP5')),
  ]);
  auditor = await adminToken('auditor');
  bankReader = await enrollUser('bankc', `itfifth${run.toLowerCase()}`, {
    role: 'viewer',
    participant: bank.participantId,
  });
});

test('the fifth org’s admin registers a BANK participant of BankCMSP, on the ledger of its own peer', async () => {
  expect(ok(await get(auditor, `/participants/${bank.participantId}`), 200)).toMatchObject({
    kind: 'BANK',
    mspId: 'BankCMSP',
    status: 'ACTIVE',
  });
  expect(await query(bankReader, 'GetParticipant', [bank.participantId], 'bankc')).toMatchObject({
    id: bank.participantId,
    mspId: 'BankCMSP',
  });
});

test('the fifth org’s bank grants a line, and finances a receivable issued on it', async () => {
  const line = ok(
    await post(bank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'EUR',
      limit: '5000.00',
    }),
    201,
  );
  expect(line).toMatchObject({ bankId: bank.participantId, obligorId: core.participantId, used: '0.00' });
  const issued = ok(
    await post(core.token, '/receivables', {
      id: ROOT,
      creditorId: supplier.participantId,
      amount: '1000.00',
      currency: 'EUR',
      dueDate: dueDateIn(),
      creditLineId: String(line.id),
    }),
    201,
  );
  expect(issued).toMatchObject({ status: 'PENDING_ACCEPTANCE', creditLineId: line.id });
  ok(await post(supplier.token, `/receivables/${ROOT}/accept`), 200);
  const requested = ok(
    await post(supplier.token, `/receivables/${ROOT}/financing-requests`, { bankId: bank.participantId }),
    201,
  );
  expect(requested).toMatchObject({ bankId: bank.participantId, status: 'REQUESTED' });
  const approved = ok(
    await post(bank.token, `/financing-requests/${String(requested.id)}/approve`, {
      advanceAmount: '980.00',
    }),
    200,
  );
  expect(approved).toMatchObject({
    status: 'APPROVED',
    advanceAmount: '980.00',
    receivable: { id: ROOT, status: 'FINANCED', holderId: bank.participantId },
  });

  // The ledger, read on the fifth org's peer (it may trail the commit by a block).
  const onLedger = await eventually(async () => {
    const found = await query(bankReader, 'GetReceivable', [ROOT], 'bankc');
    expect(found).toMatchObject({ status: 'FINANCED' });
    return found;
  });
  expect(onLedger).toMatchObject({
    holderId: bank.participantId,
    amount: '100000',
    financing: { bankId: bank.participantId, status: 'APPROVED', advanceAmount: '98000' },
  });
  expect(await query(bankReader, 'GetCreditLine', [String(line.id)], 'bankc')).toMatchObject({
    bankId: bank.participantId,
    used: '100000',
  });
});
