import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const REPO = resolve(__dirname, '..', '..', '..');

const DEV = { SCF_DEV_MODE: 'true' };

test('defaults suit the local network (in local development mode)', () => {
  const config = loadConfig(DEV);
  expect(config).toMatchObject({
    host: '127.0.0.1',
    port: 3000,
    networkProfilePath: resolve(REPO, '.scf/network/profile.json'),
    dataDir: resolve(REPO, '.scf/gateway'),
    caRegistrarSecret: 'adminpw',
    adminPassword: 'adminpw',
    devMode: true,
    keyEncryptionKey: undefined,
    jwtSecret: undefined,
    oidc: undefined,
    maxInFlightSubmits: 64,
    maxInFlightWrites: 64,
    bodyLimitBytes: 65_536,
  });
});

test('reads every variable, empty ones falling back to their defaults', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  const config = loadConfig({
    SCF_ADMIN_PASSWORD: 'a-real-admin-password',
    SCF_CA_REGISTRAR_SECRET: 'a-real-registrar-secret',
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
  expect(config.devMode).toBe(false);
  expect(config.adminPassword).toBe('a-real-admin-password');
});

const PRODUCTION = {
  SCF_ADMIN_PASSWORD: 'a-real-admin-password',
  SCF_CA_REGISTRAR_SECRET: 'a-real-registrar-secret',
  SCF_JWT_SECRET: 's'.repeat(32),
};

test.each([
  [{ ...PRODUCTION, SCF_ADMIN_PASSWORD: undefined }, 'SCF_ADMIN_PASSWORD'],
  [{ ...PRODUCTION, SCF_ADMIN_PASSWORD: 'adminpw' }, 'SCF_ADMIN_PASSWORD'],
  [{ ...PRODUCTION, SCF_ADMIN_PASSWORD: '' }, 'SCF_ADMIN_PASSWORD'],
  [{ ...PRODUCTION, SCF_CA_REGISTRAR_SECRET: 'adminpw' }, 'SCF_CA_REGISTRAR_SECRET'],
  [{ ...PRODUCTION, SCF_JWT_SECRET: undefined }, 'SCF_JWT_SECRET'],
  [{ ...PRODUCTION, SCF_DEV_MODE: 'false', SCF_ADMIN_PASSWORD: 'adminpw' }, 'SCF_ADMIN_PASSWORD'],
])('outside local development, refuses to start with a default or absent secret: %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}[\\s\\S]*SCF_DEV_MODE=true`));
});

test('outside local development, every default secret is named at once', () => {
  expect(() => loadConfig({})).toThrow(
    /SCF_ADMIN_PASSWORD[\s\S]*SCF_CA_REGISTRAR_SECRET[\s\S]*SCF_JWT_SECRET/,
  );
});

test('SCF_DEV_MODE=true allows the local defaults', () => {
  expect(loadConfig({ SCF_DEV_MODE: 'true', SCF_ADMIN_PASSWORD: 'adminpw' }).adminPassword).toBe('adminpw');
  expect(() => loadConfig(PRODUCTION)).not.toThrow();
});

test.each([
  [{ SCF_PORT: 'eighty' }, 'SCF_PORT'],
  [{ SCF_PORT: '70000' }, 'SCF_PORT'],
  [{ SCF_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, 'SCF_KEY_ENCRYPTION_KEY'],
  [{ SCF_JWT_SECRET: 'short' }, 'SCF_JWT_SECRET'],
  [{ SCF_OIDC_ISSUER: 'https://issuer.example' }, 'SCF_OIDC_ISSUER'],
  [{ SCF_EVENTS_ORG: 'Bank C' }, 'SCF_EVENTS_ORG'],
  [{ SCF_TRUST_PROXY: 'yes' }, 'SCF_TRUST_PROXY'],
  [{ SCF_LOG_LEVEL: 'loud' }, 'SCF_LOG_LEVEL'],
])('refuses to start on bad configuration %j', (env, variable) => {
  expect(() => loadConfig({ ...DEV, ...env })).toThrow(ConfigError);
  expect(() => loadConfig({ ...DEV, ...env })).toThrow(variable);
});
