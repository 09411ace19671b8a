import { randomBytes } from 'node:crypto';
import { CommitRejectedError, CommitUnknownError, EvaluationError } from '../../src/domain/errors';
import { orgKeys } from '../../src/config/network-profile';
import type { OrgKey } from '../../src/domain/orgs';
import type {
  CommitOutcome,
  EventSubscription,
  Ledger,
  LedgerEvent,
  PeerStatus,
  SubmitObserver,
  SubmitResult,
  TransactionInfo,
  TransactionLookup,
  TransactionRequest,
} from '../../src/ledger/ledger';
import { TEST_PROFILE } from './fixtures';

/** Answers a chaincode call with a JSON value, or throws. */
export type FakeHandler = (request: Readonly<TransactionRequest>) => unknown;

/** A recorded call. */
export interface FakeCall {
  readonly kind: 'submit' | 'evaluate';
  readonly fn: string;
  readonly args: readonly string[];
  readonly callerId: string;
  readonly mspId: string;
  /** The transaction id of a submit. */
  readonly transactionId?: string;
}

const encode = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

/**
 * A {@link Ledger} whose chaincode is a table of handlers: for tests whose point is the HTTP side.
 */
export class FakeLedger implements Ledger {
  readonly calls: FakeCall[] = [];
  readonly transactions = new Map<string, TransactionInfo>();
  peersReachable = true;
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly events: LedgerEvent[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly observer?: SubmitObserver,
    /** The orgs whose peers it reports on. */
    private readonly orgs: readonly OrgKey[] = orgKeys(TEST_PROFILE),
  ) {}

  /** Answers calls of `fn` with `handler`. */
  on(fn: string, handler: FakeHandler): this {
    this.handlers.set(fn, handler);
    return this;
  }

  /** Publishes a chaincode event to subscribers. */
  emit(event: LedgerEvent): void {
    this.events.push(event);
    this.wake?.();
  }

  /** The calls of one function. */
  callsOf(fn: string): FakeCall[] {
    return this.calls.filter((call) => call.fn === fn);
  }

  private call(
    kind: FakeCall['kind'],
    request: Readonly<TransactionRequest>,
    transactionId?: string,
  ): unknown {
    this.calls.push({
      kind,
      fn: request.fn,
      args: request.args,
      callerId: request.caller.id,
      mspId: request.caller.mspId,
      ...(transactionId === undefined ? {} : { transactionId }),
    });
    const handler = this.handlers.get(request.fn);
    if (handler === undefined) {
      throw new Error(`FakeLedger: no handler for ${request.fn}`);
    }
    return handler(request);
  }

  submit(request: Readonly<TransactionRequest>): Promise<SubmitResult> {
    // As the Fabric adapter: a resumed transaction is sent again under its own id (its resume state here).
    const resumed = this.observer?.resumed();
    const transactionId = resumed ?? randomBytes(32).toString('hex');
    this.observer?.prepared({
      transactionId,
      callerId: request.caller.id,
      org: request.caller.org,
      fn: request.fn,
      resumeState: transactionId,
    });
    return Promise.resolve()
      .then(() => this.call('submit', request, transactionId))
      .then(
        (value) => {
          this.observer?.settled({
            transactionId,
            outcome: 'COMMITTED',
            validationCode: 'VALID',
            blockNumber: 7n,
          });
          return { transactionId, blockNumber: 7n, result: encode(value) };
        },
        (error: unknown) => {
          // As the Fabric adapter: an unknown outcome leaves the transaction pending.
          if (error instanceof CommitRejectedError) {
            this.observer?.settled({
              transactionId,
              outcome: 'INVALID',
              validationCode: error.validationCode,
              blockNumber: 7n,
            });
          } else if (!(error instanceof CommitUnknownError) && resumed === undefined) {
            this.observer?.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
          }
          throw error;
        },
      );
  }

  evaluate(request: Readonly<TransactionRequest>): Promise<Uint8Array> {
    return Promise.resolve().then(() => encode(this.call('evaluate', request)));
  }

  getTransaction(lookup: Readonly<TransactionLookup>): Promise<TransactionInfo> {
    const found = this.transactions.get(lookup.transactionId);
    return found === undefined
      ? Promise.reject(new EvaluationError({ code: 'NOT_FOUND', message: 'transaction not found' }))
      : Promise.resolve(found);
  }

  getCommitStatus(lookup: Readonly<TransactionLookup>): Promise<CommitOutcome> {
    const found = this.transactions.get(lookup.transactionId);
    return found === undefined
      ? Promise.reject(new Error('unknown transaction'))
      : Promise.resolve({
          transactionId: found.transactionId,
          valid: found.validationCode === 'VALID',
          validationCode: found.validationCode,
          blockNumber: found.blockNumber,
        });
  }

  subscribeEvents(): Promise<EventSubscription> {
    let closed = false;
    let next = 0;
    const subscription: EventSubscription = {
      close: () => {
        closed = true;
        this.wake?.();
      },
      [Symbol.asyncIterator]: async function* (this: FakeLedger) {
        while (!closed) {
          const event = this.events[next];
          if (event === undefined) {
            await new Promise<void>((resolve) => {
              this.wake = resolve;
            });
          } else {
            next += 1;
            yield event;
          }
        }
      }.bind(this),
    };
    return Promise.resolve(subscription);
  }

  checkPeers(): Promise<readonly PeerStatus[]> {
    return Promise.resolve(this.orgs.map((org) => ({ org, reachable: this.peersReachable })));
  }

  close(): void {
    this.wake?.();
  }
}
