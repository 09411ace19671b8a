/**
 * The member orgs, from the on-chain org map (contract/orgs.ts), and each org's endorsement anchor.
 *
 * The map is written only by {@link configureOrgs}, the `Init` of instantiate and upgrade; every
 * transaction reads it once (State caches the read) to learn its caller's org kind. Its key-level
 * policy requires a peer of every member org, so no ordinary transaction endorsed by fewer orgs
 * could change it (a lifecycle transaction is validated by lscc's rules instead).
 */
import {
  ForbiddenError,
  readJsonArgument,
  readMspId,
  readOrgMap,
  record,
  type Infer,
  type OrgMap,
  type ParticipantKind,
} from './contract';
import { peersOf } from './endorsement';
import type { Collection, State } from './state';
import type { Tx } from './transaction';

/** The configuration: `config [orgs]`. */
const CONFIG: Collection<OrgMap> = { objectType: 'config', label: 'org map', read: readOrgMap };

/** The id of the org map under {@link CONFIG}. */
const ORG_MAP = 'orgs';

/** An org's endorsement anchor: a constant value, only its key-level policy matters. */
const readOrgAnchor = record({ mspId: readMspId });

/** An org's endorsement anchor. */
export type OrgAnchor = Infer<typeof readOrgAnchor>;

/**
 * Org anchors: `org [mspId]`, each under the key-level policy "a peer of the org", set when the org
 * joins the map. A transaction that only that org may endorse writes its anchor (blind: the value
 * never changes, so it is never read), which puts a key of that policy into the write set.
 */
export const ORG_ANCHORS: Collection<OrgAnchor> = {
  objectType: 'org',
  label: 'org anchor',
  read: readOrgAnchor,
};

/**
 * The participant kind of org `mspId`, `undefined` for an org outside the map.
 * @throws Error when the chaincode was instantiated without an org map: a deployment error.
 */
export async function kindOfMsp(state: State, mspId: string): Promise<ParticipantKind | undefined> {
  const map = await state.get(CONFIG, ORG_MAP);
  if (map === undefined) {
    throw new Error('no org map: instantiate or upgrade the chaincode with ConfigureOrgs');
  }
  return map.orgs.find((org) => org.mspId === mspId)?.kind;
}

/** Stages org `mspId`'s anchor (no read; its policy stays as set by {@link configureOrgs}). */
export function touchAnchor(state: State, mspId: string): void {
  state.put(ORG_ANCHORS, mspId, { mspId });
}

/**
 * ConfigureOrgs: sets the org map, as the `Init` of instantiate or upgrade only, and the anchor of
 * each member org with its policy (rewritten only where it changes, State.flush).
 * @throws ForbiddenError when a client invokes it.
 * @throws ValidationError for a malformed map.
 */
export function configureOrgs(tx: Tx, lifecycle: boolean, orgsJson: unknown): OrgMap {
  if (!lifecycle) {
    throw new ForbiddenError('ConfigureOrgs runs only as the Init of an instantiate or upgrade');
  }
  const map = readOrgMap(readJsonArgument(orgsJson, 'orgsJson'), 'orgsJson');
  const members = map.orgs.map((org) => org.mspId);
  tx.state.put(CONFIG, ORG_MAP, map, peersOf(...members));
  for (const mspId of members) {
    tx.state.put(ORG_ANCHORS, mspId, { mspId }, peersOf(mspId));
  }
  return map;
}
