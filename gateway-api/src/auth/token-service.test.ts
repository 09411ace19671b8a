import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { AuthenticationError } from '../domain/errors';
import { createTokenService } from './token-service';

const secret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!');
const options = { secret, issuer: 'scf-gateway', audience: 'scf-gateway-api', ttlSeconds: 900 };

test('issues a token that verifies to its user', async () => {
  const tokens = createTokenService(options);
  const token = await tokens.issue('ops@enterprise');
  expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
  await expect(tokens.verify(token.accessToken)).resolves.toBe('ops@enterprise');
});

test.each([
  ['garbage', 'not-a-jwt'],
  ['an unsigned token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiaXNzIjoic2NmLWdhdGV3YXkifQ.'],
])('refuses %s', async (_what, token) => {
  await expect(createTokenService(options).verify(token)).rejects.toBeInstanceOf(AuthenticationError);
});

test('refuses another audience or issuer', async () => {
  const other = await createTokenService({ ...options, audience: 'elsewhere' }).issue('x');
  await expect(createTokenService(options).verify(other.accessToken)).rejects.toThrow(/not valid/);
  const foreign = await createTokenService({ ...options, issuer: 'someone' }).issue('x');
  await expect(createTokenService(options).verify(foreign.accessToken)).rejects.toThrow(/unknown issuer/);
});

describe('an external OIDC issuer', () => {
  const oidc = {
    issuer: 'https://login.example',
    jwksUri: 'https://login.example/jwks',
    audience: 'scf',
    usernameClaim: 'preferred_username',
  };

  const setup = async (): Promise<{
    sign: (claims: Record<string, unknown>) => Promise<string>;
    jwk: JWK;
  }> => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const sign = (claims: Record<string, unknown>): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(oidc.issuer)
        .setAudience(oidc.audience)
        .setExpirationTime('5m')
        .sign(privateKey);
    return { sign, jwk };
  };

  test('accepts its tokens, naming the user by the configured claim', async () => {
    const { sign, jwk } = await setup();
    const tokens = createTokenService({ ...options, oidc, oidcKeys: createLocalJWKSet({ keys: [jwk] }) });
    await expect(tokens.verify(await sign({ preferred_username: 'ops@banka' }))).resolves.toBe('ops@banka');
    await expect(tokens.verify(await sign({ sub: 'x' }))).rejects.toThrow(/preferred_username/);
  });

  test('refuses its tokens when not configured, or signed by another key', async () => {
    const { sign } = await setup();
    const { jwk: otherKey } = await setup();
    const token = await sign({ preferred_username: 'ops@banka' });
    await expect(createTokenService(options).verify(token)).rejects.toThrow(/unknown issuer/);
    const tokens = createTokenService({
      ...options,
      oidc,
      oidcKeys: createLocalJWKSet({ keys: [otherKey] }),
    });
    await expect(tokens.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
