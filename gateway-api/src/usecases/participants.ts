import { AccessDeniedError } from '../domain/errors';
import type { ParticipantKind } from '../domain/orgs';
import type { Participant } from 'receivables-chaincode/contract';
import { requireOrgAdmin } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, submit } from './ledger-calls';

/** A participant to register. */
export interface RegisterParticipantCommand {
  readonly id: string;
  readonly name: string;
  readonly kind: ParticipantKind;
}

/** A committed participant registration. */
export interface ParticipantWrite {
  readonly txId: string;
  readonly participant: Participant;
}

/**
 * An org administrator registers a participant of its own org; the kind must fit the org.
 */
export async function registerParticipant(
  context: UseCaseContext,
  command: RegisterParticipantCommand,
): Promise<ParticipantWrite> {
  requireOrgAdmin(context.user);
  const kind = context.user.orgKind;
  if (command.kind !== kind) {
    throw new AccessDeniedError(`the ${context.user.org} org registers ${kind} participants only`);
  }
  const { txId, value } = await submit(context, {
    fn: 'RegisterParticipant',
    args: [command.id, command.name, command.kind],
    what: 'participant',
  });
  return { txId, participant: value };
}

/** Every participant, sorted by id. */
export function listParticipants(context: UseCaseContext): Promise<Participant[]> {
  return evaluate(context, {
    fn: 'ListParticipants',
    args: [],
    what: 'participant list',
  });
}

/** One participant. */
export function getParticipant(context: UseCaseContext, id: string): Promise<Participant> {
  return evaluate(context, {
    fn: 'GetParticipant',
    args: [id],
    what: 'participant',
  });
}
