import { DeadlineExceededError } from '../../src/ledger/deadline';
import {
  chaincodeRefusal,
  commitRejected,
  commitUnknown,
  endorsementFailure,
  errorTexts,
  evaluationFailure,
  isDiscoveryFailure,
  isTransientEndorsementFailure,
  isUnavailable,
  isUnknownTransaction,
} from '../../src/ledger/fabric-errors';
import { replay } from '../support/fabric-errors';
import {
  DISCOVERY_FAILED,
  ENDORSEMENT_REFUSAL,
  EVALUATE_REFUSAL,
  MVCC_LOSER,
  ONE_ORG_SHORT,
  ORDERERS_UNREACHABLE,
  PLAN_REFUSAL,
  SAME_BLOCK_RACE_LOSER,
  UNKNOWN_TRANSACTION,
  type RecordedError,
} from './fabric-error-texts';

const TX = 'a'.repeat(64);

describe('the recorded errors replay as recorded', () => {
  test.each([
    ['EVALUATE_REFUSAL', EVALUATE_REFUSAL],
    ['PLAN_REFUSAL', PLAN_REFUSAL],
    ['ENDORSEMENT_REFUSAL', ENDORSEMENT_REFUSAL],
    ['ONE_ORG_SHORT', ONE_ORG_SHORT],
    ['MVCC_LOSER', MVCC_LOSER],
    ['SAME_BLOCK_RACE_LOSER', SAME_BLOCK_RACE_LOSER],
    ['DISCOVERY_FAILED', DISCOVERY_FAILED],
    ...UNKNOWN_TRANSACTION.map(
      (recorded, index) => [`UNKNOWN_TRANSACTION[${String(index)}]`, recorded] as const,
    ),
  ] as const)('%s: errorTexts reads the recorded texts', (_name, recorded: RecordedError) => {
    expect(errorTexts(replay(recorded))).toEqual(recorded.texts);
  });
});

describe('chaincode refusals (real texts) map by their code', () => {
  test('a read refused: NOT_FOUND with the prose after the code', () => {
    const error = replay(EVALUATE_REFUSAL);
    expect(chaincodeRefusal(error)).toEqual({
      code: 'NOT_FOUND',
      message: 'participant ITc0a41395-NOPE does not exist',
    });
    expect(evaluationFailure(error)).toMatchObject({ code: 'NOT_FOUND' });
    expect(isUnavailable(error)).toBe(false);
  });

  test('a write refused by its plan: CONFLICT, naming the transaction', () => {
    expect(endorsementFailure(replay(PLAN_REFUSAL), TX)).toMatchObject({
      code: 'CONFLICT',
      message: 'participant ITc0a41395-CORE already exists',
      transactionId: TX,
    });
  });

  test('a write refused at endorsement ("No valid responses from any peers"): CONFLICT', () => {
    const error = replay(ENDORSEMENT_REFUSAL);
    expect(chaincodeRefusal(error)).toEqual({
      code: 'CONFLICT',
      message: 'participant ITc0a41395-CORE already exists',
    });
    // The summary alone is enough too (message=CODE: …).
    expect(chaincodeRefusal(new Error(ENDORSEMENT_REFUSAL.shape.message))?.code).toBe('CONFLICT');
    expect(endorsementFailure(error, TX)).toMatchObject({ code: 'CONFLICT' });
  });

  test('a gRPC status name is not a chaincode refusal', () => {
    expect(chaincodeRefusal(new Error('5 NOT_FOUND: no such service'))).toBeUndefined();
  });

  test('a chaincode failure without a code is not a refusal → 502 UPSTREAM_FAILED', () => {
    const error = replay({
      ...EVALUATE_REFUSAL,
      shape: { ...EVALUATE_REFUSAL.shape, message: 'corrupt ledger value for rcv R1' },
    });
    expect(chaincodeRefusal(error)).toBeUndefined();
    expect(evaluationFailure(error)).toMatchObject({ code: 'UPSTREAM_FAILED' });
  });
});

