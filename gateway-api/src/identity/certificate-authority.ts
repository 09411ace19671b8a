import { readFileSync } from 'node:fs';
import FabricCAServices from 'fabric-ca-client';
import { User, Utils } from 'fabric-common';
import type { CaProfile } from '../config/network-profile';
import { IdentityProvisioningError } from '../domain/errors';

/** A freshly enrolled identity: certificate and private key, both PEM. */
export interface Enrollment {
  readonly certificate: string;
  readonly privateKey: string;
}

/** An identity to register at the CA. */
export interface RegistrationRequest {
  readonly enrollmentId: string;
  readonly secret: string;
  /** Certificate attributes, all issued into the enrollment certificate (`ecert: true`). */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * What to do when the CA already knows the enrollment id: `fail` (409 CONFLICT) or `update` its
   * secret and attributes (only for identities the gateway owns).
   */
  readonly ifRegistered: 'fail' | 'update';
  /**
   * How many times the identity may enroll with its secret (Fabric CA `max_enrollments`); the
   * gateway registers its identities with a secret of its own for one enrollment each. 1 by default.
   */
  readonly maxEnrollments?: number;
}

/** One org's Fabric CA. */
export interface CertificateAuthority {
  /** Enrolls the CA registrar (kept in memory only); needed before {@link register}. */
  enrollRegistrar(): Promise<void>;
  /** Registers (or, per `ifRegistered`, updates) an identity; answers what it did. */
  register(request: Readonly<RegistrationRequest>): Promise<'registered' | 'updated'>;
  /** Enrolls an identity with a key pair generated in memory. */
  enroll(enrollmentId: string, secret: string): Promise<Enrollment>;
}

/** Options of {@link createCertificateAuthority}. */
export interface CertificateAuthorityOptions {
  readonly ca: CaProfile;
  readonly mspId: string;
  readonly registrarSecret: string;
  /**
   * How long a CA call may stay silent. fabric-ca-client reads this from its process-wide
   * `connection-timeout` setting (3 s by default, too short for a busy CA); the longest asked wins.
   */
  readonly timeoutMs: number;
}

/** Fabric CA error code: the identity is already registered. */
const ALREADY_REGISTERED = 74;

const NETWORK_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up/;

/** The numeric Fabric CA error codes in a fabric-ca-client error message. */
function caErrorCodes(error: unknown): number[] {
  const message = error instanceof Error ? error.message : String(error);
  return [...message.matchAll(/code: (\d+)/g)].map((match) => Number(match[1]));
}

function caFailure(error: unknown, what: string, url: string): IdentityProvisioningError {
  const message = error instanceof Error ? error.message : String(error);
  return NETWORK_FAILURE.test(message)
    ? new IdentityProvisioningError({
        code: 'UPSTREAM_UNAVAILABLE',
        message: `the certificate authority ${url} is unavailable (${what})`,
        retryAfterSeconds: 5,
        cause: error,
      })
    : new IdentityProvisioningError({
        code: 'UPSTREAM_FAILED',
        message: `the certificate authority ${url} refused to ${what}`,
        cause: error,
      });
}

/**
 * A {@link CertificateAuthority} on `fabric-ca-client`. Keys are generated in memory (no key store)
 * and handed back as PEM for the caller to encrypt; nothing is written to disk.
 */
export function createCertificateAuthority(
  options: Readonly<CertificateAuthorityOptions>,
): CertificateAuthority {
  const { ca, mspId } = options;
  const current = Number(Utils.getConfigSetting('connection-timeout'));
  Utils.setConfigSetting(
    'connection-timeout',
    Math.max(Number.isFinite(current) ? current : 0, options.timeoutMs),
  );
  const trustedRoot = readFileSync(ca.tlsRootCertPath, 'utf8');
  const client = new FabricCAServices(
    ca.url,
    { trustedRoots: [trustedRoot], verify: true },
    ca.caName,
    User.newCryptoSuite(),
  );
  let registrar: User | undefined;

  const enroll = async (enrollmentId: string, secret: string): Promise<Enrollment> => {
    try {
      const response = await client.enroll({ enrollmentID: enrollmentId, enrollmentSecret: secret });
      return { certificate: response.certificate, privateKey: response.key.toBytes() };
    } catch (error) {
      throw caFailure(error, `enroll ${enrollmentId}`, ca.url);
    }
  };

  const requireRegistrar = (): User => {
    if (registrar === undefined) {
      throw new IdentityProvisioningError({
        code: 'UPSTREAM_UNAVAILABLE',
        message: `the registrar of ${ca.url} is not enrolled`,
        retryAfterSeconds: 5,
      });
    }
    return registrar;
  };

  return {
    enrollRegistrar: async () => {
      const enrollment = await enroll(ca.registrarId, options.registrarSecret);
      registrar = User.createUser(ca.registrarId, '', mspId, enrollment.certificate, enrollment.privateKey);
    },

    register: async (request) => {
      const admin = requireRegistrar();
      const attrs = Object.entries(request.attributes).map(([name, value]) => ({ name, value, ecert: true }));
      try {
        await client.register(
          {
            enrollmentID: request.enrollmentId,
            enrollmentSecret: request.secret,
            role: 'client',
            affiliation: '',
            maxEnrollments: request.maxEnrollments ?? 1,
            attrs,
          },
          admin,
        );
        return 'registered';
      } catch (error) {
        if (!caErrorCodes(error).includes(ALREADY_REGISTERED)) {
          throw caFailure(error, `register ${request.enrollmentId}`, ca.url);
        }
        if (request.ifRegistered === 'fail') {
          throw new IdentityProvisioningError({
            code: 'CONFLICT',
            message: `identity ${request.enrollmentId} is already registered at the certificate authority`,
            cause: error,
          });
        }
      }
      try {
        const identities = client.newIdentityService();
        // Fabric CA keeps the count of enrollments across an update: allow exactly one more (with the
        // new secret) above the current limit. A limit of -1 (unlimited, an identity registered
        // before the gateway bounded them) stays so: its count is not exposed.
        const found = (await identities.getOne(request.enrollmentId, admin)) as {
          result?: { max_enrollments?: unknown };
        };
        const current = found.result?.max_enrollments;
        const maxEnrollments =
          typeof current === 'number' && current >= 0 ? current + (request.maxEnrollments ?? 1) : -1;
        await identities.update(
          request.enrollmentId,
          {
            enrollmentID: request.enrollmentId,
            affiliation: '',
            enrollmentSecret: request.secret,
            maxEnrollments,
            attrs,
          },
          admin,
        );
        return 'updated';
      } catch (error) {
        throw caFailure(error, `update ${request.enrollmentId}`, ca.url);
      }
    },

    enroll,
  };
}
