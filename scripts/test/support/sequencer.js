/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/explicit-function-return-type -- a CommonJS module that Jest loads as it is */
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The reliability suites that kill or stop nodes of the shared network (each restores it before it
 * ends): they run after every other suite, so no other suite meets their faults.
 */
const DISRUPTIVE = [
  'node-faults.test.ts',
  'gateway-crash.test.ts',
  'quorum-loss.test.ts',
  'restart-durability.test.ts',
];

/** 0: an ordinary suite, 1: a disruptive one, 2: the lifecycle suite, which ends the network. */
function rank(test) {
  if (test.path.endsWith('/lifecycle.test.ts')) return 2;
  return DISRUPTIVE.some((name) => test.path.endsWith(`/reliability/${name}`)) ? 1 : 0;
}

/** Jest's own order within each rank; the ranks in order. */
class NetworkSafeSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    return [0, 1, 2].flatMap((wanted) => ordered.filter((test) => rank(test) === wanted));
  }
}

module.exports = NetworkSafeSequencer;
