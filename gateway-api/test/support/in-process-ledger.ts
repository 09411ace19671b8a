/**
 * The {@link Ledger} port on the chaincode team's in-memory ledger, which runs the real
 * `ReceivablesContract`: the REST gateway end to end without a Fabric network. Contract refusals and
 * invalid commits go through the same translation as the Fabric adapter's.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { EvaluationError } from '../../src/domain/errors';
import { orgKeys } from '../../src/config/network-profile';
import { commitRejected, endorsementFailure, evaluationFailure } from '../../src/ledger/fabric-errors';
import type {
  CommitOutcome,
  EventSubscription,
  Ledger,
  LedgerCaller,
  PeerStatus,
  SubmitObserver,
  SubmitResult,
  TransactionInfo,
  TransactionLookup,
  TransactionRequest,
} from '../../src/ledger/ledger';
import { MemoryLedger, TransactionInvalidError } from 'receivables-chaincode/testing';
import { evaluateRefusal } from './fabric-errors';
import { TEST_PROFILE } from './fixtures';

const FAKE_CERTIFICATE = /^FAKE CERTIFICATE \S+ (\{.*\})$/;
const Attributes = z.record(z.string(), z.string());

/**
 * A contract refusal as the Fabric adapter meets it: a refused write is refused by its endorsement
 * plan and a refused read by its evaluation, both thrown by fabric-network's evaluate with the
 * chaincode's message as theirs (recorded from the real network).
 */
function peerRefusal(error: unknown): Error {
  return evaluateRefusal(error instanceof Error ? error.message : String(error));
}

/** The in-process ledger adapter. */
export class InProcessLedger implements Ledger {
  private readonly identities = new Map<string, ReturnType<MemoryLedger['identity']>>();

  constructor(
    readonly memory: MemoryLedger,
    private readonly observer: SubmitObserver,
  ) {}

  /** The contract-side identity of a caller: its MSP and the attributes in its (fake) certificate. */
  private identityOf(caller: LedgerCaller): ReturnType<MemoryLedger['identity']> {
    const cached = this.identities.get(caller.certificate);
    if (cached !== undefined) {
      return cached;
    }
    const attributes = Attributes.parse(JSON.parse(FAKE_CERTIFICATE.exec(caller.certificate)?.[1] ?? '{}'));
    const identity = this.memory.identity(caller.mspId, {
      role: attributes['scf.role'],
      participant: attributes['scf.participant'],
    });
    this.identities.set(caller.certificate, identity);
    return identity;
  }

  async submit(request: Readonly<TransactionRequest>): Promise<SubmitResult> {
    const transactionId = this.observer.resumed() ?? randomBytes(32).toString('hex');
    this.observer.prepared({
      transactionId,
      callerId: request.caller.id,
      org: request.caller.org,
      fn: request.fn,
      resumeState: transactionId,
    });
    let endorsement;
    try {
      endorsement = await this.memory.endorse(this.identityOf(request.caller), request.fn, request.args, {
        txId: transactionId,
      });
    } catch (error) {
      this.observer.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
      throw endorsementFailure(peerRefusal(error), transactionId);
    }
    try {
      const committed = this.memory.commit(endorsement);
      const blockNumber = BigInt(committed.blockNumber ?? 0);
      this.observer.settled({ transactionId, outcome: 'COMMITTED', validationCode: 'VALID', blockNumber });
      return { transactionId, blockNumber, result: Buffer.from(committed.result) };
    } catch (error) {
      if (error instanceof TransactionInvalidError) {
        this.observer.settled({ transactionId, outcome: 'INVALID', validationCode: error.validationCode });
        throw commitRejected(error.validationCode, transactionId);
      }
      throw error;
    }
  }

  async evaluate(request: Readonly<TransactionRequest>): Promise<Uint8Array> {
    try {
      const { result } = await this.memory.evaluate(
        this.identityOf(request.caller),
        request.fn,
        request.args,
      );
      return Buffer.from(result);
    } catch (error) {
      throw evaluationFailure(peerRefusal(error));
    }
  }

  getTransaction(lookup: Readonly<TransactionLookup>): Promise<TransactionInfo> {
    const record = this.memory.transaction(lookup.transactionId);
    if (record === undefined) {
      return Promise.reject(new EvaluationError({ code: 'NOT_FOUND', message: 'transaction not found' }));
    }
    return Promise.resolve({
      transactionId: record.txId,
      validationCode: record.validationCode,
      blockNumber: BigInt(record.blockNumber),
      creatorMspId: record.creatorMspId,
      timestamp: undefined,
    });
  }

  getCommitStatus(lookup: Readonly<TransactionLookup>): Promise<CommitOutcome> {
    return this.getTransaction(lookup).then((info) => ({
      transactionId: info.transactionId,
      valid: info.validationCode === 'VALID',
      validationCode: info.validationCode,
      blockNumber: info.blockNumber,
    }));
  }

  subscribeEvents(
    request: Readonly<{ after: { transactionId: string } | undefined }>,
  ): Promise<EventSubscription> {
    const memory = this.memory;
    let closed = false;
    const start = (): number => {
      const events = memory.events();
      const after = request.after?.transactionId;
      return after === undefined ? 0 : events.findIndex((event) => event.txId === after) + 1;
    };
    return Promise.resolve({
      close: () => {
        closed = true;
      },
      [Symbol.asyncIterator]: async function* () {
        for (let next = start(); !closed;) {
          const event = memory.events()[next];
          if (event === undefined) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            continue;
          }
          next += 1;
          yield {
            blockNumber: BigInt(event.blockNumber),
            transactionId: event.txId,
            eventName: event.name,
            payload: Buffer.from(event.payload),
          };
        }
      },
    });
  }

  checkPeers(): Promise<readonly PeerStatus[]> {
    return Promise.resolve(orgKeys(TEST_PROFILE).map((org) => ({ org, reachable: true })));
  }

  close(): void {
    this.identities.clear();
  }
}
