/**
 * Participants (a core enterprise, a supplier, a bank, an auditor) and the per-org registry of
 * them: types, ledger guards, and the lookups other operations need.
 */
import { NotFoundError, ValidationError } from './errors';
import { Fields, oneOf, arrayOf, text, matching, type Reader } from './guards';
import type { Collection, State } from './state';
import { readId } from './values';

/** What a participant is. */
export const PARTICIPANT_KINDS = ['ENTERPRISE', 'BANK', 'AUDITOR'] as const;

/** What a participant is. */
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/**
 * A participant's status. Registration creates `ACTIVE` participants; anything else (`SUSPENDED`)
 * is refused as the caller of a write and as a counterparty.
 */
export type ParticipantStatus = 'ACTIVE' | 'SUSPENDED';

/** A registered participant. */
export type Participant = {
  readonly id: string;
  readonly name: string;
  readonly kind: ParticipantKind;
  readonly mspId: string;
  readonly status: ParticipantStatus;
};

/** The participants registered in one org, ids sorted. */
export type OrgRegistry = {
  readonly mspId: string;
  readonly participants: readonly string[];
};

/** The kind of participant each org holds: the kind fits the org. */
const MSP_KINDS: ReadonlyMap<string, ParticipantKind> = new Map([
  ['EnterpriseMSP', 'ENTERPRISE'],
  ['BankAMSP', 'BANK'],
  ['BankBMSP', 'BANK'],
  ['AuditorMSP', 'AUDITOR'],
]);

/** The participant kind of org `mspId`, `undefined` for an org outside the consortium. */
export function kindOfMsp(mspId: string): ParticipantKind | undefined {
  return MSP_KINDS.get(mspId);
}

/** A participant's display name. */
export const readName: Reader<string> = text(128);

const readMspId: Reader<string> = matching(/^[A-Za-z0-9.-]+$/u, 'an MSP id', 128);

const readParticipant: Reader<Participant> = (value, path) => {
  const fields = Fields.of(value, path, ['id', 'name', 'kind', 'mspId', 'status']);
  return {
    id: fields.required('id', readId),
    name: fields.required('name', readName),
    kind: fields.required('kind', oneOf(PARTICIPANT_KINDS)),
    mspId: fields.required('mspId', readMspId),
    status: fields.required('status', oneOf<ParticipantStatus>(['ACTIVE', 'SUSPENDED'])),
  };
};

const readOrgRegistry: Reader<OrgRegistry> = (value, path) => {
  const fields = Fields.of(value, path, ['mspId', 'participants']);
  return {
    mspId: fields.required('mspId', readMspId),
    participants: fields.required('participants', arrayOf(readId, 0, Number.MAX_SAFE_INTEGER)),
  };
};

/** Participants: `participant [id]`. */
export const PARTICIPANTS: Collection<Participant> = {
  objectType: 'participant',
  label: 'participant',
  read: readParticipant,
};

/** Org registries: `org [mspId]`. */
export const ORGS: Collection<OrgRegistry> = {
  objectType: 'org',
  label: 'org registry',
  read: readOrgRegistry,
};

/**
 * The participant named by argument `path`, which must be an `ACTIVE` participant of one of `kinds`.
 * @throws NotFoundError when there is no such participant.
 * @throws ValidationError when it is of another kind or not active.
 */
export async function counterparty(
  state: State,
  id: string,
  path: string,
  kinds: readonly ParticipantKind[],
): Promise<Participant> {
  const participant = await state.get(PARTICIPANTS, id);
  if (participant === undefined) {
    throw new NotFoundError(`participant ${id} does not exist`);
  }
  if (!kinds.includes(participant.kind) || participant.status !== 'ACTIVE') {
    throw new ValidationError(`${path} must name an active ${kinds.join(' or ')} participant`);
  }
  return participant;
}
