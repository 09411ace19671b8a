/**
 * The org map: which MSPs are members of the network and the kind of participant each one
 * registers. It is on-chain configuration, not code: the network scripts write it from
 * network/topology.sh's PEERS rows and pass it as the argument of {@link CONFIGURE_ORGS} at
 * instantiate and upgrade (chaincode/README.md, "Orgs").
 */
import { ValidationError } from './errors';
import { PARTICIPANT_KINDS } from './records';
import { arrayOf, jsonArgument, oneOf, record, refine, type Infer } from './schema';
import { readMspId } from './values';

/** Most orgs the map holds. */
export const MAX_ORGS = 64;

/** One member org: its MSP id and the kind of participant it registers. */
export const readMemberOrg = record({ mspId: readMspId, kind: oneOf(PARTICIPANT_KINDS) });

/** One member org. */
export type MemberOrg = Infer<typeof readMemberOrg>;

/** The org map: 1 to {@link MAX_ORGS} member orgs, each MSP id once. */
export const readOrgMap = refine(
  record({ orgs: arrayOf(readMemberOrg, 1, MAX_ORGS) }),
  'each mspId once',
  (map, path) => {
    const ids = map.orgs.map((org) => org.mspId);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) {
      throw new ValidationError(`${path}.orgs names ${repeated} twice`);
    }
    return map;
  },
);

/** The org map. */
export type OrgMap = Infer<typeof readOrgMap>;

/**
 * The lifecycle-only transaction that sets the org map: the `Init` of instantiate and upgrade
 * (`-c '{"Args":["ConfigureOrgs","<orgsJson>"]}'`). Refused when a client invokes it.
 */
export const CONFIGURE_ORGS = {
  name: 'ConfigureOrgs',
  params: [['orgsJson', jsonArgument(readOrgMap)]],
} as const;
