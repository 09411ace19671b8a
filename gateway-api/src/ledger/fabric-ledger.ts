import type { ContractListener, ContractEvent, Contract } from 'fabric-network';
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import type { Histogram } from 'prom-client';
import { orgKeys, type NetworkProfile } from '../config/network-profile';
import { CommitRejectedError, EvaluationError, LedgerResultError, OverloadError } from '../domain/errors';
import type { Metrics } from '../observability/metrics';
import { createCallerConnections, type CallerConnection } from './caller-connections';
import { createCommitTracker, type CommitTracker, type SubmitPhase } from './commit-tracker';
import { beforeDeadline, DeadlineExceededError, pause } from './deadline';
import { endorsersOf, planEndorsement, samePlan, type PlanEvaluator } from './endorsement-plan';
import { createResumeFilter, resumeStartBlock } from './event-resume';
import {
  chaincodeRefusal,
  commitRejected,
  commitUnknown,
  endorsementFailure,
  evaluationFailure,
  isDiscoveryFailure,
  isTransientEndorsementFailure,
  isUnknownTransaction,
  submissionFailure,
} from './fabric-errors';
import { routeFabricLogging } from './fabric-logging';
import type {
  EventSubscription,
  Ledger,
  LedgerCaller,
  LedgerEvent,
  SubmitObserver,
  SubmitResult,
  TransactionInfo,
  TransactionRequest,
} from './ledger';
import { createOrgClients, type OrgClients } from './org-clients';
import { decodeBlockNumber, decodeProcessedTransaction } from './qscc-decoder';

