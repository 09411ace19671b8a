/**
 * GetEndorsementPlan: which orgs must endorse a write, so that a client can send its proposal to
 * exactly those orgs' peers (Fabric's discovery does not account for key-level policies).
 *
 * The write's own logic runs against the current state inside this read-only evaluation, which is
 * never committed; its staged writes are never applied to the stub. The orgs are then read off the
 * keys it would write:
 * - a key with a key-level (state-based) policy needs every org of that policy, as it is committed
 *   now: Fabric validates a write against the policy committed before the transaction;
 * - a key without one (a new key, an index entry) falls back to the chaincode-level policy given at
 *   instantiate (`endorsement-policy.txt`), which a peer of any one member org satisfies;
 * - and the caller's own org, whose peer the gateway sends the proposal through (it also satisfies
 *   the chaincode-level policy for the keys of the previous point).
 * A refusal of the write propagates as it is (`CODE: …`), so the plan already tells a client that its
 * submit would be refused.
 */
import { KeyEndorsementPolicy } from 'fabric-shim';
import { arrayOf, readJsonArgument, readString, ValidationError } from './contract';
import type { Tx } from './transaction';
import { writeNamed } from './writes';

/**
 * The sorted MSP ids whose peers must endorse write `fn` called by this caller with the arguments
 * `argsJson` (a JSON array of the write's string arguments, `""` for optional ones).
 * @throws ValidationError when `fn` is no write transaction or the arguments do not fit it.
 * @throws the write's own refusal when it would refuse.
 */
export async function endorsementPlan(tx: Tx, fn: unknown, argsJson: unknown): Promise<string[]> {
  const name = readString(fn, 'fn');
  const transaction = writeNamed(name);
  if (transaction === undefined) {
    throw new ValidationError(`fn ${name} is not a write transaction`);
  }
  const count = transaction.arity;
  const args = arrayOf(readString, count, count)(readJsonArgument(argsJson, 'argsJson'), 'argsJson');
  await transaction.run(tx, args);
  const orgs = new Set([tx.identity.getMSPID()]);
  for (const key of tx.state.stagedKeys()) {
    const policy = await tx.state.validationParameter(key);
    for (const org of policy === undefined ? [] : new KeyEndorsementPolicy(policy).listOrgs()) {
      orgs.add(org);
    }
  }
  return [...orgs].sort();
}
