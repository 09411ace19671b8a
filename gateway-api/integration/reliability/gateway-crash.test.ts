import { join } from 'node:path';
import Database from 'better-sqlite3';
import { networkOk, stateDir } from '../../../scripts/test/support/network';
import { createIdempotencyStore } from '../../src/store/idempotency-store';
import { createTransactionJournal, type JournalEntry } from '../../src/store/transaction-journal';
import { type Actor, adminToken, gatewayUrl, get, ok, onboard, runSuffix } from '../support/rest';
import { recordFigures, scaled } from './support/figures';
import {
  type KeyedWrite,
  type Reply,
  issuedAndAccepted,
  killPid,
  nodePid,
  postOnce,
  writeUntilKnown,
} from './support/faults';

/**
 * Reliability case 6, the gateway killed between submit and commit: N transfers with an
 * Idempotency-Key each are sent at once, and once at least half of them are being submitted (the
 * gateway's own in-flight gauge: endorsing, ordering or awaiting their commit) the gateway is killed
 * (-9) and brought back with `start`. Its SQLite journal recorded each transaction id before
 * endorsement. Afterwards each request is asked again with its key: the answer is the one outcome of
 * the transaction the key was bound to (committed → 409 COMMITTED, or unknown → that same transaction
 * sent again under its id, then 200), never a second transaction; a key whose request died before it
 * prepared one runs once. Then no transaction the killed gateway prepared is left unresolved in its
 * journal, and each receivable moved exactly once.
 */

jest.setTimeout(900_000);

const run = runSuffix();
const COUNT = scaled(12, 40);
const AMOUNT = '75.00';

let holder: Actor;
let receiver: Actor;
let auditor = '';
const ids: string[] = [];

beforeAll(async () => {
  const obligor = await onboard('enterprise', `GCC${run}`);
  holder = await onboard('enterprise', `GCH${run}`);
  receiver = await onboard('enterprise', `GCR${run}`);
  const bank = await onboard('banka', `GCK${run}`);
  auditor = await adminToken('auditor');
  ids.push(...Array.from({ length: COUNT }, (_, index) => `GC${run}-${index}`));
  await issuedAndAccepted({ bank, obligor, holder, ids, amount: AMOUNT });
});

/** The gateway's count of submits in flight: being endorsed, ordered or awaited (its Prometheus gauge). */
async function submitsInFlight(): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  return Number(/^scf_fabric_inflight_submits (\d+)/m.exec(text)?.[1] ?? '0');
}

/** The gateway's database, read-only, through its own stores (what the restarted gateway knows). */
function gatewayRecords<T>(
  read: (stores: {
    bound: (key: string) => string | undefined;
    entry: (transactionId: string) => JournalEntry | undefined;
  }) => T,
): T {
  const db = new Database(join(stateDir(), 'gateway', 'gateway.db'), { readonly: true });
  try {
    const journal = createTransactionJournal(db);
    const keys = createIdempotencyStore(db, {
      retentionSeconds: 86_400,
      transactions: {
        known: () => 'PENDING',
        resolve: () => Promise.resolve('PENDING'),
        resumeState: () => undefined,
      },
    });
    return read({
      bound: (key) => keys.boundTransaction({ username: holder.username, key }),
      entry: (transactionId) => journal.find(transactionId),
    });
  } finally {
    db.close();
  }
}

