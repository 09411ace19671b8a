import { z } from 'zod';
import type { CreateParticipantBody, ParticipantView, ParticipantWriteView } from '../api/schemas';
import { AccessDeniedError } from '../domain/errors';
import { kindOfOrg } from '../domain/orgs';
import { ParticipantRecord } from '../domain/records';
import { requireOrgAdmin } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, submit } from './ledger-calls';

/**
 * An org administrator registers a participant of its own org; the kind must fit the org.
 */
export async function registerParticipant(
  context: UseCaseContext,
  body: z.infer<typeof CreateParticipantBody>,
): Promise<z.infer<typeof ParticipantWriteView>> {
  requireOrgAdmin(context.user);
  const kind = kindOfOrg(context.user.org);
  if (body.kind !== kind) {
    throw new AccessDeniedError(`the ${context.user.org} org registers ${kind} participants only`);
  }
  const { txId, value } = await submit(context, {
    fn: 'RegisterParticipant',
    args: [body.id, body.name, body.kind],
    result: ParticipantRecord,
    what: 'participant',
  });
  return { ...value, txId };
}

/** Every participant, sorted by id. */
export function listParticipants(context: UseCaseContext): Promise<z.infer<typeof ParticipantView>[]> {
  return evaluate(context, {
    fn: 'ListParticipants',
    args: [],
    result: z.array(ParticipantRecord),
    what: 'participant list',
  });
}

/** One participant. */
export function getParticipant(
  context: UseCaseContext,
  id: string,
): Promise<z.infer<typeof ParticipantView>> {
  return evaluate(context, {
    fn: 'GetParticipant',
    args: [id],
    result: ParticipantRecord,
    what: 'participant',
  });
}