/** What the adapter logs: fabric's own lines (debug) and planning faults (error). */
export interface LedgerLogger {
  debug(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** Options of {@link createFabricLedger}. */
export interface FabricLedgerOptions {
  readonly profile: NetworkProfile;
  /** Told of every transaction before it is endorsed and once its outcome is known. */
  readonly observer: SubmitObserver;
  readonly metrics: Pick<Metrics, 'fabricSubmitSeconds' | 'fabricCommitSeconds' | 'inFlightSubmits'>;
  /** Submits beyond this many in flight are refused at once with {@link OverloadError}. */
  readonly maxInFlightSubmits: number;
  /** How many times a transient "endorsements do not match" endorsement is retried (each a new proposal). */
  readonly endorseRetries: number;
  /**
   * How many times a hot-key write that lost an MVCC/phantom race is resubmitted as a new proposal
   * (see {@link CONFLICT_RETRY_FUNCTIONS}); 2 by default, 0 turns it off.
   */
  readonly conflictRetries?: number;
  /** How many users' identities and gateways to keep; 1000 by default. */
  readonly callerCapacity?: number;
  /** fabric-network's own per-call timeouts in seconds (each call is also bounded by its request's deadline); 300 by default. */
  readonly timeoutSeconds?: number;
  /** How often `getCommitStatus` asks qscc while the transaction is not yet in a block; 500 ms by default. */
  readonly commitPollIntervalMs?: number;
  /** Where fabric's own log lines (debug) and planning faults (error) go; nowhere when absent. */
  readonly logger?: LedgerLogger;
  /** The org clients; opened from the profile when not given. */
  readonly orgs?: OrgClients;
}

/**
 * Writes resubmitted after losing an MVCC/phantom race. Retry policy: the gateway resubmits a lost race
 * itself only where the conflict is an artefact of a hot aggregate key rather than a business race:
 * `IssueReceivable` reads and writes its credit line (`used`), and without `creditLineId` range-reads
 * the obligor's lines, so concurrent issuances on one line serialize to one per block although none
 * contradicts another. Each retry is a whole new proposal (new transaction id, a fresh endorsement
 * plan, endorsed against the new state), so the chaincode checks everything again: the line's limit
 * can never be exceeded, and a retry may be refused on its merits (`LIMIT_EXCEEDED`, …). Retries are
 * bounded (`conflictRetries`, 2 by default) and made only while the request's deadline leaves room for
 * another attempt as long as the last one. Every other write that loses a race (a transfer, split,
 * accept, reject, cancel, settlement, financing decision) answers 409 `CONFLICT`: its conflict may be
 * on the receivable itself, and whether the caller still wants it done on the new state is the
 * caller's decision.
 */
export const CONFLICT_RETRY_FUNCTIONS: ReadonlySet<string> = new Set(['IssueReceivable']);

const RETRIED_VALIDATION_CODES: ReadonlySet<string> = new Set([
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
]);

const QSCC_TRANSACTION = 'GetTransactionByID';
const QSCC_BLOCK = 'GetBlockByTxID';

/** Starts a timer in `histogram` labelled by function; the returned function stops it with an outcome. */
function startTimer(histogram: Histogram<'fn' | 'outcome'>, fn: string): (outcome: 'ok' | 'error') => void {
  const end = histogram.startTimer({ fn });
  let ended = false;
  return (outcome) => {
    if (!ended) {
      ended = true;
      end({ outcome });
    }
  };
}

/** An async queue of events whose producer waits until each event is taken (back-pressure on the stream). */
function eventQueue(): {
  push(event: LedgerEvent): Promise<void>;
  close(): void;
  iterate(): AsyncGenerator<LedgerEvent>;
} {
  const items: { event: LedgerEvent; taken: () => void }[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  return {
    push: (event) =>
      new Promise<void>((taken) => {
        if (closed) {
          taken();
          return;
        }
        items.push({ event, taken });
        wake?.();
      }),
    close: () => {
      closed = true;
      for (const item of items.splice(0)) {
        item.taken();
      }
      wake?.();
    },
    iterate: async function* () {
      while (!closed) {
        const next = items.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        next.taken();
        yield next.event;
      }
    },
  };
}

/**
 * The Fabric implementation of the {@link Ledger} port, on `fabric-network` 2.2 (Fabric 1.4 peers have
 * no Gateway service): one fabric-common client per org holds the connections; each user gets its own
 * Gateway on its org's client, signing with its own key; each write is endorsed by exactly the orgs
 * the contract declares for it (the caller's, for the holder's own moves) or else of the chaincode's
 * plan. A declared plan that no longer holds fails validation and takes the re-plan path below.
 */
export function createFabricLedger(options: Readonly<FabricLedgerOptions>): Ledger {
  const { profile, observer, metrics, logger } = options;
  if (logger !== undefined) {
    routeFabricLogging(logger);
  } else {
    routeFabricLogging({ debug: () => undefined });
  }
  const orgs = options.orgs ?? createOrgClients(profile);
  const connections = createCallerConnections({
    orgs,
    channel: profile.channel,
    chaincode: profile.chaincode,
    capacity: options.callerCapacity ?? 1000,
    timeoutSeconds: options.timeoutSeconds ?? 300,
  });
  const pollIntervalMs = options.commitPollIntervalMs ?? 500;
  let inFlight = 0;

  const connect = async (caller: LedgerCaller, deadline: Date): Promise<CallerConnection> => {
    try {
      return await beforeDeadline(connections.connectionFor(caller), deadline, 'connect');
    } catch (error) {
      if (isDiscoveryFailure(error)) {
        connections.forget(caller);
      }
      throw error;
    }
  };

  /** Evaluates on the caller's org peer (fabric-network's default query strategy for its MSP). */
  const evaluateOn = async (
    caller: LedgerCaller,
    contract: Contract,
    fn: string,
    args: readonly string[],
    deadline: Date,
  ): Promise<Uint8Array> => {
    const peer = orgs.clientOf(caller.org).peer;
    const work = (async () => {
      // A query is sent to its targets as they are: make sure a dropped connection is re-established.
      await peer.checkConnection();
      return contract.evaluateTransaction(fn, ...args);
    })();
    return beforeDeadline(work, deadline, `evaluate ${fn}`);
  };

  /** Evaluates the planning transaction as the request's caller, before its deadline. */
  const plannerFor =
    (request: Readonly<TransactionRequest>, connection: CallerConnection): PlanEvaluator =>
    (fn, args) =>
      evaluateOn(request.caller, connection.contract, fn, args, request.deadline);

  /**
   * After an `ENDORSEMENT_POLICY_FAILURE`: whether the state the plan was made on changed since (a
   * concurrent write changed a key's policy: a lost race), by planning again. A write now refused
   * counts as changed; a plan that cannot be had is not known to be.
   */
  const stateChangedSince = async (
    request: Readonly<TransactionRequest>,
    connection: CallerConnection,
    usedPlan: readonly string[],
    transactionId: string,
  ): Promise<boolean> => {
    try {
      // The original deadline may be close: allow the new plan a few seconds of its own.
      const deadline = new Date(Math.max(request.deadline.getTime(), Date.now() + 5000));
      const plan = await planEndorsement(
        plannerFor({ ...request, deadline }, connection),
        request.fn,
        request.args,
      );
      if (samePlan(plan, usedPlan)) {
        logger?.error(
          { transactionId, fn: request.fn, plan: usedPlan },
          'ENDORSEMENT_POLICY_FAILURE although the endorsement plan is unchanged: the plan missed an org the policy needs',
        );
        return false;
      }
      return true;
    } catch (error) {
      if (chaincodeRefusal(error) !== undefined) {
        return true;
      }
      logger?.error(
        { transactionId, fn: request.fn, plan: usedPlan, err: error },
        'ENDORSEMENT_POLICY_FAILURE and the endorsement plan cannot be had again',
      );
      return false;
    }
  };

  /**
   * One attempt: a proposal planned, endorsed, ordered, committed. It is new (a new transaction id),
   * or `resumed`: a transaction of unknown outcome sent again under its own id. Fabric commits at most
   * one transaction per id as valid (a later one is invalidated as `DUPLICATE_TXID`, and a peer refuses
   * to endorse an id already in a block), so whether the first envelope was lost or is still on its
   * way, the request takes effect at most once. A resumed attempt that fails before ordering proves
   * nothing about the first envelope: its outcome stays unknown. A write the chaincode refuses is
   * refused by its plan or, when the contract declares its endorsers, by the endorsement itself (the
   * same checks, at the caller's peer): the same refusal either way.
   */
  const submitOnce = async (
    request: Readonly<TransactionRequest>,
    connection: CallerConnection,
    onPhase: (phase: SubmitPhase) => void,
    attempt: Readonly<{ mayRetry: boolean; resumed: string | undefined }>,
  ): Promise<SubmitResult | 'retry'> => {
    const { contract } = connection;
    const resumed = attempt.resumed;
    const transaction =
      resumed === undefined
        ? contract.createTransaction(request.fn)
        : contract.deserializeTransaction(Buffer.from(resumed));
    const transactionId = transaction.getTransactionId();
    observer.prepared({
      transactionId,
      callerId: request.caller.id,
      org: request.caller.org,
      fn: request.fn,
      resumeState: resumed ?? transaction.serialize().toString(),
    });
    const neverSent = (error: unknown, failure: (cause: unknown, id: string) => Error): Error => {
      if (resumed !== undefined) {
        return commitUnknown(error, transactionId);
      }
      observer.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
      return failure(error, transactionId);
    };
    let plan: string[];
    try {
      plan = await endorsersOf(
        { fn: request.fn, args: request.args, callerMspId: request.caller.mspId },
        plannerFor(request, connection),
      );
    } catch (error) {
      throw neverSent(error, endorsementFailure);
    }
    transaction.setEndorsingOrganizations(...plan);
    const tracker: CommitTracker = createCommitTracker(onPhase);
    transaction.setEventHandler(tracker.strategy);
    let result: Buffer;
    try {
      result = await beforeDeadline(
        transaction.submit(...request.args),
        request.deadline,
        `submit ${request.fn}`,
      );
    } catch (error) {
      const phase = tracker.phase();
      tracker.abandon();
      if (error instanceof TransactionError && error.transactionCode !== undefined) {
        const validationCode = error.transactionCode;
        if (validationCode === 'DUPLICATE_TXID') {
          // Another envelope with this id (the first, when resumed) is in a block: its outcome is the id's.
          throw commitUnknown(error, transactionId);
        }
        const blockNumber = tracker.blockNumber();
        observer.settled({
          transactionId,
          outcome: 'INVALID',
          validationCode,
          ...(blockNumber === undefined ? {} : { blockNumber }),
        });
        const stateChanged =
          validationCode === 'ENDORSEMENT_POLICY_FAILURE'
            ? await stateChangedSince(request, connection, plan, transactionId)
            : undefined;
        throw commitRejected(validationCode, transactionId, { stateChanged, cause: error });
      }
      if (phase === 'endorsing') {
        if (isDiscoveryFailure(error)) {
          connections.forget(request.caller);
        }
        if (resumed === undefined && attempt.mayRetry && isTransientEndorsementFailure(error)) {
          observer.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
          return 'retry';
        }
        throw neverSent(error, endorsementFailure);
      }
      if (phase === 'ordering' && tracker.ordererRefused()) {
        throw neverSent(error, submissionFailure);
      }
      throw commitUnknown(error, transactionId);
    }
    const blockNumber = tracker.blockNumber();
    if (blockNumber === undefined) {
      throw commitUnknown(new Error('committed without a commit event'), transactionId);
    }
    observer.settled({ transactionId, outcome: 'COMMITTED', validationCode: 'VALID', blockNumber });
    return { transactionId, blockNumber, result };
  };

  const submitWithRetries = async (request: Readonly<TransactionRequest>): Promise<SubmitResult> => {
    const connection = await connect(request.caller, request.deadline).catch((error: unknown) => {
      throw endorsementFailure(error);
    });
    const endSubmit = startTimer(metrics.fabricSubmitSeconds, request.fn);
    let endCommit: ((outcome: 'ok' | 'error') => void) | undefined;
    const onPhase = (phase: SubmitPhase): void => {
      if (phase === 'committing') {
        endSubmit('ok');
        endCommit = startTimer(metrics.fabricCommitSeconds, request.fn);
      }
    };
    const conflictRetries = options.conflictRetries ?? 2;
    let endorseAttempts = 0;
    let conflictAttempts = 0;
    try {
      for (;;) {
        const started = Date.now();
        try {
          const first = endorseAttempts === 0 && conflictAttempts === 0;
          const outcome = await submitOnce(request, connection, onPhase, {
            mayRetry: endorseAttempts < options.endorseRetries,
            resumed: first ? observer.resumed() : undefined,
          });
          if (outcome !== 'retry') {
            endCommit?.('ok');
            return outcome;
          }
          endorseAttempts += 1;
        } catch (error) {
          const lastAttemptMs = Date.now() - started;
          if (
            error instanceof CommitRejectedError &&
            RETRIED_VALIDATION_CODES.has(error.validationCode) &&
            CONFLICT_RETRY_FUNCTIONS.has(request.fn) &&
            conflictAttempts < conflictRetries &&
            request.deadline.getTime() - Date.now() > lastAttemptMs
          ) {
            conflictAttempts += 1;
            endCommit?.('error');
            endCommit = undefined;
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      endSubmit('error');
      endCommit?.('error');
      throw error;
    }
  };

  const queryQscc = async (
    caller: LedgerCaller,
    transactionId: string,
    deadline: Date,
  ): Promise<TransactionInfo> => {
    const connection = await connect(caller, deadline);
    const query = (fn: string): Promise<Uint8Array> =>
      evaluateOn(caller, connection.qscc, fn, [profile.channel, transactionId], deadline);
    const [processed, block] = await Promise.all([query(QSCC_TRANSACTION), query(QSCC_BLOCK)]);
    try {
      const summary = decodeProcessedTransaction(processed);
      return { transactionId, ...summary, blockNumber: decodeBlockNumber(block) };
    } catch (error) {
      throw new LedgerResultError('transaction', error, transactionId);
    }
  };

  return {
    submit: async (request) => {
      if (inFlight >= options.maxInFlightSubmits) {
        throw new OverloadError();
      }
      inFlight += 1;
      metrics.inFlightSubmits.inc();
      try {
        return await submitWithRetries(request);
      } finally {
        inFlight -= 1;
        metrics.inFlightSubmits.dec();
      }
    },

    evaluate: async (request) => {
      try {
        const { contract } = await connect(request.caller, request.deadline);
        return await evaluateOn(request.caller, contract, request.fn, request.args, request.deadline);
      } catch (error) {
        throw evaluationFailure(error);
      }
    },

    getTransaction: async ({ caller, transactionId, deadline }) => {
      try {
        return await queryQscc(caller, transactionId, deadline);
      } catch (error) {
        if (error instanceof LedgerResultError) {
          throw error;
        }
        if (isUnknownTransaction(error)) {
          throw new EvaluationError({
            code: 'NOT_FOUND',
            message: `transaction ${transactionId} not found`,
            cause: error,
          });
        }
        throw evaluationFailure(error);
      }
    },

    getCommitStatus: async ({ caller, transactionId, deadline }) => {
      let lastError: unknown;
      while (Date.now() < deadline.getTime()) {
        try {
          const info = await queryQscc(caller, transactionId, deadline);
          return {
            transactionId,
            valid: info.validationCode === 'VALID',
            validationCode: info.validationCode,
            blockNumber: info.blockNumber,
          };
        } catch (error) {
          if (error instanceof LedgerResultError) {
            throw error;
          }
          lastError = error;
        }
        await pause(pollIntervalMs, deadline);
      }
      throw commitUnknown(
        lastError ?? new DeadlineExceededError('commit status: the deadline passed'),
        transactionId,
      );
    },

    subscribeEvents: async ({ caller, after }): Promise<EventSubscription> => {
      const { contract } = await connect(caller, new Date(Date.now() + 60_000));
      const accept = createResumeFilter(after);
      const queue = eventQueue();
      const listener: ContractListener = (event: ContractEvent) => {
        const transaction = event.getTransactionEvent();
        const place = {
          blockNumber: BigInt(transaction.getBlockEvent().blockNumber.toString()),
          transactionId: transaction.transactionId,
        };
        if (!accept(place)) {
          return Promise.resolve();
        }
        return queue.push({
          ...place,
          eventName: event.eventName,
          payload: event.payload ?? Buffer.alloc(0),
        });
      };
      await contract.addContractListener(listener, {
        startBlock: resumeStartBlock(after).toString(),
        type: 'full',
      });
      return {
        close: () => {
          contract.removeContractListener(listener);
          queue.close();
        },
        [Symbol.asyncIterator]: () => queue.iterate(),
      };
    },

    checkPeers: (deadline) =>
      Promise.all(
        orgKeys(profile).map(async (org) => ({ org, reachable: await orgs.isReachable(org, deadline) })),
      ),

    close: () => {
      connections.close();
      orgs.close();
    },
  };
}
