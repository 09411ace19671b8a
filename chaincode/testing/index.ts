/**
 * The chaincode's in-memory ledger, exported for the tests of its clients as
 * `receivables-chaincode/testing`: it runs the real `ReceivablesContract` on a simulated world state
 * with Fabric 1.4's endorsement and validation rules (`chaincode/README.md` "Testing"), so a client's
 * tests exercise the contract itself without a network. Test code only: the chaincode bundle never
 * includes it, and it is resolved from source (jest `moduleNameMapper`, TypeScript `paths`).
 */
export {
  MemoryLedger,
  TransactionInvalidError,
  type ChaincodeEvent,
  type CommittedEvent,
  type Endorsement,
  type TransactionRecord,
  type TxResult,
  type ValidationCode,
} from '../test/support/ledger';
