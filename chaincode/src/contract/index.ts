/**
 * The contract of the `receivables` chaincode, shared by the chaincode and its clients (the REST
 * gateway imports it as `receivables-chaincode/contract`): records and their validating schemas,
 * the status machines, error codes, events, transactions and their arguments, and the one
 * deterministic JSON serializer. It imports nothing from Fabric, so a client loads it cheaply.
 */
export * from './errors';
export * from './orgs';
export * from './records';
export * from './schema';
export * from './serializer';
export * from './status';
export * from './transactions';
export * from './values';
export * from './views';
