/**
 * Errors shaped exactly as fabric-network 2.2.20 / fabric-common 2.2.20 throw them against our Fabric
 * 1.4.12 network: each is rebuilt from a recording of a real run (`test/ledger/fabric-error-texts.ts`),
 * optionally with another message.
 */
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import {
  DISCOVERY_FAILED,
  ENDORSEMENT_REFUSAL,
  EVALUATE_REFUSAL,
  MVCC_LOSER,
  type RecordedError,
} from '../ledger/fabric-error-texts';

/** Rebuilds a recorded error: same class, message and members (the peers' answers included). */
export function replay(recorded: RecordedError): Error {
  const { shape } = recorded;
  if (shape.class === 'TransactionError') {
    return Object.assign(
      new TransactionError({
        message: shape.message,
        transactionId: shape.transactionId ?? '',
        transactionCode: shape.transactionCode ?? '',
      }),
      { responses: shape.responses ?? [], errors: [] },
    );
  }
  const error = new Error(shape.message);
  if (shape.status !== undefined) {
    // fabric-network's query: the peer's status and (empty) payload, never endorsed.
    Object.assign(error, { status: shape.status, payload: Buffer.alloc(0), isEndorsed: false });
  }
  if (shape.responses !== undefined) {
    Object.assign(error, { responses: shape.responses, errors: [] });
  }
  return error;
}

/**
 * A chaincode refusal as fabric-network's evaluate throws it (also the endorsement plan's, which is
 * where a refused write is refused): the peer's message is the error's message.
 */
export function evaluateRefusal(chaincodeMessage: string): Error {
  return replay({
    ...EVALUATE_REFUSAL,
    shape: { ...EVALUATE_REFUSAL.shape, message: chaincodeMessage },
  });
}

/** A chaincode refusal as fabric-network's submit throws it: "No valid responses from any peers…". */
export function endorsementRefusal(chaincodeMessage: string): Error {
  const peer = /peer=([^,]+),/.exec(ENDORSEMENT_REFUSAL.shape.message)?.[1] ?? '127.0.0.1:7351';
  return replay({
    ...ENDORSEMENT_REFUSAL,
    shape: {
      ...ENDORSEMENT_REFUSAL.shape,
      message: `No valid responses from any peers. Errors:\n    peer=${peer}, status=500, message=${chaincodeMessage}`,
      responses: [{ response: { status: 500, message: chaincodeMessage } }],
    },
  });
}

/** Discovery failing (the caller's org peer, or every peer, unreachable). */
export function discoveryFailed(): Error {
  return replay(DISCOVERY_FAILED);
}

/** A transaction committed invalid with `validationCode`, as fabric-network's submit throws it. */
export function committedInvalid(validationCode: string, transactionId: string): Error {
  return replay({
    ...MVCC_LOSER,
    shape: {
      ...MVCC_LOSER.shape,
      message: `Commit of transaction ${transactionId} failed on peer 127.0.0.1:7351 with status ${validationCode}`,
      transactionId,
      transactionCode: validationCode,
    },
  });
}