describe('unreachable peers and orderers (real runs)', () => {
  test('discovery failed → 503 UPSTREAM_UNAVAILABLE, and the cached network is dropped', () => {
    const error = replay(DISCOVERY_FAILED);
    expect(isUnavailable(error)).toBe(true);
    expect(isDiscoveryFailure(error)).toBe(true);
    expect(chaincodeRefusal(error)).toBeUndefined();
    expect(evaluationFailure(error)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(endorsementFailure(error, TX)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', transactionId: TX });
  });

  test('orderers unreachable: the request deadline passes → outcome unknown, 503 naming the transaction', () => {
    const deadline = new DeadlineExceededError(ORDERERS_UNREACHABLE.shape.message);
    expect(errorTexts(deadline)).toEqual(ORDERERS_UNREACHABLE.texts);
    expect(isUnavailable(deadline)).toBe(true);
    expect(commitUnknown(deadline, TX)).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      transactionId: TX,
      retryAfterSeconds: 2,
    });
  });

  test('a peer that cannot start the chaincode container (engine stopped) → 503 UPSTREAM_UNAVAILABLE', () => {
    // The peer's answer as the CI run with the network's dockerd stopped recorded it.
    const error = new Error(
      'No valid responses from any peers. Errors:\n    peer=peer0.enterprise.scf.local, status=500, message=failed to execute transaction 15343829e5c4ade8b882db682a71319ce4f33822dcdce0499854caeb1d9bd002: [channel scf] could not launch chaincode receivables:1: error starting container: error starting container: Post "http://unix.sock/containers/create?name=scf500-peer0.enterprise.scf.local-receivables-1": dial unix /tmp/scf-it-FBBaMq/engine/docker.sock: connect: no such file or directory',
    );
    expect(isUnavailable(error)).toBe(true);
    expect(chaincodeRefusal(error)).toBeUndefined();
    expect(evaluationFailure(error)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(endorsementFailure(error, TX)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', transactionId: TX });
  });

  test('"Peer endorsements do not match" (fabric-common) is transient → 503 after the retries', () => {
    const error = new Error(
      'No valid responses from any peers. Errors:\n    peer=undefined, status=grpc, message=Peer endorsements do not match',
    );
    expect(isTransientEndorsementFailure(error)).toBe(true);
    expect(endorsementFailure(error, TX)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

test.each(UNKNOWN_TRANSACTION)('qscc: $source → an unknown transaction', (recorded) => {
  expect(isUnknownTransaction(replay(recorded))).toBe(true);
});

test('qscc: another failure to read the index is not an unknown transaction', () => {
  expect(isUnknownTransaction(new Error('Failed to get transaction with id X, error leveldb: closed'))).toBe(
    false,
  );
  expect(isUnknownTransaction(replay(EVALUATE_REFUSAL))).toBe(false);
});

describe('commit rejections (real validation codes)', () => {
  const codeOf = (recorded: RecordedError): string => recorded.shape.transactionCode ?? '';

  test('the MVCC loser is a lost race → CONFLICT', () => {
    expect(commitRejected(codeOf(MVCC_LOSER), TX)).toMatchObject({
      code: 'CONFLICT',
      validationCode: 'MVCC_READ_CONFLICT',
      transactionId: TX,
    });
  });

  test('PHANTOM_READ_CONFLICT is a lost race → CONFLICT', () => {
    expect(commitRejected('PHANTOM_READ_CONFLICT', TX)).toMatchObject({ code: 'CONFLICT' });
  });

  test('a same-block race loser (its plan differs now) is a lost race → CONFLICT', () => {
    expect(commitRejected(codeOf(SAME_BLOCK_RACE_LOSER), TX, { stateChanged: true })).toMatchObject({
      code: 'CONFLICT',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
    });
  });

  test('one org short with an unchanged plan is a planning fault → UPSTREAM_FAILED', () => {
    expect(commitRejected(codeOf(ONE_ORG_SHORT), TX, { stateChanged: false })).toMatchObject({
      code: 'UPSTREAM_FAILED',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
    });
    expect(commitRejected(codeOf(ONE_ORG_SHORT), TX)).toMatchObject({ code: 'UPSTREAM_FAILED' });
  });
});
