/**
 * Resuming a chaincode event stream exactly after the last event processed. Fabric replays from a
 * block, not from a transaction, so the stream restarts at the block of that event and skips, in
 * that block, every event up to and including the last one processed.
 */
import type { EventPosition } from './ledger';

/** Where the replay starts: the block of the last event processed, or the first block. */
export function resumeStartBlock(after: EventPosition | undefined): bigint {
  return after?.blockNumber ?? 0n;
}

/** An event's place in the chain. */
export interface EventPlace {
  readonly blockNumber: bigint;
  readonly transactionId: string;
}

/**
 * A stateful filter over the replayed events, in chain order: true for an event to deliver. In the
 * resume block it drops events until the one of `after.transactionId` has been seen (and that one
 * too); later blocks pass whole, earlier ones (never replayed) are dropped.
 */
export function createResumeFilter(after: EventPosition | undefined): (event: EventPlace) => boolean {
  if (after === undefined) {
    return () => true;
  }
  let seen = false;
  return (event) => {
    if (event.blockNumber !== after.blockNumber) {
      return event.blockNumber > after.blockNumber;
    }
    if (event.transactionId === after.transactionId) {
      seen = true;
      return false;
    }
    return seen;
  };
}
