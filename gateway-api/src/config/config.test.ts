import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const REPO = resolve(__dirname, '..', '..', '..');

test('defaults suit the local network', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    host: '127.0.0.1',
    port: 3000,
    networkProfilePath: resolve(REPO, '.scf/network/profile.json'),
    dataDir: resolve(REPO, '.scf/gateway'),
    caRegistrarSecret: 'adminpw',
    adminPassword: 'adminpw',
    keyEncryptionKey: undefined,
    jwtSecret: undefined,
    oidc: undefined,
    maxInFlightSubmits: 64,
    bodyLimitBytes: 65_536,
  });
});

test('reads every variable, empty ones falling back to their defaults', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  const config = loadConfig({
    SCF_PORT: '8080',
    SCF_HOST: '',
    SCF_KEY_ENCRYPTION_KEY: key,
    SCF_JWT_SECRET: 's'.repeat(32),
    SCF_OIDC_ISSUER: 'https://issuer.example',
    SCF_OIDC_JWKS_URI: 'https://issuer.example/jwks',
    SCF_OIDC_AUDIENCE: 'scf',
    SCF_TRUST_PROXY: 'true',
    SCF_EVENTS_ORG: 'banka',
  });
  expect(config.port).toBe(8080);
  expect(config.host).toBe('127.0.0.1');
  expect(config.keyEncryptionKey?.equals(Buffer.alloc(32, 1))).toBe(true);
  expect(config.oidc).toEqual({
    issuer: 'https://issuer.example',
    jwksUri: 'https://issuer.example/jwks',
    audience: 'scf',
    usernameClaim: 'preferred_username',
  });
  expect(config.trustProxy).toBe(true);
  expect(config.eventsOrg).toBe('banka');
});

test.each([
  [{ SCF_PORT: 'eighty' }, 'SCF_PORT'],
  [{ SCF_PORT: '70000' }, 'SCF_PORT'],
  [{ SCF_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, 'SCF_KEY_ENCRYPTION_KEY'],
  [{ SCF_JWT_SECRET: 'short' }, 'SCF_JWT_SECRET'],
  [{ SCF_OIDC_ISSUER: 'https://issuer.example' }, 'SCF_OIDC_ISSUER'],
  [{ SCF_EVENTS_ORG: 'bankc' }, 'SCF_EVENTS_ORG'],
  [{ SCF_TRUST_PROXY: 'yes' }, 'SCF_TRUST_PROXY'],
  [{ SCF_LOG_LEVEL: 'loud' }, 'SCF_LOG_LEVEL'],
])('refuses to start on bad configuration %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(variable);
});
