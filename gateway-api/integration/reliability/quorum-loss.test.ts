import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { topology } from '../../../scripts/test/support/fabric';
import { networkOk, parseStatus, processExit } from '../../../scripts/test/support/network';
import { type Answer, adminToken, call, eventually, get, ok, runSuffix } from '../support/rest';
import { recordFigures } from './support/figures';

/**
 * Reliability case 6, quorum and engine loss: with 2 of 3 orderers killed a write answers 503 with
 * Retry-After by its deadline (it never hangs) and, once `start` brought them back, the write
 * succeeds and the participant exists exactly once; with the container engine gone, calls answer 503 and recover
 * when it is back. When the network runs its own engine (a clean clone, CI) the engine itself is
 * stopped; on a shared engine (a developer's, or several networks on one machine) stopping it would
 * take down the other networks, so this network's chaincode containers are paused instead: to the
 * peers that is the same loss (the chaincode does not answer), and RELIABILITY.md says which ran.
 */

jest.setTimeout(900_000);

const run = runSuffix();
const run$ = promisify(execFile);
/** How long the test waits for any answer: beyond the gateway's 30 s request deadline. */
const ANSWER_WITHIN_MS = 60_000;

async function register(token: string, participantId: string, idempotencyKey?: string): Promise<Answer> {
  return call('POST', '/participants', {
    token,
    body: { id: participantId, name: `${participantId} Ltd`, kind: 'ENTERPRISE' },
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });
}

/** Like {@link register}, failing the test when no answer comes before `ANSWER_WITHIN_MS`. */
async function answered(work: Promise<Answer>): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: the request hangs`));
    }, ANSWER_WITHIN_MS);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(answer: Answer): { status: number; code: unknown; retryAfter: boolean } {
  return {
    status: answer.status,
    code: answer.body.code,
    retryAfter: Number(answer.headers.get('retry-after')) > 0,
  };
}

test('with 2 of 3 orderers killed a write answers 503 with Retry-After before its deadline; after start the write succeeds, once', async () => {
  const token = await adminToken('enterprise');
  const [, second, third] = topology().orderers;
  const status = parseStatus(await networkOk(['status']));
  const pids = [second, third].map((orderer) => Number(status.get(orderer?.name ?? '')?.pid));
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await Promise.all(pids.map((pid) => processExit(pid)));

  const participantId = `QUO${run}`;
  const key = `quorum-${run}`;
  let lost: Answer;
  try {
    lost = await answered(register(token, participantId, key));
  } finally {
    // Back whatever happened: the suites after this one share the network.
    await networkOk(['start']);
  }
  expect(unavailable(lost)).toEqual({ status: 503, code: 'UPSTREAM_UNAVAILABLE', retryAfter: true });

  // Asked again with the same key once the quorum is back: the key's one transaction decides. Its
  // outcome unknown (the broadcast hung), the retry sends that transaction again under its own id
  // (201, or 409 COMMITTED if the first envelope committed late); had the orderer refused it (never
  // ordered), the key was freed and the retry runs anew, and the first is in no block.
  const auditor = await adminToken('auditor');
  const retried = await eventually(async () => {
    const answer = await answered(register(token, participantId, key));
    if (answer.status >= 500) throw new Error(`still unavailable: ${JSON.stringify(answer.body)}`);
    return answer;
  }, 180_000);
  const firstTx = String(lost.body.transactionId);
  const retriedTx = String(retried.body.txId ?? retried.body.transactionId);
  expect(retried.status === 201 || retried.body.outcome === 'COMMITTED').toBe(true);
  const sameTransaction = retriedTx === firstTx;
  if (!sameTransaction) {
    expect((await get(auditor, `/transactions/${firstTx}`)).status).toBe(404);
  }
  // The auditor's peer, just restarted, may still be catching up on the block with the write.
  const committed = await eventually(
    async () => ok(await get(auditor, `/transactions/${retriedTx}`), 200),
    120_000,
  );
  expect(committed.validationCode).toBe('VALID');
  const participant = await eventually(
    async () => ok(await get(auditor, `/participants/${participantId}`), 200),
    120_000,
  );
  expect(participant).toMatchObject({ id: participantId });
  recordFigures(6, {
    tried: 1,
    committed: 1,
    lost: 0,
    serverErrors: 0,
    note: `Orderers ${second?.name ?? ''} and ${third?.name ?? ''} killed (-9): a write answered ${lost.status} ${String(lost.body.code)} with Retry-After ${lost.headers.get('retry-after') ?? ''} s by its request deadline; after \`start\` the retry with the same Idempotency-Key answered ${retried.status} (${sameTransaction ? (retried.status === 201 ? 'the first transaction, of unknown outcome, sent again under its own id, committed' : 'the first transaction had committed late') : 'the orderer had refused the first transaction, which is in no block: the key was free and the write ran anew'}); the participant exists once.`,
  });
});

test('with the container engine gone calls answer 503 and recover once it is back', async () => {
  const token = await adminToken('enterprise');
  const { networkId } = topology();
  const engine = parseStatus(await networkOk(['status'])).get('engine');
  const ownsEngine = engine?.state === 'running';
  const docker = (args: readonly string[]): Promise<{ stdout: string }> => run$('docker', [...args]);
  let paused: string[] = [];
  if (ownsEngine) {
    const pid = Number(engine.pid);
    process.kill(pid, 'SIGTERM');
    await processExit(pid);
  } else {
    const names = (await docker(['ps', '--format', '{{.Names}}'])).stdout.split('\n');
    paused = names.filter((name) => name.startsWith(`${networkId}-`));
    expect(paused.length).toBeGreaterThan(0);
    await docker(['pause', ...paused]);
  }

  const participantId = `ENG${run}`;
  let write: Answer;
  let read: Answer;
  try {
    write = await answered(register(token, participantId));
    read = await answered(call('GET', `/participants/${participantId}`, { token }));
  } finally {
    // Back whatever happened: the suites after this one share the network.
    if (ownsEngine) await networkOk(['start']);
    else await docker(['unpause', ...paused]);
  }
  expect([unavailable(write), unavailable(read)]).toEqual([
    { status: 503, code: 'UPSTREAM_UNAVAILABLE', retryAfter: true },
    { status: 503, code: 'UPSTREAM_UNAVAILABLE', retryAfter: true },
  ]);

  const recovered = await eventually(async () => {
    const answer = await answered(register(token, `${participantId}B`));
    if (answer.status !== 201)
      throw new Error(`not recovered: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }, 180_000);
  expect(recovered.status).toBe(201);
  recordFigures(6, {
    tried: 2,
    committed: 1,
    lost: 0,
    note: ownsEngine
      ? 'The network owned its engine: dockerd was stopped (TERM by pid): a write and a read answered 503 with Retry-After; after `start` writes committed again.'
      : `The network used a shared engine (not stopped, as other networks use it): its ${paused.length} chaincode containers were paused instead: a write and a read answered 503 with Retry-After; after unpausing writes committed again.`,
  });
});
