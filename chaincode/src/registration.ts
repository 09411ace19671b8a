/** The participant registry transactions: RegisterParticipant, GetParticipant, ListParticipants. */
import { peersOf } from './endorsement';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  oneOf,
  PARTICIPANT_KINDS,
  readId,
  readName,
  type Participant,
} from './contract';
import { orgAdmin, reader } from './identity';
import { ORGS, PARTICIPANTS } from './participant';
import type { Tx } from './transaction';

/**
 * RegisterParticipant: an org admin registers an `ACTIVE` participant of its own org; the kind must
 * fit the org. Writes the participant and the org registry `org [mspId]`, each with the key-level
 * policy "a peer of the org".
 *
 * The registry is the org's anchor: an existing key under that policy which every registration in
 * the org rewrites, so only the org's own peers can endorse one (the participant key is new, and a
 * new key falls back to the chaincode-level policy, which any member org satisfies). Its policy is
 * written once, when the registry is created: {@link State.flush} skips an unchanged policy. So two
 * registrations of one org never rewrite a validation parameter the other one depends on, and the
 * loser of a race (both read the registry) fails MVCC_READ_CONFLICT, in the winner's block or a later
 * one; resubmitted, it commits. The one exception is the org's very first registrations: each
 * creates the registry and its policy, so a second one ordered in the same block fails
 * ENDORSEMENT_POLICY_FAILURE (README, State).
 */
export async function registerParticipant(
  tx: Tx,
  id: unknown,
  name: unknown,
  kind: unknown,
): Promise<Participant> {
  const org = orgAdmin(tx);
  const participantId = readId(id, 'id');
  const participantName = readName(name, 'name');
  const participantKind = oneOf(PARTICIPANT_KINDS)(kind, 'kind');
  if (participantKind !== org.kind) {
    throw new ForbiddenError(`an admin of ${org.mspId} registers ${org.kind} participants only`);
  }
  if ((await tx.state.get(PARTICIPANTS, participantId)) !== undefined) {
    throw new ConflictError(`participant ${participantId} already exists`);
  }
  const registry = await tx.state.get(ORGS, org.mspId);
  const participant: Participant = {
    id: participantId,
    name: participantName,
    kind: participantKind,
    mspId: org.mspId,
    status: 'ACTIVE',
  };
  const orgPolicy = peersOf(org.mspId);
  tx.state.put(PARTICIPANTS, participantId, participant, orgPolicy);
  tx.state.put(
    ORGS,
    org.mspId,
    { mspId: org.mspId, participants: [...(registry?.participants ?? []), participantId].sort() },
    orgPolicy,
  );
  return participant;
}

/** GetParticipant: any caller reads any participant. */
export async function getParticipant(tx: Tx, id: unknown): Promise<Participant> {
  await reader(tx);
  const participantId = readId(id, 'id');
  const participant = await tx.state.get(PARTICIPANTS, participantId);
  if (participant === undefined) {
    throw new NotFoundError(`participant ${participantId} does not exist`);
  }
  return participant;
}

/** ListParticipants: every participant, sorted by id. */
export async function listParticipants(tx: Tx): Promise<Participant[]> {
  await reader(tx);
  return tx.state.list(PARTICIPANTS);
}
