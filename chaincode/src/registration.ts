/**
 * The participant registry transactions: RegisterParticipant, SuspendParticipant,
 * ReinstateParticipant, GetParticipant, ListParticipants.
 */
import { peersOf } from './endorsement';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  oneOf,
  PARTICIPANT_KINDS,
  readId,
  readJsonArgument,
  readName,
  readParticipantQuery,
  PARTICIPANT_MACHINE,
  transition,
  type Participant,
  type ParticipantEvent,
  type ParticipantPage,
} from './contract';
import { orgAdmin, reader } from './identity';
import { touchAnchor } from './orgs';
import { pageOfIds } from './paging';
import { PARTICIPANTS } from './participant';
import type { Tx } from './transaction';

/**
 * RegisterParticipant: an org admin registers an `ACTIVE` participant of its own org; the kind must
 * fit the org. Writes the participant with the key-level policy "a peer of the org", and the org's
 * anchor `org [mspId]` (orgs.ts).
 *
 * The participant key is new, and a new key falls back to the chaincode-level policy, which any
 * member org satisfies; the anchor is an existing key under "a peer of the org", so only the org's own
 * peers can endorse a registration. The anchor is written blind (no read, and its policy, set by
 * ConfigureOrgs, is never rewritten), so registrations of one org do not conflict with each other:
 * two of them collide only when they register the same id.
 */
export async function registerParticipant(
  tx: Tx,
  id: unknown,
  name: unknown,
  kind: unknown,
): Promise<Participant> {
  const org = await orgAdmin(tx);
  const participantId = readId(id, 'id');
  const participantName = readName(name, 'name');
  const participantKind = oneOf(PARTICIPANT_KINDS)(kind, 'kind');
  if (participantKind !== org.kind) {
    throw new ForbiddenError(`an admin of ${org.mspId} registers ${org.kind} participants only`);
  }
  if ((await tx.state.get(PARTICIPANTS, participantId)) !== undefined) {
    throw new ConflictError(`participant ${participantId} already exists`);
  }
  const participant: Participant = {
    id: participantId,
    name: participantName,
    kind: participantKind,
    mspId: org.mspId,
    status: 'ACTIVE',
  };
  tx.state.put(PARTICIPANTS, participantId, participant, peersOf(org.mspId));
  touchAnchor(tx.state, org.mspId);
  return participant;
}

/**
 * SuspendParticipant / ReinstateParticipant: an admin of the participant's own org moves it along
 * {@link PARTICIPANT_MACHINE}. The participant key keeps its policy "a peer of the org", so only that
 * org can endorse the change.
 * @throws NotFoundError for an unknown participant, ForbiddenError for one of another org,
 *   ConflictError when the status does not allow the change.
 */
export async function changeParticipantStatus(
  tx: Tx,
  id: unknown,
  event: ParticipantEvent,
): Promise<Participant> {
  const org = await orgAdmin(tx);
  const participantId = readId(id, 'id');
  const participant = await tx.state.get(PARTICIPANTS, participantId);
  if (participant === undefined) {
    throw new NotFoundError(`participant ${participantId} does not exist`);
  }
  if (participant.mspId !== org.mspId) {
    throw new ForbiddenError(`participant ${participantId} is not of ${org.mspId}`);
  }
  const status = transition(PARTICIPANT_MACHINE, `participant ${participantId}`, participant.status, event);
  const changed: Participant = { ...participant, status };
  tx.state.put(PARTICIPANTS, participantId, changed);
  return changed;
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

/** ListParticipants: a page of the participants, by id; any caller. */
export async function listParticipants(tx: Tx, queryJson: unknown): Promise<ParticipantPage> {
  await reader(tx);
  const { pageSize, bookmark } = readParticipantQuery(readJsonArgument(queryJson, 'queryJson'), 'query');
  const page = await pageOfIds(
    tx.state,
    { objectType: PARTICIPANTS.objectType, prefix: [] },
    pageSize,
    bookmark,
  );
  const items: Participant[] = [];
  for (const id of page.ids) {
    items.push(await tx.state.existing(PARTICIPANTS, id));
  }
  return { items, bookmark: page.bookmark, fetched: page.fetched };
}
