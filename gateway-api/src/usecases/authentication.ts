import type { LoginThrottle } from '../auth/login-throttle';
import type { AccessToken, TokenService } from '../auth/token-service';
import { AuthenticationError } from '../domain/errors';
import type { OrgKey, ParticipantKind } from '../domain/orgs';
import type { PasswordHasher } from '../identity/password-hasher';
import type { KeyVault } from '../identity/key-vault';
import type { LedgerCaller } from '../ledger/ledger';
import type { ActiveUser, UserStore } from '../store/user-store';
import type { AuthenticatedUser } from './context';

/** What authentication needs. */
export interface AuthenticationDeps {
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly vault: KeyVault;
  readonly tokens: TokenService;
  /** The kind of participant each org of the network registers; `undefined`: no such org. */
  readonly orgKind: (org: OrgKey) => ParticipantKind | undefined;
  /** Failed logins per user name. */
  readonly userThrottle: LoginThrottle;
  /** Failed logins per client address (a looser limit: several users may share an address). */
  readonly addressThrottle: LoginThrottle;
}

/** The Fabric identity of a stored user; its key is decrypted only when a signer must be built. */
export function ledgerCaller(user: ActiveUser, vault: KeyVault): LedgerCaller {
  return {
    id: user.username,
    org: user.org,
    mspId: user.mspId,
    certificate: user.certificate,
    privateKey: () => vault.open(user.sealedKey, user.username),
  };
}

/** The authenticated form of a stored user of an org of kind `orgKind`. */
export function authenticatedUser(
  user: ActiveUser,
  vault: KeyVault,
  orgKind: ParticipantKind,
): AuthenticatedUser {
  return {
    username: user.username,
    org: user.org,
    orgKind,
    mspId: user.mspId,
    participantId: user.participantId,
    role: user.role,
    caller: ledgerCaller(user, vault),
  };
}

/** A login attempt. */
export interface LoginAttempt {
  readonly username: string;
  readonly password: string;
  /** The client's address, throttled as well as the user name. */
  readonly clientAddress: string;
}

/**
 * Logs a user in with its password and returns an access token. Failed attempts are counted per
 * user name and per client address; beyond either limit the answer is 429 until its window ends.
 *
 * @throws RateLimitError, AuthenticationError
 */
export async function login(deps: AuthenticationDeps, attempt: Readonly<LoginAttempt>): Promise<AccessToken> {
  deps.userThrottle.check(attempt.username);
  deps.addressThrottle.check(attempt.clientAddress);
  const user = deps.users.findActive(attempt.username);
  const valid = await deps.hasher.verify(attempt.password, user?.passwordHash);
  if (user === undefined || !valid) {
    deps.userThrottle.recordFailure(attempt.username);
    deps.addressThrottle.recordFailure(attempt.clientAddress);
    throw new AuthenticationError('invalid user name or password');
  }
  deps.userThrottle.reset(attempt.username);
  return deps.tokens.issue(user.username);
}

/**
 * The user a bearer token stands for.
 *
 * @throws AuthenticationError when the token is invalid or its user is unknown
 */
export async function authenticate(deps: AuthenticationDeps, token: string): Promise<AuthenticatedUser> {
  const username = await deps.tokens.verify(token);
  const user = deps.users.findActive(username);
  if (user === undefined) {
    throw new AuthenticationError('the access token names an unknown user');
  }
  const orgKind = deps.orgKind(user.org);
  if (orgKind === undefined) {
    throw new AuthenticationError(`the org ${user.org} is no longer in the network`);
  }
  return authenticatedUser(user, deps.vault, orgKind);
}
