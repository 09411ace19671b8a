import { type CliUser, enrollUser, query, raftLeader, topology } from '../../../scripts/test/support/fabric';
import { networkOk } from '../../../scripts/test/support/network';
import { type Actor, adminToken, get, ok, onboard, runSuffix } from '../support/rest';
import { recordFigures, scaled } from './support/figures';
import {
  type KeyedWrite,
  type Reply,
  engineDocker,
  issuedAndAccepted,
  killNode,
  oneHeight,
  postOnce,
  writeUntilKnown,
} from './support/faults';

/**
 * Reliability case 5, node faults under load: while workers pass receivables back and forth through
 * REST (whole transfers, one receivable per worker, each transfer with its own Idempotency-Key and
 * asked again with it until its outcome is known), one orderer (the Raft leader), the peer of the
 * workers' org, that peer's chaincode container and the gateway are killed (-9) in turn, and each is
 * brought back with `./test-network.sh start`. Afterwards: every transfer answered 2xx is committed
 * and in the receivable's history on every peer; every answer with an error names a transaction that
 * `GET /transactions/{txId}` reports committed (the transfer it belongs to then committed under that
 * id) or one that never committed; each receivable's history on every peer is exactly the transfers
 * known committed, in order (nothing committed that no answer accounts for); all peers reach one
 * height; each receivable keeps its amount and the obligor's credit line is used once per receivable.
 */

jest.setTimeout(1_800_000);

const run = runSuffix();
const WORKERS = scaled(4, 8);
/** Transfers committed after each fault (and before the first) before the next fault. */
const FLOWING = scaled(6, 30);
const AMOUNT = '250.00';
/** How long a transfer is asked again while its outcome is open, at most. */
const RESOLVE_WITHIN_MS = 300_000;
/** How long the stream may stall (a fault's outage included) before the test gives up. */
const STALL_MS = 300_000;

interface Lane {
  readonly id: string;
  readonly issueTxId: string;
  readonly acceptTxId: string;
  /** Index into `holders` of the current holder. */
  holder: number;
}

/** One transfer: which receivable, to whom, and every reply its key got. */
interface Transfer extends KeyedWrite {
  readonly lane: Lane;
  readonly toId: string;
}

let core: Actor;
const holders: Actor[] = [];
const lanes: Lane[] = [];
const transfers: Transfer[] = [];
let auditor = '';
let ledgerReader: CliUser;
let stopping = false;

const committedCount = (): number =>
  transfers.filter((transfer) => transfer.committedTxId !== undefined).length;

/** Resolves once `done()` holds; fails saying `what` when it does not within `STALL_MS`. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + STALL_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${STALL_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once `count` more transfers have committed (the stream flows). */
async function flowing(count: number): Promise<void> {
  const target = committedCount() + count;
  await until(() => committedCount() >= target, `${count} more transfers committed`);
}

/** Resolves once every lane has had a reply since now (each worker met the fault). */
async function everyLaneAnswered(): Promise<void> {
  const seen = lanes.map((lane) => repliesOf(lane));
  await until(
    () => lanes.every((lane, index) => repliesOf(lane) > (seen[index] ?? 0)),
    'a reply on every lane',
  );
}

function repliesOf(lane: Lane): number {
  return transfers.filter((transfer) => transfer.lane === lane).reduce((sum, t) => sum + t.replies.length, 0);
}

async function worker(lane: Lane): Promise<void> {
  while (!stopping) {
    const from = holders[lane.holder]!;
    const to = holders[1 - lane.holder]!;
    const transfer: Transfer = {
      lane,
      toId: to.participantId,
      key: `nf-${run}-${transfers.length}`,
      replies: [],
    };
    transfers.push(transfer);
    await writeUntilKnown(
      transfer,
      (key) => postOnce(from.token, `/receivables/${lane.id}/transfer`, { toId: to.participantId }, key),
      Date.now() + RESOLVE_WITHIN_MS,
    );
    if (transfer.committedTxId === undefined) return;
    lane.holder = 1 - lane.holder;
  }
}

beforeAll(async () => {
  core = await onboard('enterprise', `NFC${run}`);
  holders.push(await onboard('enterprise', `NFA${run}`), await onboard('enterprise', `NFB${run}`));
  const bank = await onboard('banka', `NFK${run}`);
  auditor = await adminToken('auditor');
  ledgerReader = await enrollUser('auditor', `infaults${run.toLowerCase()}`, { role: 'viewer' });
  const ids = Array.from({ length: WORKERS }, (_, index) => `NF${run}-${index}`);
  const issued = await issuedAndAccepted({ bank, obligor: core, holder: holders[0]!, ids, amount: AMOUNT });
  ids.forEach((id, index) => lanes.push({ id, ...issued[index]!, holder: 0 }));
});

/** What one fault did to the stream. */
interface FaultReport {
  readonly fault: string;
  readonly seconds: number;
}

async function fault(name: string, inflict: () => Promise<void>): Promise<FaultReport> {
  const started = Date.now();
  await inflict();
  await networkOk(['start']);
  await flowing(FLOWING);
  return { fault: name, seconds: Math.round((Date.now() - started) / 1000) };
}

const enterprisePeer = (): { node: string; host: string } => {
  const peer = topology().peers.find((candidate) => candidate.org === 'enterprise');
  if (peer === undefined) throw new Error('no enterprise peer');
  return peer;
};

const faults: FaultReport[] = [];

