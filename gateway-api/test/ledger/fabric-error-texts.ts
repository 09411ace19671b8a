/**
 * Error texts of fabric-network 2.2.20 / fabric-common 2.2.20 against Fabric 1.4.12, as seen in real
 * runs (never written by hand): the adapter's error mapping depends on them. Each entry gives the
 * texts `errorTexts(error)` returned (the error's message first, then its peers' messages).
 * Refresh: `SCF_NETWORK_PROFILE=.scf/network/profile.json SCF_PRINT_FABRIC_TEXTS=1 npx jest
 * --selectProjects gateway-api --testPathPatterns fabric-ledger.integration` prints them.
 */

/** A recorded error: where it came from and its texts. */
export interface RecordedError {
  /** How it was produced. */
  readonly source: string;
  readonly texts: readonly string[];
}

/**
 * Every org peer unreachable (a profile whose peers listen nowhere, 127.0.0.1:1–4; 2025 run, no
 * network needed): discovery fails after the 3 s wait-for-ready, for evaluate and submit alike.
 */
export const UNREACHABLE_PEERS: RecordedError = {
  source:
    'createFabricLedger on a profile with closed ports: evaluate GetParticipant and submit AcceptReceivable',
  texts: ['DiscoveryService has failed to return results'],
};
