import Long from 'long';
import type { CommitListener, Network } from 'fabric-network';
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import { createCommitTracker, SubmitAbandonedError, type SubmitPhase } from '../../src/ledger/commit-tracker';

const TX = 'c'.repeat(64);
const peer = { name: '127.0.0.1:7051', mspid: 'EnterpriseMSP' };

/** The few members of a fabric-network Network the tracker uses; `emit` plays the peer's commit event. */
function fakeNetwork(): {
  network: Network;
  emit: (status: string, blockNumber: number) => void;
  listening: () => boolean;
} {
  let listener: CommitListener | undefined;
  const network = {
    getChannel: () => ({ getEndorsers: (mspId?: string) => (mspId === 'NoPeersMSP' ? [] : [peer]) }),
    getGateway: () => ({ getIdentity: () => ({ mspId: 'EnterpriseMSP' }) }),
    addCommitListener: (added: CommitListener) => {
      listener = added;
      return Promise.resolve(added);
    },
    removeCommitListener: () => {
      listener = undefined;
    },
  };
  const emit = (status: string, blockNumber: number): void => {
    listener?.(undefined, {
      peer,
      transactionId: TX,
      status,
      isValid: status === 'VALID',
      getBlockEvent: () => ({ blockNumber: Long.fromNumber(blockNumber) }),
    } as never);
  };
  return { network: network as unknown as Network, emit, listening: () => listener !== undefined };
}

test('phases follow fabric-network: endorsing → ordering (startListening) → committing; the block number is kept', async () => {
  const phases: SubmitPhase[] = [];
  const tracker = createCommitTracker((phase) => phases.push(phase));
  const { network, emit } = fakeNetwork();
  const handler = tracker.strategy(TX, network);
  expect(tracker.phase()).toBe('endorsing');
  await handler.startListening();
  expect(tracker.phase()).toBe('ordering');
  const waiting = handler.waitForEvents();
  emit('VALID', 12);
  await waiting;
  expect(tracker.phase()).toBe('committing');
  expect(tracker.blockNumber()).toBe(12n);
  expect(phases).toEqual(['ordering', 'committing']);
});

test('a commit invalid on the org peer fails with its validation code, as fabric-network does', async () => {
  const tracker = createCommitTracker();
  const { network, emit, listening } = fakeNetwork();
  const handler = tracker.strategy(TX, network);
  await handler.startListening();
  const waiting = handler.waitForEvents();
  emit('MVCC_READ_CONFLICT', 13);
  const error: unknown = await waiting.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TransactionError);
  expect(error).toMatchObject({ transactionCode: 'MVCC_READ_CONFLICT', transactionId: TX });
  expect(tracker.blockNumber()).toBe(13n);
  expect(listening()).toBe(false);
});

test('abandoned while endorsing: the transaction is never handed to the orderer', async () => {
  const tracker = createCommitTracker();
  const { network, listening } = fakeNetwork();
  const handler = tracker.strategy(TX, network);
  tracker.abandon();
  await expect(handler.startListening()).rejects.toBeInstanceOf(SubmitAbandonedError);
  expect(tracker.phase()).toBe('endorsing');
  expect(listening()).toBe(false);
});

test('abandoned while waiting: the wait ends and the listener is removed', async () => {
  const tracker = createCommitTracker();
  const { network, listening } = fakeNetwork();
  const handler = tracker.strategy(TX, network);
  await handler.startListening();
  const waiting = handler.waitForEvents();
  tracker.abandon();
  await expect(waiting).rejects.toBeInstanceOf(SubmitAbandonedError);
  expect(listening()).toBe(false);
});

test('the orderer refusing the broadcast (fabric-network cancels listening): known never ordered', async () => {
  const tracker = createCommitTracker();
  const { network, listening } = fakeNetwork();
  const handler = tracker.strategy(TX, network);
  await handler.startListening();
  expect(tracker.ordererRefused()).toBe(false);
  handler.cancelListening();
  expect(tracker.ordererRefused()).toBe(true);
  expect(tracker.phase()).toBe('ordering');
  expect(listening()).toBe(false);
});

test('a commit listener that cannot be added: still endorsing, nothing was sent', async () => {
  const tracker = createCommitTracker();
  const { network } = fakeNetwork();
  const failing = Object.assign(Object.create(network) as Network, {
    addCommitListener: () => Promise.reject(new Error('event service down')),
  });
  const handler = tracker.strategy(TX, failing);
  await expect(handler.startListening()).rejects.toThrow('event service down');
  expect(tracker.phase()).toBe('endorsing');
});
