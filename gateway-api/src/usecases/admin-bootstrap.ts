import type { Logger } from 'pino';
import { orgKeys, orgOf, type NetworkProfile } from '../config/network-profile';
import { adminUsername, type OrgKey } from '../domain/orgs';
import { provisionIdentity, type IdentityDeps } from './identities';

/** Options of {@link bootstrapAdmins}. */
export interface AdminBootstrapOptions {
  readonly deps: IdentityDeps;
  readonly profile: NetworkProfile;
  /** The administrators' login password (`SCF_ADMIN_PASSWORD`); never their CA enrollment secret. */
  readonly adminPassword: string;
  readonly log: Logger;
}

async function bootstrapOrg(options: Readonly<AdminBootstrapOptions>, org: OrgKey): Promise<void> {
  const { deps, adminPassword, log } = options;
  const authority = deps.authorities(org);
  await authority.enrollRegistrar();
  const username = adminUsername(org);
  const { mspId } = orgOf(options.profile, org);
  const existing = deps.users.findActive(username);
  if (existing?.mspId === mspId) {
    if (!(await deps.hasher.verify(adminPassword, existing.passwordHash))) {
      deps.users.updatePasswordHash(username, await deps.hasher.hash(adminPassword));
      log.info({ username }, 'administrator password updated from configuration');
    }
    return;
  }
  const profile = { username, org, mspId, participantId: null, role: 'admin' } as const;
  if (deps.users.reserve(profile) === 'taken') {
    log.warn({ username, mspId }, 'administrator of another MSP replaced');
  }
  await provisionIdentity(deps, {
    profile,
    password: adminPassword,
    attributes: { 'scf.role': 'admin' },
    ifRegistered: 'update',
  });
  log.info({ username }, 'administrator enrolled');
}

/**
 * At start-up: enrolls each org's CA registrar and makes sure each org administrator
 * `admin@<org>` exists — registered at the org's CA with `scf.role=admin` (in the certificate) and
 * a secret the gateway generates (one enrollment; see `provisionIdentity`), enrolled, and stored
 * with its key encrypted; its login password only ever becomes a scrypt hash. An administrator already stored is kept (only its
 * password follows the configuration), so restarts do not re-enroll.
 */
export async function bootstrapAdmins(options: Readonly<AdminBootstrapOptions>): Promise<void> {
  await Promise.all(orgKeys(options.profile).map((org) => bootstrapOrg(options, org)));
}
