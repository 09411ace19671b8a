import { AccessDeniedError } from '../domain/errors';
import type { ParticipantKind } from '../domain/orgs';
import type { Participant } from 'receivables-chaincode/contract';
import { requireOrgAdmin } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, evaluatePage, submit, type Page, type PageRequest } from './ledger-calls';

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

/** A change of a participant's status by its org administrator. */
export type StatusChange = 'suspend' | 'reinstate';

const STATUS_CHANGES = {
  suspend: 'SuspendParticipant',
  reinstate: 'ReinstateParticipant',
} as const satisfies Readonly<Record<StatusChange, string>>;

/**
 * An org administrator suspends a participant of its own org (refused from then on as the caller
 * of a write and as a counterparty) or reinstates it; the chaincode checks the org and the status.
 */
export async function changeParticipantStatus(
  context: UseCaseContext,
  id: string,
  change: StatusChange,
): Promise<ParticipantWrite> {
  requireOrgAdmin(context.user);
  const { txId, value } = await submit(context, {
    fn: STATUS_CHANGES[change],
    args: [id],
    what: 'participant',
  });
  return { txId, participant: value };
}

/** A page of the participants, by id. */
export function listParticipants(context: UseCaseContext, page: PageRequest): Promise<Page<Participant>> {
  return evaluatePage(context, {
    fn: 'ListParticipants',
    filter: {},
    page,
    what: 'participant page',
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
