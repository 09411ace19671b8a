import type { ChaincodeEventsOptions, SubmittedTransaction, Transaction } from '@hyperledger/fabric-gateway';
import type { Histogram } from 'prom-client';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import type { NetworkProfile } from '../config/network-profile';
import { EvaluationError, LedgerResultError, OverloadError } from '../domain/errors';
import { ORG_KEYS } from '../domain/orgs';
import type { Metrics } from '../observability/metrics';
import { createCallerConnections } from './caller-connections';
import {
  commitRejected,
  commitUnknown,
  endorsementFailure,
  evaluationFailure,
  isTransientEndorsementFailure,
  isUnknownTransaction,
  submissionFailure,
  validationCodeName,
} from './fabric-errors';
import type {
  EventSubscription,
  Ledger,
  LedgerCaller,
  SubmitObserver,
  SubmitResult,
  TransactionRequest,
} from './ledger';
import { createPeerConnections, type PeerConnections } from './peer-connections';
import { decodeBlockNumber, decodeProcessedTransaction } from './qscc-decoder';

/** Options of {@link createFabricLedger}. */
export interface FabricLedgerOptions {
  readonly profile: NetworkProfile;
  /** Told of every transaction before it is endorsed and once its outcome is known. */
  readonly observer: SubmitObserver;
  readonly metrics: Pick<Metrics, 'fabricSubmitSeconds' | 'fabricCommitSeconds' | 'inFlightSubmits'>;
  /** Submits beyond this many in flight are refused at once with {@link OverloadError}. */
  readonly maxInFlightSubmits: number;
  /** How many times a transient "ProposalResponsePayloads do not match" endorsement is retried. */
  readonly endorseRetries: number;
  /** How many users' signers and gateways to keep; 1000 by default. */
  readonly callerCapacity?: number;
  /** The peer connections; opened from the profile when not given. */
  readonly peers?: PeerConnections;
}

/** Runs `work`, observing its duration in `histogram` labelled by function and outcome. */
async function timed<T>(
  histogram: Histogram<'fn' | 'outcome'>,
  fn: string,
  work: () => Promise<T>,
): Promise<T> {
  const end = histogram.startTimer({ fn });
  try {
    const value = await work();
    end({ outcome: 'ok' });
    return value;
  } catch (error) {
    end({ outcome: 'error' });
    throw error;
  }
}

function serializedIdentity(caller: LedgerCaller): Uint8Array {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(caller.mspId);
  identity.setIdBytes(Buffer.from(caller.certificate));
  return identity.serializeBinary();
}

/**
 * The Fabric implementation of the {@link Ledger} port, on `@hyperledger/fabric-gateway`: one gRPC
 * connection per org peer, each user's transactions signed with its own cached signer.
 */