test('a gateway killed (-9) with transfers between submit and commit resolves every transaction it had accepted after restart; each key gives one outcome', async () => {
  const send =
    (id: string) =>
    (key: string): Promise<Reply> =>
      postOnce(holder.token, `/receivables/${id}/transfer`, { toId: receiver.participantId }, key);
  // Looked up before the writes go out: the kill must land within milliseconds of the gauge's reading.
  const gateway = await nodePid('gateway');
  const writes: KeyedWrite[] = ids.map((_, index) => ({ key: `gc-${run}-${index}`, replies: [] }));
  let answered = 0;
  const inFlight = writes.map((write, index) =>
    send(ids[index]!)(write.key).then((reply) => {
      write.replies.push(reply);
      answered += 1;
    }),
  );
  // Killed once at least half of them are being submitted (the gateway's own gauge).
  let seenInFlight = 0;
  while (seenInFlight < Math.ceil(COUNT / 2) && answered === 0) seenInFlight = await submitsInFlight();
  expect({ seenInFlight: seenInFlight >= Math.ceil(COUNT / 2), answered }).toEqual({
    seenInFlight: true,
    answered: 0,
  });
  try {
    await killPid(gateway);
  } finally {
    await Promise.all(inFlight);
    await networkOk(['start']);
  }
  const cut = writes.filter((write) => write.replies[0]?.status === 0).length;
  // The case is about requests the kill cut off between submit and commit: some must have been.
  expect(cut).toBeGreaterThan(0);

  // What the killed gateway had recorded: the transaction each key was bound to, and its journal state
  // once the restarted gateway's start-up recovery ran (it settles what the peers know).
  const boundBefore = gatewayRecords(({ bound }) => writes.map((write) => bound(write.key)));
  const accepted = boundBefore.filter((txId): txId is string => txId !== undefined);
  const journalOf = (): (JournalEntry | undefined)[] =>
    gatewayRecords(({ entry }) => boundBefore.map((txId) => (txId === undefined ? undefined : entry(txId))));
  // The recovery runs in the background of the start: wait until it has settled or given up on each.
  let recovered = journalOf();
  const recoveryDeadline = Date.now() + 120_000;
  while (recovered.some((entry) => entry?.state === 'PENDING') && Date.now() < recoveryDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    recovered = journalOf();
  }
  const recoveredStates = recovered.map((entry) => entry?.state);

  const retriedBy = Date.now() + 300_000;
  await Promise.all(writes.map((write, index) => writeUntilKnown(write, send(ids[index]!), retriedBy)));
  expect(writes.filter((write) => write.committedTxId === undefined).map((write) => write.replies)).toEqual(
    [],
  );
  // One outcome per key: a key bound to a transaction answers with that transaction (committed, or sent
  // again under its id), unless the journal settled it as never ordered or invalid, when it runs anew.
  writes.forEach((write, index) => {
    const before = recovered[index];
    if (before !== undefined && before.state !== 'NOT_SUBMITTED' && before.state !== 'INVALID') {
      expect({ key: write.key, txId: write.committedTxId }).toEqual({
        key: write.key,
        txId: before.transactionId,
      });
    }
  });
  // No orphans: every transaction the killed gateway prepared is resolved in its journal.
  const finalStates = gatewayRecords(({ entry }) => accepted.map((txId) => entry(txId)?.state));
  expect(
    finalStates.filter((state) => state !== 'COMMITTED' && state !== 'INVALID' && state !== 'NOT_SUBMITTED'),
  ).toEqual([]);
  // Each receivable moved exactly once, to the receiver.
  for (const [index, id] of ids.entries()) {
    const history = ok(await get(auditor, `/receivables/${id}/history`), 200) as unknown as {
      txId: string;
    }[];
    expect({ id, transfers: history.length - 2, latest: history[0]?.txId }).toEqual({
      id,
      transfers: 1,
      latest: writes[index]!.committedTxId,
    });
    expect(ok(await get(auditor, `/receivables/${id}`), 200)).toMatchObject({
      holderId: receiver.participantId,
      amount: AMOUNT,
    });
  }

  const count = (states: readonly (string | undefined)[], state: string): number =>
    states.filter((candidate) => candidate === state).length;
  const retries = writes.flatMap((write) => write.replies.slice(1));
  recordFigures(6, {
    tried: COUNT,
    committed: writes.filter((write) => write.committedTxId !== undefined).length,
    lost: 0,
    serverErrors: retries.filter((reply) => reply.status >= 500 && reply.status !== 503).length,
    note:
      `${COUNT} transfers with an Idempotency-Key each were sent at once and the gateway was killed (-9) with ${seenInFlight} being submitted (${cut} requests cut off), then started again. ` +
      `Its journal had recorded ${accepted.length} transaction ids (the other ${COUNT - accepted.length} requests died before preparing one); its start-up recovery found ${count(recoveredStates, 'COMMITTED')} committed and left ${count(recoveredStates, 'UNKNOWN') + count(recoveredStates, 'PENDING')} unknown (in no block yet). ` +
      `Asked again with their keys, ${retries.filter((reply) => reply.status === 409 && reply.outcome === 'COMMITTED').length} answered 409 COMMITTED and ${retries.filter((reply) => reply.status >= 200 && reply.status < 300).length} answered 200 (the unknown ones sent again under their own ids, the others run once); afterwards every one of the ${accepted.length} is resolved in the journal, each key's outcome is its one transaction, and each receivable moved exactly once.`,
  });
});
