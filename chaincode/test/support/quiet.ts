/**
 * fabric-contract-api logs every decorator at info level when the contract module loads; unless
 * the environment says otherwise, keep tests quiet. Import before the contract.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
