/**
 * The network's organizations come from its profile (written by `./test-network.sh up` from
 * `network/topology.sh`): no org is named in code. An org key names the org in the profile and in
 * user names (`admin@<org>`).
 */

/** An org key: lower-case letters and digits. */
export const ORG_KEY_PATTERN = /^[a-z0-9]{1,32}$/;

/** The key of one of the network's orgs, as its profile names it. */
export type OrgKey = string;

/** Kinds of participant (the contract's); each org registers participants of exactly one kind. */
export { PARTICIPANT_KINDS, type ParticipantKind } from 'receivables-chaincode/contract';

/** Roles carried by the certificate attribute `scf.role`. */
export const ROLES = ['admin', 'operator', 'viewer'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** The user name of an org's administrator. */
export function adminUsername(org: OrgKey): string {
  return `admin@${org}`;
}
