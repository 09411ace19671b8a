import { randomBytes } from 'node:crypto';
import { AccessDeniedError, IdentityProvisioningError, InvalidCommandError } from '../domain/errors';
import type { OrgKey, Role } from '../domain/orgs';
import type { CertificateAuthority } from '../identity/certificate-authority';
import type { KeyVault } from '../identity/key-vault';
import type { PasswordHasher } from '../identity/password-hasher';
import type { UserProfile, UserStore } from '../store/user-store';
import { requireOrgAdmin } from './access-policy';
import type { UseCaseContext } from './context';
import { getParticipant } from './participants';

/** What identity provisioning needs. */
export interface IdentityDeps {
  /** Each org's Fabric CA. */
  readonly authorities: (org: OrgKey) => CertificateAuthority;
  readonly vault: KeyVault;
  readonly hasher: PasswordHasher;
  readonly users: UserStore;
}

/** A registered identity to enroll: who, its login password and its CA enrollment secret. */
export interface ProvisioningRequest {
  readonly profile: UserProfile;
  readonly password: string;
  readonly secret: string;
}

/** Enrolls a registered identity and stores it with its key encrypted and its password hashed. */
export async function enrollAndStore(
  deps: IdentityDeps,
  request: Readonly<ProvisioningRequest>,
): Promise<void> {
  const { profile } = request;
  const enrollment = await deps.authorities(profile.org).enroll(profile.username, request.secret);
  deps.users.saveActive({
    ...profile,
    passwordHash: await deps.hasher.hash(request.password),
    certificate: enrollment.certificate,
    sealedKey: deps.vault.seal(enrollment.privateKey, profile.username),
  });
}

/** An identity to provision: who, its login password, its certificate attributes. */
export interface IdentityRequest {
  readonly profile: UserProfile;
  /** The login password: hashed for the gateway, never sent to the CA. */
  readonly password: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** What to do when the CA already knows the identity (see `RegistrationRequest`). */
  readonly ifRegistered: 'fail' | 'update';
}

/** The key-vault context of a user's sealed enrollment secret. */
const secretContext = (username: string): string => `${username}#enrollment-secret`;

/**
 * Registers an identity at its org's CA with a secret the gateway generates (never the login
 * password), good for one enrollment, then enrolls it and stores it. The secret is kept sealed by the
 * key vault until the enrollment is stored, so that a provisioning interrupted after the
 * registration resumes by enrolling with it; when that fails, the identity is registered again
 * (updated) with a new secret, which again allows exactly one enrollment more.
 */
export async function provisionIdentity(
  deps: IdentityDeps,
  request: Readonly<IdentityRequest>,
): Promise<void> {
  const { profile } = request;
  const stored = deps.users.enrollmentSecret(profile.username);
  if (stored !== undefined) {
    try {
      const secret = deps.vault.open(stored, secretContext(profile.username));
      await enrollAndStore(deps, { profile, password: request.password, secret });
      return;
    } catch {
      // Not registered with it after all, or already used: register again below.
    }
  }
  const secret = randomBytes(24).toString('base64url');
  deps.users.saveEnrollmentSecret(profile.username, deps.vault.seal(secret, secretContext(profile.username)));
  await deps.authorities(profile.org).register({
    enrollmentId: profile.username,
    secret,
    attributes: request.attributes,
    ifRegistered: stored === undefined ? request.ifRegistered : 'update',
    maxEnrollments: 1,
  });
  await enrollAndStore(deps, { profile, password: request.password, secret });
}

/** A user to enrol: `<name>@<org>` of the administrator's org, its login password and role. */
export interface EnrolUserCommand {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
}

/** An enrolled user of a participant. */
export type EnrolledUser = UserProfile & { readonly participantId: string };

/** Enrolls users of a participant. */
export interface UserEnrollment {
  /**
   * An org administrator enrols a user for a participant of its own org: the user is registered at
   * the org's CA with the attributes `scf.participant` and `scf.role` (in the certificate) and a
   * one-time secret, enrolled, and stored with its private key encrypted.
   */
  enrol(context: UseCaseContext, participantId: string, command: EnrolUserCommand): Promise<EnrolledUser>;
}

function conflict(message: string): IdentityProvisioningError {
  return new IdentityProvisioningError({ code: 'CONFLICT', message });
}

/** Creates the user enrollment use case. */
export function createUserEnrollment(deps: IdentityDeps): UserEnrollment {
  const inProgress = new Set<string>();

  const provision = async (profile: UserProfile, participantId: string, password: string): Promise<void> => {
    const reservation = deps.users.reserve(profile);
    if (reservation === 'taken') {
      throw conflict(`user ${profile.username} already exists`);
    }
    try {
      await provisionIdentity(deps, {
        profile,
        password,
        attributes: { 'scf.participant': participantId, 'scf.role': profile.role },
        ifRegistered: reservation === 'resumed' ? 'update' : 'fail',
      });
    } catch (error) {
      if (
        reservation === 'reserved' &&
        error instanceof IdentityProvisioningError &&
        error.code === 'CONFLICT'
      ) {
        deps.users.release(profile.username);
      }
      throw error;
    }
  };

  return {
    enrol: async (context, participantId, command) => {
      const { user } = context;
      requireOrgAdmin(user);
      if (!command.username.endsWith(`@${user.org}`)) {
        throw new InvalidCommandError([{ field: 'username', message: `must end with @${user.org}` }]);
      }
      const participant = await getParticipant(context, participantId);
      if (participant.mspId !== user.mspId) {
        throw new AccessDeniedError(`participant ${participantId} is not of the ${user.org} org`);
      }
      if (inProgress.has(command.username)) {
        throw conflict(`user ${command.username} is being enrolled`);
      }
      const profile: UserProfile = {
        username: command.username,
        org: user.org,
        mspId: user.mspId,
        participantId,
        role: command.role,
      };
      inProgress.add(command.username);
      try {
        await provision(profile, participantId, command.password);
      } finally {
        inProgress.delete(command.username);
      }
      return { ...profile, participantId };
    },
  };
}
