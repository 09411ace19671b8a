import { createResumeFilter, resumeStartBlock, type EventPlace } from '../../src/ledger/event-resume';

const at = (blockNumber: bigint, transactionId: string): EventPlace => ({ blockNumber, transactionId });

test('without a position everything from block 0 is delivered', () => {
  const accept = createResumeFilter(undefined);
  expect(resumeStartBlock(undefined)).toBe(0n);
  expect([at(0n, 'a'), at(1n, 'b')].map(accept)).toEqual([true, true]);
});

test('the replay starts at the block of the last event and skips it and what came before it in that block', () => {
  const after = at(7n, 'tx2');
  expect(resumeStartBlock(after)).toBe(7n);
  const accept = createResumeFilter(after);
  const replay = [at(7n, 'tx1'), at(7n, 'tx2'), at(7n, 'tx3'), at(8n, 'tx4'), at(9n, 'tx5')];
  expect(replay.filter(accept).map((event) => event.transactionId)).toEqual(['tx3', 'tx4', 'tx5']);
});

test('the last event of its block: the next block follows', () => {
  const accept = createResumeFilter(at(3n, 'last'));
  expect([at(3n, 'first'), at(3n, 'last'), at(4n, 'next')].map(accept)).toEqual([false, false, true]);
});

test('blocks before the resume block are never delivered', () => {
  const accept = createResumeFilter(at(5n, 'x'));
  expect(accept(at(4n, 'older'))).toBe(false);
});
