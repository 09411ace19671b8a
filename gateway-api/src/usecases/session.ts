import type { UserProfile } from '../store/user-store';
import type { UseCaseContext } from './context';

/** Who the logged-in user is (the console shows the pages and actions of its role). */
export function currentUser(context: Pick<UseCaseContext, 'user'>): UserProfile {
  const { username, org, mspId, participantId, role } = context.user;
  return { username, org, mspId, participantId, role };
}
