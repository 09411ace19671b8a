/**
 * The commit wait of one submit, as a fabric-network event handler strategy: fabric-network's
 * default (`PREFER_MSPID_SCOPE_ALLFORTX`: every peer of the caller's org must report the commit, a
 * commit invalid on any of them fails with its validation code), which also records what
 * fabric-network's own handler keeps to itself:
 * - the phase the submit is in: `Transaction.submit` starts listening only once the endorsements are
 *   collected, right before it sends them to the orderer, and waits for the events once the orderer
 *   accepted them — so a failure or a deadline can be told apart as "never sent" (still endorsing, or
 *   the orderer answered the broadcast with a failure status) or "outcome unknown" (anything else once
 *   the endorsements may have been handed over);
 * - the block number of the commit.
 * `abandon()` before the orderer is reached makes sure the transaction is never sent.
 */
import type { Network, TxEventHandler, TxEventHandlerFactory } from 'fabric-network';
// Not exported by fabric-network's index at run time (only by its types).
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import type { CommitError, CommitEvent } from 'fabric-network';
import type { Endorser } from 'fabric-common';

/** Where a submit is: collecting endorsements, handing them to the orderer, or waiting for the commit. */
export type SubmitPhase = 'endorsing' | 'ordering' | 'committing';

/** The submit was abandoned (its deadline passed) before its endorsements reached the orderer. */
export class SubmitAbandonedError extends Error {
  override readonly name = SubmitAbandonedError.name;
}

/** Tracks one transaction's submit. */
export interface CommitTracker {
  /** The strategy to give `transaction.setEventHandler`. */
  readonly strategy: TxEventHandlerFactory;
  phase(): SubmitPhase;
  /** The number of the block the transaction was committed (valid or not) in, once known. */
  blockNumber(): bigint | undefined;
  /** Whether the orderer answered the broadcast with a status other than SUCCESS (so it was never ordered). */
  ordererRefused(): boolean;
  /** Gives up: a submit still endorsing is never sent to the orderer; a commit wait stops. */
  abandon(): void;
}

/** The peers whose commit events count: the org's own, else every peer of the channel (fabric-network's default). */
function commitPeers(network: Network): Endorser[] {
  const channel = network.getChannel();
  const own = channel.getEndorsers(network.getGateway().getIdentity().mspId);
  return own.length > 0 ? own : channel.getEndorsers();
}

/** Creates the tracker of one submit. */
export function createCommitTracker(onPhase?: (phase: SubmitPhase) => void): CommitTracker {
  let phase: SubmitPhase = 'endorsing';
  const enter = (next: SubmitPhase): void => {
    phase = next;
    onPhase?.(next);
  };
  let abandoned = false;
  let refused = false;
  const isAbandoned = (): boolean => abandoned;
  let blockNumber: bigint | undefined;
  let cancel: (() => void) | undefined;

  const strategy: TxEventHandlerFactory = (transactionId, network): TxEventHandler => {
    const peers = commitPeers(network);
    const unresponded = new Set(peers.map((peer) => peer.name));
    let succeeded = 0;
    let settle: ((error?: Error) => void) | undefined;
    const outcome = new Promise<Error | undefined>((resolve) => {
      settle = resolve;
    });
    const finish = (error?: Error): void => {
      network.removeCommitListener(listener);
      settle?.(error);
      settle = undefined;
    };
    const listener = (error?: CommitError, event?: CommitEvent): void => {
      if (event !== undefined) {
        blockNumber ??= BigInt(event.getBlockEvent().blockNumber.toString());
      }
      if (event !== undefined && !event.isValid) {
        finish(
          new TransactionError({
            message: `Commit of transaction ${transactionId} failed on peer ${event.peer.name} with status ${event.status}`,
            transactionId: event.transactionId,
            transactionCode: event.status,
          }),
        );
        return;
      }
      const peer = error?.peer ?? event?.peer;
      if (peer === undefined || !unresponded.delete(peer.name)) {
        return;
      }
      if (event !== undefined) {
        succeeded += 1;
      }
      if (unresponded.size === 0) {
        finish(succeeded > 0 ? undefined : (error ?? new Error('No successful events received')));
      }
    };
    cancel = () => {
      finish(new SubmitAbandonedError(`stopped waiting for the commit of transaction ${transactionId}`));
    };
    return {
      startListening: async () => {
        const abandonedError = (): SubmitAbandonedError =>
          new SubmitAbandonedError(
            `transaction ${transactionId} abandoned before it was sent to the orderer`,
          );
        if (abandoned) {
          throw abandonedError();
        }
        // Still 'endorsing' until the listener is in place: a failure here means nothing was sent.
        await network.addCommitListener(listener, peers, transactionId);
        // `abandon()` may have been called while the listener was being added.
        if (isAbandoned()) {
          network.removeCommitListener(listener);
          throw abandonedError();
        }
        enter('ordering');
      },
      waitForEvents: async () => {
        enter('committing');
        const error = await outcome;
        if (error !== undefined) {
          throw error;
        }
      },
      cancelListening: () => {
        // fabric-network calls this only when the orderer answered with a status other than SUCCESS.
        refused = true;
        finish(new SubmitAbandonedError(`the orderer did not accept transaction ${transactionId}`));
      },
    };
  };

  return {
    strategy,
    phase: () => phase,
    blockNumber: () => blockNumber,
    ordererRefused: () => refused,
    abandon: () => {
      abandoned = true;
      cancel?.();
    },
  };
}
