/**
 * Whether a transaction is the chaincode's instantiate or upgrade. Fabric 1.4 runs the chaincode's
 * `Init` with the proposal the admin sent to the lifecycle system chaincode, so the proposal's
 * chaincode header names `lscc`; a client's invoke names this chaincode, and no client proposal can
 * name `lscc` and reach this chaincode otherwise (lscc calls `Init` only for deploy and upgrade,
 * which the channel's instantiation policy governs).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { Context } from 'fabric-contract-api';

/** The name of Fabric 1.4's lifecycle system chaincode. */
export const LIFECYCLE_CHAINCODE = 'lscc';

/**
 * The chaincode the transaction's proposal was addressed to. The shim hands the channel header over
 * as the decoded protobuf message (its typings describe a plain object).
 */
function addressee(stub: Context['stub']): string | undefined {
  const header: unknown = stub.getSignedProposal().proposal.header.channelHeader;
  if (!(header instanceof common.ChannelHeader)) {
    return undefined;
  }
  return peer.ChaincodeHeaderExtension.deserializeBinary(header.getExtension_asU8())
    .getChaincodeId()
    ?.getName();
}

/** Whether this transaction runs as the `Init` of an instantiate or upgrade. */
export function isLifecycleCall(stub: Context['stub']): boolean {
  return addressee(stub) === LIFECYCLE_CHAINCODE;
}
