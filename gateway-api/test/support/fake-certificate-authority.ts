import { generateKeyPairSync } from 'node:crypto';
import { IdentityProvisioningError } from '../../src/domain/errors';
import type {
  CertificateAuthority,
  Enrollment,
  RegistrationRequest,
} from '../../src/identity/certificate-authority';

/** An identity known to the fake CA. */
export interface FakeIdentity {
  secret: string;
  attributes: Readonly<Record<string, string>>;
  /** How many enrollments the secret allows (Fabric CA `max_enrollments`); unlimited when absent. */
  maxEnrollments?: number;
  /** How many enrollments there were. */
  enrollments?: number;
}

/** An in-memory CA: registers identities, "enrolls" them with a fresh EC key and a fake certificate. */
export class FakeCertificateAuthority implements CertificateAuthority {
  readonly identities = new Map<string, FakeIdentity>();
  /** Every secret the CA was sent (registrations and enrollments). */
  readonly secretsSeen: string[] = [];
  registrarEnrolled = false;

  enrollRegistrar(): Promise<void> {
    this.registrarEnrolled = true;
    return Promise.resolve();
  }

  register(request: Readonly<RegistrationRequest>): Promise<'registered' | 'updated'> {
    const exists = this.identities.has(request.enrollmentId);
    if (exists && request.ifRegistered === 'fail') {
      return Promise.reject(
        new IdentityProvisioningError({ code: 'CONFLICT', message: 'already registered' }),
      );
    }
    this.secretsSeen.push(request.secret);
    const previous = this.identities.get(request.enrollmentId);
    this.identities.set(request.enrollmentId, {
      secret: request.secret,
      attributes: request.attributes,
      // As Fabric CA: the enrollment count survives an update.
      enrollments: previous?.enrollments ?? 0,
      maxEnrollments: (previous?.enrollments ?? 0) + (request.maxEnrollments ?? 1),
    });
    return Promise.resolve(exists ? 'updated' : 'registered');
  }

  enroll(enrollmentId: string, secret: string): Promise<Enrollment> {
    this.secretsSeen.push(secret);
    const identity = this.identities.get(enrollmentId);
    if (
      identity?.secret !== secret ||
      (identity.enrollments ?? 0) >= (identity.maxEnrollments ?? Number.POSITIVE_INFINITY)
    ) {
      return Promise.reject(
        new IdentityProvisioningError({ code: 'UPSTREAM_FAILED', message: 'authentication failure' }),
      );
    }
    identity.enrollments = (identity.enrollments ?? 0) + 1;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return Promise.resolve({
      certificate: `FAKE CERTIFICATE ${enrollmentId} ${JSON.stringify(identity.attributes)}`,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  }
}
