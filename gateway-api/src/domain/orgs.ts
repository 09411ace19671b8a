/** The peer orgs of the network, as named in the network profile and in user names (`admin@<org>`). */
export const ORG_KEYS = ['enterprise', 'banka', 'bankb', 'auditor'] as const;

/** One of {@link ORG_KEYS}. */
export type OrgKey = (typeof ORG_KEYS)[number];

/** Kinds of participant; each org registers participants of exactly one kind. */
export const PARTICIPANT_KINDS = ['ENTERPRISE', 'BANK', 'AUDITOR'] as const;

/** One of {@link PARTICIPANT_KINDS}. */
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** Roles carried by the certificate attribute `scf.role`. */
export const ROLES = ['admin', 'operator', 'viewer'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

const KIND_OF_ORG: Readonly<Record<OrgKey, ParticipantKind>> = {
  enterprise: 'ENTERPRISE',
  banka: 'BANK',
  bankb: 'BANK',
  auditor: 'AUDITOR',
};

/** The participant kind an org may register (`EnterpriseMSP` → ENTERPRISE, banks → BANK, auditor → AUDITOR). */
export function kindOfOrg(org: OrgKey): ParticipantKind {
  return KIND_OF_ORG[org];
}

/** The user name of an org's administrator. */
export function adminUsername(org: OrgKey): string {
  return `admin@${org}`;
}
