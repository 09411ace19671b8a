import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ORG_KEY_PATTERN, PARTICIPANT_KINDS, type OrgKey, type ParticipantKind } from '../domain/orgs';

const absolutePath = z
  .string()
  .min(1)
  .refine((value) => value.startsWith('/'), 'must be an absolute path');

const PeerProfileSchema = z.object({
  endpoint: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port'),
  hostAlias: z.string().min(1),
  tlsRootCertPath: absolutePath,
  clientCertPath: absolutePath.optional(),
  clientKeyPath: absolutePath.optional(),
});

const CaProfileSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  caName: z.string(),
  tlsRootCertPath: absolutePath,
  registrarId: z.string().min(1),
});

const OrgProfileSchema = z.object({
  mspId: z.string().min(1),
  /** The kind of participant the org registers. */
  kind: z.enum(PARTICIPANT_KINDS),
  peer: PeerProfileSchema,
  ca: CaProfileSchema,
});

const NetworkProfileSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  orgs: z
    .record(z.string().regex(ORG_KEY_PATTERN, 'must be lower-case letters and digits'), OrgProfileSchema)
    .refine((orgs) => Object.keys(orgs).length > 0, 'must name at least one org')
    .refine((orgs) => {
      const mspIds = Object.values(orgs).map((org) => org.mspId);
      return new Set(mspIds).size === mspIds.length;
    }, 'must give each org its own MSP id'),
});

/** One org of the network: its MSP, the kind of participant it registers, its peer and its CA. */
export type OrgProfile = z.infer<typeof OrgProfileSchema>;
/** The peer of one org as the gateway dials it. */
export type PeerProfile = z.infer<typeof PeerProfileSchema>;
/** The Fabric CA of one org. */
export type CaProfile = z.infer<typeof CaProfileSchema>;
/** The network profile written by `./test-network.sh up`. */
export type NetworkProfile = z.infer<typeof NetworkProfileSchema>;

/** The keys of the network's orgs, in the profile's order. */
export function orgKeys(profile: NetworkProfile): readonly OrgKey[] {
  return Object.keys(profile.orgs);
}

/**
 * One org of the network.
 *
 * @throws Error when the profile has no such org (a key from elsewhere than the profile)
 */
export function orgOf(profile: NetworkProfile, org: OrgKey): OrgProfile {
  const found = Object.hasOwn(profile.orgs, org) ? profile.orgs[org] : undefined;
  if (found === undefined) {
    throw new Error(`the network profile has no org ${org}`);
  }
  return found;
}

/** The kind of participant an org registers; `undefined` for an org the profile does not name. */
export function kindOfOrg(profile: NetworkProfile, org: OrgKey): ParticipantKind | undefined {
  return Object.hasOwn(profile.orgs, org) ? profile.orgs[org]?.kind : undefined;
}

/** The profile file is missing or does not describe the network. */
export class NetworkProfileError extends Error {
  override readonly name = NetworkProfileError.name;
}

/**
 * Parses a network profile document.
 *
 * @param document - the JSON value read from the profile file
 * @throws NetworkProfileError when the document does not match the expected shape
 */
export function parseNetworkProfile(document: unknown): NetworkProfile {
  const result = NetworkProfileSchema.safeParse(document);
  if (!result.success) {
    throw new NetworkProfileError(`invalid network profile: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/**
 * Reads and validates the network profile at `path`.
 *
 * @throws NetworkProfileError when the file cannot be read, is not JSON or has the wrong shape
 */
export function loadNetworkProfile(path: string): NetworkProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new NetworkProfileError(`cannot read network profile ${path}`, { cause });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new NetworkProfileError(`network profile ${path} is not JSON`, { cause });
  }
  return parseNetworkProfile(document);
}
