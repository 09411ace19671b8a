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
}

/** An in-memory CA: registers identities, "enrolls" them with a fresh EC key and a fake certificate. */
export class FakeCertificateAuthority implements CertificateAuthority {
  readonly identities = new Map<string, FakeIdentity>();
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
    this.identities.set(request.enrollmentId, { secret: request.secret, attributes: request.attributes });
    return Promise.resolve(exists ? 'updated' : 'registered');
  }

  enroll(enrollmentId: string, secret: string): Promise<Enrollment> {
    const identity = this.identities.get(enrollmentId);
    if (identity?.secret !== secret) {
      return Promise.reject(
        new IdentityProvisioningError({ code: 'UPSTREAM_FAILED', message: 'authentication failure' }),
      );
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return Promise.resolve({
      certificate: `FAKE CERTIFICATE ${enrollmentId} ${JSON.stringify(identity.attributes)}`,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  }
}
