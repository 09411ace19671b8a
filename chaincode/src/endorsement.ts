/**
 * State-based endorsement (key-level) policies. Each policy requires a peer of every listed org
 * (an AND), so a change to the key only validates when those orgs endorsed it.
 */
import { KeyEndorsementPolicy } from 'fabric-shim';

/**
 * The serialized key-level policy "a peer of each of `mspIds`". Orgs are de-duplicated and sorted,
 * so the bytes are the same on every endorser.
 */
export function peersOf(...mspIds: string[]): Uint8Array {
  const policy = new KeyEndorsementPolicy();
  // 'PEER' is the principal role of an endorsing peer (fabric-shim's ENDORSER_ROLES is type-only).
  policy.addOrgs('PEER', ...[...new Set(mspIds)].sort());
  return policy.getPolicy();
}