export function createFabricLedger(options: Readonly<FabricLedgerOptions>): Ledger {
  const { profile, observer, metrics } = options;
  const peers = options.peers ?? createPeerConnections(profile);
  const connections = createCallerConnections({
    peers,
    channel: profile.channel,
    chaincode: profile.chaincode,
    capacity: options.callerCapacity ?? 1000,
  });
  let inFlight = 0;

  const endorse = async (request: Readonly<TransactionRequest>): Promise<Transaction> => {
    const { contract } = connections.connectionFor(request.caller);
    for (let attempt = 0; ; attempt += 1) {
      const proposal = contract.newProposal(request.fn, { arguments: [...request.args] });
      const transactionId = proposal.getTransactionId();
      observer.prepared({
        transactionId,
        callerId: request.caller.id,
        org: request.caller.org,
        fn: request.fn,
      });
      try {
        return await proposal.endorse({ deadline: request.deadline });
      } catch (error) {
        observer.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
        if (!isTransientEndorsementFailure(error) || attempt >= options.endorseRetries) {
          throw endorsementFailure(error, transactionId);
        }
      }
    }
  };

  const endorseAndSubmit = async (request: Readonly<TransactionRequest>): Promise<SubmittedTransaction> => {
    const transaction = await endorse(request);
    try {
      return await transaction.submit({ deadline: request.deadline });
    } catch (error) {
      const transactionId = transaction.getTransactionId();
      observer.settled({ transactionId, outcome: 'NOT_SUBMITTED' });
      throw submissionFailure(error, transactionId);
    }
  };

  const awaitCommit = async (submitted: SubmittedTransaction, deadline: Date): Promise<SubmitResult> => {
    const transactionId = submitted.getTransactionId();
    let status;
    try {
      status = await submitted.getStatus({ deadline });
    } catch (error) {
      throw commitUnknown(error, transactionId);
    }
    const validationCode = validationCodeName(status.code);
    observer.settled({
      transactionId,
      outcome: status.successful ? 'COMMITTED' : 'INVALID',
      validationCode,
      blockNumber: status.blockNumber,
    });
    if (!status.successful) {
      throw commitRejected(validationCode, transactionId);
    }
    return { transactionId, blockNumber: status.blockNumber, result: submitted.getResult() };
  };

  return {
    submit: async (request) => {
      if (inFlight >= options.maxInFlightSubmits) {
        throw new OverloadError();
      }
      inFlight += 1;
      metrics.inFlightSubmits.inc();
      try {
        const submitted = await timed(metrics.fabricSubmitSeconds, request.fn, () =>
          endorseAndSubmit(request),
        );
        return await timed(metrics.fabricCommitSeconds, request.fn, () =>
          awaitCommit(submitted, request.deadline),
        );
      } finally {
        inFlight -= 1;
        metrics.inFlightSubmits.dec();
      }
    },

    evaluate: async (request) => {
      const { contract } = connections.connectionFor(request.caller);
      try {
        return await contract
          .newProposal(request.fn, { arguments: [...request.args] })
          .evaluate({ deadline: request.deadline });
      } catch (error) {
        throw evaluationFailure(error);
      }
    },

    getTransaction: async ({ caller, transactionId, deadline }) => {
      const { qscc } = connections.connectionFor(caller);
      const query = (fn: string): Promise<Uint8Array> =>
        qscc.newProposal(fn, { arguments: [profile.channel, transactionId] }).evaluate({ deadline });
      let answers: [Uint8Array, Uint8Array];
      try {
        answers = await Promise.all([query('GetTransactionByID'), query('GetBlockByTxID')]);
      } catch (error) {
        if (isUnknownTransaction(error)) {
          throw new EvaluationError({
            code: 'NOT_FOUND',
            message: `transaction ${transactionId} not found`,
            cause: error,
          });
        }
        throw evaluationFailure(error);
      }
      try {
        const summary = decodeProcessedTransaction(answers[0]);
        return { transactionId, ...summary, blockNumber: decodeBlockNumber(answers[1]) };
      } catch (error) {
        throw new LedgerResultError('transaction', error, transactionId);
      }
    },

    getCommitStatus: async ({ caller, transactionId, deadline }) => {
      const { gateway } = connections.connectionFor(caller);
      const request = new gatewayProtos.CommitStatusRequest();
      request.setChannelId(profile.channel);
      request.setTransactionId(transactionId);
      request.setIdentity(serializedIdentity(caller));
      const signedRequest = new gatewayProtos.SignedCommitStatusRequest();
      signedRequest.setRequest(request.serializeBinary());
      try {
        const status = await gateway.newCommit(signedRequest.serializeBinary()).getStatus({ deadline });
        return {
          transactionId,
          valid: status.successful,
          validationCode: validationCodeName(status.code),
          blockNumber: status.blockNumber,
        };
      } catch (error) {
        throw commitUnknown(error, transactionId);
      }
    },

    subscribeEvents: async ({ caller, after }): Promise<EventSubscription> => {
      const { network } = connections.connectionFor(caller);
      const eventOptions: ChaincodeEventsOptions =
        after === undefined
          ? { startBlock: 0n }
          : {
              checkpoint: {
                getBlockNumber: () => after.blockNumber,
                getTransactionId: () => after.transactionId,
              },
            };
      const events = await network.getChaincodeEvents(profile.chaincode, eventOptions);
      let closed = false;
      return {
        close: () => {
          closed = true;
          events.close();
        },
        [Symbol.asyncIterator]: async function* () {
          try {
            for await (const event of events) {
              yield {
                blockNumber: event.blockNumber,
                transactionId: event.transactionId,
                eventName: event.eventName,
                payload: event.payload,
              };
            }
          } catch (error) {
            if (!closed) {
              throw error;
            }
          }
        },
      };
    },

    checkPeers: (deadline) =>
      Promise.all(ORG_KEYS.map(async (org) => ({ org, reachable: await peers.isReachable(org, deadline) }))),

    close: () => {
      connections.close();
      peers.close();
    },
  };
}
