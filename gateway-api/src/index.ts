/**
 * SCF Ledger REST gateway: the public surface of the package.
 */
export { loadConfig, ConfigError, type GatewayConfig, type OidcConfig } from './config/config';
export {
  loadNetworkProfile,
  parseNetworkProfile,
  orgKeys,
  type NetworkProfile,
  type OrgProfile,
} from './config/network-profile';
export * from './domain/errors';
export { formatAmount, readAmount, minorDigits } from './domain/money';
export { ROLES, PARTICIPANT_KINDS, type OrgKey, type Role, type ParticipantKind } from './domain/orgs';
export type * from './ledger/ledger';
export { createFabricLedger, type FabricLedgerOptions } from './ledger/fabric-ledger';
export { createCertificateAuthority, type CertificateAuthority } from './identity/certificate-authority';
export { startGateway, type RunningGateway, type GatewayOverrides } from './runtime/gateway';
export { createRestClient, RestCallError, type RestClient } from './demo/rest-client';
export { runDemoStory, type DemoOptions, type DemoOutcome } from './demo/story';
