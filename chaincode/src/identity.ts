/**
 * Who is calling: the org (MSP id), the role (`scf.role`) and the participant (`scf.participant`)
 * of the submitting identity, and the checks every transaction starts with.
 */
import { ForbiddenError, isId, type Participant, type ParticipantKind } from './contract';
import { kindOfMsp } from './orgs';
import { PARTICIPANTS } from './participant';
import type { Tx } from './transaction';

/** Certificate attribute binding the caller to a participant of its own org. */
export const PARTICIPANT_ATTRIBUTE = 'scf.participant';

/** Certificate attribute holding the caller's role. */
export const ROLE_ATTRIBUTE = 'scf.role';

/** What a caller may do: `viewer` reads, `operator` also writes, `admin` also registers participants. */
export type Role = 'admin' | 'operator' | 'viewer';

const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

/** The caller's org and role. */
export type Org = {
  readonly mspId: string;
  /** The participant kind of the org. */
  readonly kind: ParticipantKind;
  readonly role: Role;
};

/** A caller of a read: its org and role, and its participant when its certificate names one. */
export type Caller = Org & { readonly participant: Participant | undefined };

/** The caller of a write: always bound to an active participant of its org. */
export type Actor = Org & { readonly participant: Participant };

/**
 * The caller's org (its kind from the on-chain org map) and role.
 * @throws ForbiddenError for an org outside the map or a missing or unknown role.
 */
async function orgOf(tx: Tx): Promise<Org> {
  const mspId = tx.identity.getMSPID();
  const kind = await kindOfMsp(tx.state, mspId);
  if (kind === undefined) {
    throw new ForbiddenError(`org ${mspId} is not a member of this network`);
  }
  const attribute = tx.identity.getAttributeValue(ROLE_ATTRIBUTE);
  const role = ROLES.find((candidate) => candidate === attribute);
  if (role === undefined) {
    throw new ForbiddenError(
      `the certificate attribute ${ROLE_ATTRIBUTE} must be one of ${ROLES.join(', ')}`,
    );
  }
  return { mspId, kind, role };
}

/**
 * The participant named by the caller's certificate, `undefined` when it names none.
 * @throws ForbiddenError when it names an unknown participant or one of another org.
 */
async function boundParticipant(tx: Tx, org: Org): Promise<Participant | undefined> {
  const id = tx.identity.getAttributeValue(PARTICIPANT_ATTRIBUTE);
  if (id === null) {
    return undefined;
  }
  const participant = isId(id) ? await tx.state.get(PARTICIPANTS, id) : undefined;
  if (participant?.mspId !== org.mspId) {
    throw new ForbiddenError(`${PARTICIPANT_ATTRIBUTE} ${id} is not a participant of ${org.mspId}`);
  }
  return participant;
}

/**
 * The caller of a read: any role; bound to a participant when its certificate names one.
 * @throws ForbiddenError as {@link orgOf}, or when the named participant is unknown or of another org.
 */
export async function reader(tx: Tx): Promise<Caller> {
  const org = await orgOf(tx);
  return { ...org, participant: await boundParticipant(tx, org) };
}

/**
 * The caller of a write: an `operator` or `admin` bound to an `ACTIVE` participant of its own org,
 * and not an auditor.
 * @throws ForbiddenError otherwise.
 */
export async function writer(tx: Tx): Promise<Actor> {
  const org = await orgOf(tx);
  if (org.kind === 'AUDITOR') {
    throw new ForbiddenError('auditors cannot write');
  }
  if (org.role === 'viewer') {
    throw new ForbiddenError('viewers cannot write');
  }
  const participant = await boundParticipant(tx, org);
  if (participant === undefined) {
    throw new ForbiddenError(`the certificate attribute ${PARTICIPANT_ATTRIBUTE} is missing`);
  }
  if (participant.status !== 'ACTIVE') {
    throw new ForbiddenError(`participant ${participant.id} is ${participant.status}`);
  }
  return { ...org, participant };
}

/**
 * The caller of a registration: an `admin` of its org, no participant binding needed.
 * @throws ForbiddenError otherwise.
 */
export async function orgAdmin(tx: Tx): Promise<Org> {
  const org = await orgOf(tx);
  if (org.role !== 'admin') {
    throw new ForbiddenError('only an org admin registers participants');
  }
  return org;
}

/**
 * Checks that `participant` is of one of `kinds`, for operations reserved to enterprises or banks.
 * @throws ForbiddenError otherwise.
 */
export function requireKind(
  participant: Participant,
  kinds: readonly ParticipantKind[],
  action: string,
): void {
  if (!kinds.includes(participant.kind)) {
    throw new ForbiddenError(`a ${participant.kind} participant cannot ${action}`);
  }
}
