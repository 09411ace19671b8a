/**
 * Checks made before touching Fabric. The chaincode enforces the same rules with each user's own
 * identity; refusing here answers faster and never sends an auditor's write to a peer.
 */
import { AccessDeniedError } from '../domain/errors';
import type { AuthenticatedUser } from './context';

/** Refuses unless the user is its org's administrator. */
export function requireOrgAdmin(user: AuthenticatedUser): void {
  if (user.role !== 'admin') {
    throw new AccessDeniedError('only an org administrator may do this');
  }
}

/**
 * Refuses auditors, viewers and users bound to no participant; answers the participant the user
 * writes for.
 */
export function requireWriter(user: AuthenticatedUser): string {
  if (user.orgKind === 'AUDITOR') {
    throw new AccessDeniedError('auditors read; they never write');
  }
  if (user.role === 'viewer') {
    throw new AccessDeniedError('viewers read; they never write');
  }
  if (user.participantId === null) {
    throw new AccessDeniedError('only a user acting for a participant may write');
  }
  return user.participantId;
}

/** {@link requireWriter}, and the user's org must be a bank. */
export function requireBankWriter(user: AuthenticatedUser): string {
  const participantId = requireWriter(user);
  if (user.orgKind !== 'BANK') {
    throw new AccessDeniedError('only a bank may do this');
  }
  return participantId;
}
