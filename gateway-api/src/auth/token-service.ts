import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../config/config';
import { AuthenticationError } from '../domain/errors';

/** The answer of `POST /auth/token`. */
export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

/** Issues the gateway's own access tokens and verifies them (and, when configured, an OIDC issuer's). */
export interface TokenService {
  /** A signed, expiring token for the user. */
  issue(username: string): Promise<AccessToken>;
  /**
   * The user name a token was issued for.
   *
   * @throws AuthenticationError when the token is malformed, expired, or not signed by a trusted key
   */
  verify(token: string): Promise<string>;
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  /** HMAC key of the gateway's own tokens (HS256), at least 32 bytes. */
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** An external OIDC issuer whose tokens are accepted too. */
  readonly oidc?: OidcConfig;
  /** The OIDC issuer's keys; fetched from `oidc.jwksUri` when not given. */
  readonly oidcKeys?: JWTVerifyGetKey;
}

const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

function authenticationFailure(error: unknown): AuthenticationError {
  return new AuthenticationError(
    error instanceof errors.JWTExpired ? 'the access token has expired' : 'the access token is not valid',
    error,
  );
}

/** Creates the token service (jose). */
export function createTokenService(options: Readonly<TokenServiceOptions>): TokenService {
  const { oidc } = options;
  const oidcKeys =
    oidc === undefined ? undefined : (options.oidcKeys ?? createRemoteJWKSet(new URL(oidc.jwksUri)));

  const verifyOwn = async (token: string): Promise<string> => {
    const { payload } = await jwtVerify(token, options.secret, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string') {
      throw new AuthenticationError('the access token names no user');
    }
    return payload.sub;
  };

  const verifyOidc = async (token: string, config: OidcConfig, keys: JWTVerifyGetKey): Promise<string> => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: OIDC_ALGORITHMS,
      requiredClaims: ['exp'],
    });
    const username = payload[config.usernameClaim];
    if (typeof username !== 'string' || username === '') {
      throw new AuthenticationError(`the access token has no ${config.usernameClaim} claim`);
    }
    return username;
  };

  return {
    issue: async (username) => {
      const accessToken = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(username)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(options.secret);
      return { accessToken, tokenType: 'Bearer', expiresIn: options.ttlSeconds };
    },
    verify: async (token) => {
      try {
        const { iss } = decodeJwt(token);
        if (iss === options.issuer) {
          return await verifyOwn(token);
        }
        if (oidc !== undefined && oidcKeys !== undefined && iss === oidc.issuer) {
          return await verifyOidc(token, oidc, oidcKeys);
        }
        throw new AuthenticationError('the access token is from an unknown issuer');
      } catch (error) {
        throw error instanceof AuthenticationError ? error : authenticationFailure(error);
      }
    },
  };
}
