import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { EndorseError, GatewayError } from '@hyperledger/fabric-gateway';

/** A gRPC ServiceError as fabric-gateway wraps it. */
export function serviceError(code: status, message: string): ServiceError {
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata: new Metadata() });
}

/** An EndorseError carrying a peer's message, as fabric-gateway throws it. */
export function endorseError(
  message: string,
  transactionId = 'a'.repeat(64),
  code = status.ABORTED,
): EndorseError {
  return new EndorseError({
    code,
    details: [{ address: 'peer0.enterprise.scf.local:7051', mspId: 'EnterpriseMSP', message }],
    cause: serviceError(code, 'failed to endorse transaction, see attached details for more info'),
    transactionId,
    message: `${code} ABORTED: failed to endorse transaction, see attached details for more info`,
  });
}

/** A GatewayError of an evaluation or connection failure. */
export function gatewayError(code: status, detailMessage?: string): GatewayError {
  return new GatewayError({
    code,
    details:
      detailMessage === undefined
        ? []
        : [{ address: 'peer0.enterprise.scf.local:7051', mspId: 'EnterpriseMSP', message: detailMessage }],
    cause: serviceError(code, 'failed'),
    message: `${code} failed`,
  });
}
