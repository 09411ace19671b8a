/**
 * Decodes the answers of the `qscc` system chaincode (GetTransactionByID, GetBlockByTxID).
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { validationCodeName } from './fabric-errors';

/** What a processed transaction says about itself. */
export interface ProcessedTransactionSummary {
  readonly validationCode: string;
  readonly creatorMspId: string;
  readonly timestamp: string | undefined;
}

/**
 * Decodes a `peer.ProcessedTransaction` (the answer of `GetTransactionByID`).
 *
 * @throws Error when the bytes are not a processed transaction with a header
 */
export function decodeProcessedTransaction(bytes: Uint8Array): ProcessedTransactionSummary {
  const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
  const envelope = processed.getTransactionenvelope();
  if (envelope === undefined) {
    throw new Error('processed transaction has no envelope');
  }
  const header = common.Payload.deserializeBinary(envelope.getPayload_asU8()).getHeader();
  if (header === undefined) {
    throw new Error('transaction payload has no header');
  }
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const timestamp = channelHeader.getTimestamp();
  return {
    validationCode: validationCodeName(processed.getValidationcode()),
    creatorMspId: creator.getMspid(),
    timestamp: timestamp === undefined ? undefined : timestamp.toDate().toISOString(),
  };
}

/**
 * Decodes the number of a `common.Block` (the answer of `GetBlockByTxID`).
 *
 * @throws Error when the bytes are not a block with a header
 */
export function decodeBlockNumber(bytes: Uint8Array): bigint {
  const header = common.Block.deserializeBinary(bytes).getHeader();
  if (header === undefined) {
    throw new Error('block has no header');
  }
  return BigInt(header.getNumber());
}
