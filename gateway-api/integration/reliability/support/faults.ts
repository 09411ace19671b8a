import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  networkOk,
  parseHeights,
  parseStatus,
  processExit,
  stateDir,
} from '../../../../scripts/test/support/network';
import { type Actor, type Answer, type Json, call, dueDateIn, ok, post } from '../../support/rest';

/**
 * What the fault cases (5 and 6) share: killing a node of this network by its pid, the container
 * engine this network uses, and writes that carry an Idempotency-Key and are asked again with it
 * until their outcome is known.
 */

const run$ = promisify(execFile);

/** The pid the start of node `name` of this network recorded (`status` takes seconds: ask ahead). */
export async function nodePid(name: string): Promise<number> {
  const pid = Number(parseStatus(await networkOk(['status'])).get(name)?.pid);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid recorded for ${name}`);
  return pid;
}

/** Kills (-9) a node by its pid, and waits until it is gone. */
export async function killPid(pid: number): Promise<number> {
  process.kill(pid, 'SIGKILL');
  await processExit(pid);
  return pid;
}

/** Kills (-9) the node `name` of this network by the pid its start recorded, and waits until it is gone. */
export async function killNode(name: string): Promise<number> {
  return killPid(await nodePid(name));
}

/**
 * The docker CLI on the engine this network's peers launch chaincode on: its own dockerd when it runs
 * one, else the engine DOCKER_HOST names.
 */
export async function engineDocker(args: readonly string[]): Promise<string> {
  const engine = parseStatus(await networkOk(['status'])).get('engine');
  const host =
    engine?.state === 'running'
      ? `unix://${join(stateDir(), 'engine', 'docker.sock')}`
      : process.env.DOCKER_HOST;
  const env = host === undefined ? process.env : { ...process.env, DOCKER_HOST: host };
  return (await run$('docker', [...args], { env })).stdout;
}

/** Every peer's height on the channel, once they all agree (the network quiet): that height. */
export async function oneHeight(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heights = [...parseHeights(await networkOk(['status'])).values()];
    const [first] = heights;
    if (first !== undefined && heights.every((height) => height === first)) return first;
    if (Date.now() > deadline) throw new Error(`peers at different heights: ${heights.join(', ')}`);
  }
}

/** An answer as a fault case keeps it: status 0 when no HTTP answer came (the gateway was down). */
export interface Reply {
  readonly status: number;
  readonly code?: string;
  /** The transaction the answer names: a write's `txId`, or a problem's `transactionId`. */
  readonly transactionId?: string;
  /** A problem's `outcome` (an Idempotency-Key retry: `PENDING` or `COMMITTED`). */
  readonly outcome?: string;
  readonly validationCode?: string;
  readonly retryAfterSeconds?: number;
}

function replyOf(answer: Answer): Reply {
  const body: Json = answer.body;
  const transactionId = body.txId ?? body.transactionId;
  const retryAfter = Number(answer.headers.get('retry-after'));
  return {
    status: answer.status,
    ...(body.code === undefined || answer.status < 300 ? {} : { code: body.code }),
    ...(transactionId === undefined ? {} : { transactionId }),
    ...(typeof body.outcome === 'string' ? { outcome: body.outcome } : {}),
    ...(body.validationCode === undefined ? {} : { validationCode: body.validationCode }),
    ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** One POST with an Idempotency-Key; a connection the gateway refused or dropped is status 0. */
export async function postOnce(token: string, path: string, body: object, key: string): Promise<Reply> {
  try {
    return replyOf(await call('POST', path, { token, body, idempotencyKey: key }));
  } catch {
    return { status: 0 };
  }
}

/** The transaction a reply says committed: a 2xx write, or a retry told its key's transaction committed. */
export function committedBy(reply: Reply): string | undefined {
  if (reply.status >= 200 && reply.status < 300) return reply.transactionId;
  return reply.status === 409 && reply.outcome === 'COMMITTED' ? reply.transactionId : undefined;
}

/**
 * Whether the reply settles the write as not done, so that asking again with the key would be a new
 * request: a refusal on its merits (4xx other than "still in flight" or "outcome pending"). 5xx,
 * no answer, and 409 without an outcome known are asked again with the same key.
 */
function refused(reply: Reply): boolean {
  if (reply.status < 400 || reply.status >= 500) return false;
  if (reply.status !== 409) return true;
  return reply.outcome === undefined && reply.validationCode === undefined && reply.code !== 'CONFLICT';
}

/** A write sent until its outcome is known, always with its one Idempotency-Key. */
export interface KeyedWrite {
  readonly key: string;
  readonly replies: Reply[];
  /** The transaction that committed it, once known. */
  committedTxId?: string;
  /** A refusal on its merits (the write did not happen). */
  refusal?: Reply;
}

/**
 * Sends the write, then again with the same key after each answer that leaves its outcome open
 * (the gateway down, 5xx, a pending or invalidated transaction), pacing by Retry-After (else 200 ms),
 * until it committed or was refused on its merits, or `giveUpAt` passed.
 */
export async function writeUntilKnown(
  write: KeyedWrite,
  send: (key: string) => Promise<Reply>,
  giveUpAt: number,
): Promise<KeyedWrite> {
  for (;;) {
    const reply = await send(write.key);
    write.replies.push(reply);
    const committed = committedBy(reply);
    if (committed !== undefined) {
      write.committedTxId = committed;
      return write;
    }
    if (refused(reply)) {
      write.refusal = reply;
      return write;
    }
    if (Date.now() > giveUpAt) return write;
    const pauseMs = (reply.retryAfterSeconds ?? 0.2) * 1000;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Options of {@link issuedAndAccepted}. */
export interface IssueOptions {
  /** Grants the obligor's credit line. */
  readonly bank: Actor;
  readonly obligor: Actor;
  /** The creditor, who accepts. */
  readonly holder: Actor;
  readonly ids: readonly string[];
  /** Each receivable's amount (EUR). */
  readonly amount: string;
}

/** Receivables `ids` issued on a new credit line to `holder` and accepted by it: their transaction ids. */
export async function issuedAndAccepted(
  options: Readonly<IssueOptions>,
): Promise<{ issueTxId: string; acceptTxId: string }[]> {
  const { bank, obligor, holder, amount } = options;
  ok(
    await post(bank.token, '/credit-lines', {
      obligorId: obligor.participantId,
      currency: 'EUR',
      limit: '1000000.00',
    }),
    201,
  );
  const issued: { issueTxId: string; acceptTxId: string }[] = [];
  for (const id of options.ids) {
    const body = { id, creditorId: holder.participantId, amount, currency: 'EUR', dueDate: dueDateIn() };
    const issue = ok(await post(obligor.token, '/receivables', body), 201);
    const accept = ok(await post(holder.token, `/receivables/${id}/accept`), 200);
    issued.push({ issueTxId: String(issue.txId), acceptTxId: String(accept.txId) });
  }
  return issued;
}

/** Sends a write with `key` until it committed (asked again through 503s and unknown outcomes); fails if refused. */
export async function committedWrite(
  token: string,
  path: string,
  body: object,
  key: string,
): Promise<string> {
  const write = await writeUntilKnown(
    { key, replies: [] },
    (sameKey) => postOnce(token, path, body, sameKey),
    Date.now() + 600_000,
  );
  if (write.committedTxId === undefined) {
    throw new Error(`${path} did not commit: ${JSON.stringify(write.replies.slice(-3))}`);
  }
  return write.committedTxId;
}