test('transfers keep flowing while an orderer, a peer, a chaincode container and the gateway are killed (-9) and restarted', async () => {
  const workers = lanes.map(worker);
  try {
    await flowing(FLOWING);
    faults.push(
      await fault('the Raft leader orderer', async () => {
        const leader = await raftLeader(topology().orderers);
        await killNode(leader.name);
        // The two left elect a leader and order again before the leader comes back.
        await flowing(FLOWING);
      }),
    );
    faults.push(
      await fault('the peer of the workers’ org', async () => {
        await killNode(enterprisePeer().node);
        await everyLaneAnswered();
      }),
    );
    faults.push(
      await fault('that peer’s chaincode container', async () => {
        const { networkId } = topology();
        const names = (await engineDocker(['ps', '--format', '{{.ID}} {{.Names}}'])).trim().split('\n');
        const ids = names
          .map((line) => line.split(' '))
          .filter(([, name]) => name?.startsWith(`${networkId}-${enterprisePeer().host}-`))
          .map(([id]) => id ?? '');
        expect(ids.length).toBeGreaterThan(0);
        await engineDocker(['kill', '--signal', 'KILL', ...ids]);
        await everyLaneAnswered();
      }),
    );
    faults.push(
      await fault('the gateway', async () => {
        await killNode('gateway');
        await everyLaneAnswered();
      }),
    );
  } finally {
    stopping = true;
    // Back whatever happened: the suites after this one share the network.
    await networkOk(['start']);
    await Promise.all(workers);
  }
  expect(transfers.filter((transfer) => transfer.committedTxId === undefined)).toEqual([]);
});

test('nothing answered 2xx is lost, every error is accounted for, every peer holds the same histories at one height, and the money is conserved', async () => {
  const height = await oneHeight(180_000);
  const replies = transfers.flatMap((transfer) => transfer.replies.map((reply) => ({ transfer, reply })));
  const acknowledged = replies.filter(({ reply }) => reply.status >= 200 && reply.status < 300);
  const errors = replies.filter(({ reply }) => reply.status < 200 || reply.status >= 300);

  // Every error that names a transaction: committed (then it is its transfer's) or never.
  let erredButCommitted = 0;
  let erredNotCommitted = 0;
  for (const { transfer, reply } of errors) {
    if (reply.transactionId === undefined) continue;
    const lookup = await get(auditor, `/transactions/${reply.transactionId}`);
    if (lookup.status === 200 && lookup.body.validationCode === 'VALID') {
      expect(reply.transactionId).toBe(transfer.committedTxId);
      erredButCommitted += 1;
    } else {
      expect([404, 200]).toContain(lookup.status);
      erredNotCommitted += 1;
    }
  }

  // Each receivable's history on every peer: exactly the transfers known committed, newest first.
  let lost = 0;
  for (const lane of lanes) {
    const committed = transfers
      .filter((transfer) => transfer.lane === lane)
      .map((transfer) => transfer.committedTxId ?? '');
    const expected = [...committed].reverse().concat(lane.acceptTxId, lane.issueTxId);
    for (const peer of topology().peers) {
      const history = (await query(ledgerReader, 'GetHistory', [lane.id], peer.org)) as { txId: string }[];
      const txIds = history.map((entry) => entry.txId);
      lost += acknowledged.filter(
        ({ transfer, reply }) => transfer.lane === lane && !txIds.includes(reply.transactionId ?? ''),
      ).length;
      expect({ peer: peer.node, lane: lane.id, txIds }).toEqual({
        peer: peer.node,
        lane: lane.id,
        txIds: expected,
      });
    }
    const now = ok(await get(auditor, `/receivables/${lane.id}`), 200);
    expect(now).toMatchObject({
      amount: AMOUNT,
      status: 'ACTIVE',
      holderId: holders[lane.holder]!.participantId,
    });
  }
  const lines = ok(await get(auditor, `/credit-lines?obligorId=${core.participantId}`), 200);
  const usedCents = BigInt(WORKERS) * BigInt(AMOUNT.replace('.', ''));
  expect(lines.items?.map((line) => String(line.used).replace('.', ''))).toEqual([usedCents.toString()]);
  expect(lost).toBe(0);

  const serverErrors = errors.filter(({ reply }) => reply.status >= 500 && reply.status !== 503).length;
  const count = (test: (reply: Reply) => boolean): number => errors.filter(({ reply }) => test(reply)).length;
  recordFigures(5, {
    tried: transfers.length,
    committed: committedCount(),
    lost,
    serverErrors,
    note:
      `${WORKERS} workers passed ${WORKERS} receivables back and forth through REST (${transfers.length} transfers, ${replies.length} requests, each transfer asked again with its Idempotency-Key until its outcome was known) while ${faults.map((f) => `${f.fault} was killed (-9) and restarted (${f.seconds} s until ${FLOWING} more transfers committed)`).join(', then ')}. ` +
      `${acknowledged.length} answers 2xx, all committed and in the histories of all ${topology().peers.length} peers (one height, ${height}); ${errors.length} error answers: ${count((r) => r.status === 0)} with no answer (gateway down), ${count((r) => r.status === 503)} × 503 with Retry-After, ${count((r) => r.status === 409)} × 409 (outcome pending or committed, or invalidated), ${serverErrors} other 5xx; ` +
      `of those naming a transaction, ${erredButCommitted} were found committed (the transfer's own transaction, answered later with its key) and ${erredNotCommitted} never committed. Every history holds exactly the transfers known committed; amounts and the credit line conserved.`,
  });
});
