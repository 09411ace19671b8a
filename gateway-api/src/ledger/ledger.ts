/**
 * The ledger port: everything the use cases need from Fabric, and nothing about how it is reached.
 * The production adapter is `createFabricLedger`; tests substitute their own.
 */
import type { OrgKey } from '../domain/orgs';

/** The Fabric identity a request is signed with: one enrolled user of the gateway. */
export interface LedgerCaller {
  /** Stable id of the user (its user name); the adapter caches signers by it. */
  readonly id: string;
  /** The user's org; its transactions go through that org's peer. */
  readonly org: OrgKey;
  /** The user's MSP id. */
  readonly mspId: string;
  /** The user's enrollment certificate (PEM). */
  readonly certificate: string;
  /** Decrypts the user's private key (PEM); called only when no signer is cached for the certificate. */
  readonly privateKey: () => string;
}

/** A chaincode transaction to submit or evaluate. */
export interface TransactionRequest {
  /** Whose identity signs it. */
  readonly caller: LedgerCaller;
  /** The chaincode function name, e.g. `IssueReceivable`. */
  readonly fn: string;
  /** The string arguments. */
  readonly args: readonly string[];
  /** When to give up. */
  readonly deadline: Date;
}

/** A committed, valid transaction and what the chaincode returned. */
export interface SubmitResult {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  /** The chaincode's result bytes (unknown JSON until parsed). */
  readonly result: Uint8Array;
}

/** Which transaction to look up, and as whom. */
export interface TransactionLookup {
  readonly caller: LedgerCaller;
  readonly transactionId: string;
  readonly deadline: Date;
}

/** A transaction as recorded in a block. */
export interface TransactionInfo {
  readonly transactionId: string;
  /** The Fabric validation code name, `VALID` for a valid transaction. */
  readonly validationCode: string;
  readonly blockNumber: bigint;
  /** MSP id of the identity that created the transaction. */
  readonly creatorMspId: string;
  /** The transaction's timestamp (ISO-8601), when the header carries one. */
  readonly timestamp: string | undefined;
}

/** The commit outcome of a submitted transaction. */
export interface CommitOutcome {
  readonly transactionId: string;
  /** Whether it was committed valid. */
  readonly valid: boolean;
  /** The Fabric validation code name. */
  readonly validationCode: string;
  readonly blockNumber: bigint;
}

/** A chaincode event, as emitted by a committed transaction. */
export interface LedgerEvent {
  readonly blockNumber: bigint;
  readonly transactionId: string;
  readonly eventName: string;
  /** The event payload (unknown JSON until parsed). */
  readonly payload: Uint8Array;
}

/** The last event processed: a subscription resumes after it. */
export interface EventPosition {
  readonly blockNumber: bigint;
  readonly transactionId: string;
}

/** A stream of chaincode events; `close()` ends it. */
export interface EventSubscription extends AsyncIterable<LedgerEvent> {
  close(): void;
}

/** What to subscribe to. */
export interface EventSubscriptionRequest {
  /** Whose identity reads the events. */
  readonly caller: LedgerCaller;
  /** Resume after this event; from the first block when absent. */
  readonly after: EventPosition | undefined;
}

/** Whether one org's peer answers. */
export interface PeerStatus {
  readonly org: OrgKey;
  readonly reachable: boolean;
}

/** The possible outcomes of a transaction in the journal. */
export type TransactionOutcome = 'COMMITTED' | 'INVALID' | 'NOT_SUBMITTED';

/** A transaction about to be endorsed and submitted. */
export interface PreparedTransaction {
  readonly transactionId: string;
  readonly callerId: string;
  readonly org: OrgKey;
  readonly fn: string;
  /**
   * What the ledger needs to send this transaction again under the same id (its nonce, for Fabric);
   * opaque to everyone else.
   */
  readonly resumeState: string;
}

/** What became of a transaction. */
export interface SettledTransaction {
  readonly transactionId: string;
  readonly outcome: TransactionOutcome;
  readonly validationCode?: string;
  readonly blockNumber?: bigint;
}

/**
 * Records every transaction the ledger submits: told before it is endorsed, and again once its
 * outcome is known (never when the outcome stays unknown, so it remains pending).
 */
export interface SubmitRecorder {
  prepared(transaction: Readonly<PreparedTransaction>): void;
  settled(transaction: Readonly<SettledTransaction>): void;
}

/** A {@link SubmitRecorder} that may also ask for a transaction to be sent again under its own id. */
export interface SubmitObserver extends SubmitRecorder {
  /**
   * The `resumeState` of the transaction the running request sends again under its own id (an
   * Idempotency-Key retry of a transaction whose outcome is unknown), if any; asked before the first
   * attempt of each submit.
   */
  resumed(): string | undefined;
}

/** The ledger port. */
export interface Ledger {
  /** Endorses, submits and waits for the commit of a transaction; resolves only when it committed valid. */
  submit(request: Readonly<TransactionRequest>): Promise<SubmitResult>;
  /** Evaluates a query on the caller's org peer. */
  evaluate(request: Readonly<TransactionRequest>): Promise<Uint8Array>;
  /** Looks a transaction up in the blocks (qscc). */
  getTransaction(lookup: Readonly<TransactionLookup>): Promise<TransactionInfo>;
  /** Waits for, then returns, the commit outcome of a submitted transaction. */
  getCommitStatus(lookup: Readonly<TransactionLookup>): Promise<CommitOutcome>;
  /** Subscribes to the chaincode's events. */
  subscribeEvents(request: Readonly<EventSubscriptionRequest>): Promise<EventSubscription>;
  /** Checks which org peers answer before the deadline. */
  checkPeers(deadline: Date): Promise<readonly PeerStatus[]>;
  /** Closes every connection. */
  close(): void;
}
