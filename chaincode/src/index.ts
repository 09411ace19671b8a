/** Entry point loaded by `fabric-chaincode-node` (package.json `main`: dist/index.js). */
import { ReceivablesContract } from './receivables-contract';

export { ReceivablesContract };

/** The contracts of this chaincode; the only one is the default. */
export const contracts = [ReceivablesContract];
