/**
 * Participants (a core enterprise, a supplier, a bank, an auditor) and the per-org registry of
 * them: types, ledger guards, and the lookups other operations need.
 */
import {
  arrayOf,
  NotFoundError,
  readId,
  readMspId,
  readParticipant,
  record,
  ValidationError,
  type Infer,
  type Participant,
  type ParticipantKind,
} from './contract';
import type { Collection, State } from './state';

/** The participants registered in one org, ids sorted. */
const readOrgRegistry = record({ mspId: readMspId, participants: arrayOf(readId, 0) });

/** The participants registered in one org, ids sorted. */
export type OrgRegistry = Infer<typeof readOrgRegistry>;

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
