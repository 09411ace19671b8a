import { DeadlineExceededError } from '../../src/ledger/deadline';
import {
  chaincodeRefusal,
  commitRejected,
  endorsementFailure,
  evaluationFailure,
  isDiscoveryFailure,
  isUnavailable,
} from '../../src/ledger/fabric-errors';
import { UNREACHABLE_PEERS, type RecordedError } from './fabric-error-texts';

const TX = 'a'.repeat(64);

/** An error as fabric-network throws it: the first text its message, the others its peers' messages. */
function replay(recorded: RecordedError): Error {
  const [message = '', ...peerMessages] = recorded.texts;
  return Object.assign(new Error(message), { errors: peerMessages.map((text) => new Error(text)) });
}

describe('recorded texts of a real network', () => {
  test('peers unreachable: discovery fails → 503 UPSTREAM_UNAVAILABLE, and the cached network is dropped', () => {
    const error = replay(UNREACHABLE_PEERS);
    expect(isUnavailable(error)).toBe(true);
    expect(isDiscoveryFailure(error)).toBe(true);
    expect(chaincodeRefusal(error)).toBeUndefined();
    expect(evaluationFailure(error)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(endorsementFailure(error, TX)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', transactionId: TX });
  });
});

test('a gRPC status name is not a chaincode refusal', () => {
  expect(chaincodeRefusal(new Error('5 NOT_FOUND: no such service'))).toBeUndefined();
});

test('a request deadline reads as unavailable (gRPC DEADLINE_EXCEEDED)', () => {
  expect(isUnavailable(new DeadlineExceededError('submit: the request deadline passed'))).toBe(true);
});

describe('commit rejections', () => {
  test.each(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT'])('%s is a lost race → CONFLICT', (code) => {
    expect(commitRejected(code, TX)).toMatchObject({
      code: 'CONFLICT',
      validationCode: code,
      transactionId: TX,
    });
  });

  test('ENDORSEMENT_POLICY_FAILURE after a change of state (the plan differs now) is a lost race → CONFLICT', () => {
    expect(commitRejected('ENDORSEMENT_POLICY_FAILURE', TX, { stateChanged: true })).toMatchObject({
      code: 'CONFLICT',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
    });
  });

  test('ENDORSEMENT_POLICY_FAILURE with an unchanged plan is a planning fault → UPSTREAM_FAILED', () => {
    expect(commitRejected('ENDORSEMENT_POLICY_FAILURE', TX, { stateChanged: false })).toMatchObject({
      code: 'UPSTREAM_FAILED',
    });
    expect(commitRejected('ENDORSEMENT_POLICY_FAILURE', TX)).toMatchObject({ code: 'UPSTREAM_FAILED' });
  });
});
