/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/explicit-function-return-type -- a CommonJS module that Jest loads as it is */
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's own order, except that the lifecycle suite runs last: it stops, restarts, upgrades and
 * finally takes down the network every other integration suite shares.
 */
class LifecycleLastSequencer extends Sequencer {
  async sort(tests) {
    const isLifecycle = (test) => test.path.endsWith('/lifecycle.test.ts');
    const ordered = await super.sort(tests);
    return [...ordered.filter((test) => !isLifecycle(test)), ...ordered.filter(isLifecycle)];
  }
}

module.exports = LifecycleLastSequencer;
