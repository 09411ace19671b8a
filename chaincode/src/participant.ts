/**
 * Participants (a core enterprise, a supplier, a bank, an auditor): their collection and the
 * lookups other operations need.
 */
import {
  NotFoundError,
  readParticipant,
  ValidationError,
  type Participant,
  type ParticipantKind,
} from './contract';
import type { Collection, State } from './state';

/** Participants: `participant [id]`. */
export const PARTICIPANTS: Collection<Participant> = {
  objectType: 'participant',
  label: 'participant',
  read: readParticipant,
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
